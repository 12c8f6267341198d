/**
 * Exact decimal numbers for the engine's hot path.
 *
 * A value is held as an integer `units` and a `scale` (value = units ÷ 10^scale) in plain JS numbers.
 * Integers below 2^53 are exact in a double, so adding, multiplying and rounding them by remainder is
 * exact; every operation checks that its result stays below 2^53 and otherwise hands over to decimal.js
 * (40 significant digits), as does any division that is not a shift by a power of ten. Results that
 * fit again (after rounding, say) come back to the fast form. The API is the part of decimal.js the engine
 * uses, with the same results: a differential property test checks it against decimal.js.
 */
import DecimalJs from "decimal.js";
import type { CellWriter } from "../workbook";
import { digits, plainDecimal } from "./plain-decimal";

/** decimal.js, configured as the engine always was: the exact fallback for wide values and true division. */
const Wide = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
type WideValue = InstanceType<typeof Wide>;

const SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SCALE = 15;
const POW10: readonly number[] = Array.from({ length: MAX_SCALE + 1 }, (_, i) => 10 ** i);

export type RoundingMode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** Raises `units` (at `from` decimals) to `to` decimals; NaN when that would pass 2^53. */
function rescale(units: number, from: number, to: number): number {
  if (from === to) return units;
  const scaled = units * POW10[to - from];
  return Math.abs(scaled) <= SAFE ? scaled : NaN;
}

const PLAIN = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export class Decimal {
  static readonly ROUND_UP = 0 as const;
  static readonly ROUND_DOWN = 1 as const;
  static readonly ROUND_CEIL = 2 as const;
  static readonly ROUND_FLOOR = 3 as const;
  static readonly ROUND_HALF_UP = 4 as const;

  /** The integer units of the fast form (value = units ÷ 10^scale); unused when `wide` is set. */
  private readonly units: number;
  private readonly scale: number;
  /** The decimal.js value, when the number does not fit the fast form. */
  private readonly wide: WideValue | null;

  /** `new Decimal("1,5")`-style values: text, a number, or another Decimal. */
  constructor(value: string | number | Decimal);
  /** @internal the fast form directly: `units` at `scale` decimals. */
  constructor(value: number, scale: number, wide?: WideValue | null);
  constructor(value: string | number | Decimal, scale?: number, wide: WideValue | null = null) {
    if (scale !== undefined) {
      this.units = value as number;
      this.scale = scale;
      this.wide = wide;
      return;
    }
    if (value instanceof Decimal) {
      this.units = value.units;
      this.scale = value.scale;
      this.wide = value.wide;
      return;
    }
    if (typeof value === "number" && Number.isSafeInteger(value)) {
      this.units = value === 0 ? 0 : value;
      this.scale = 0;
      this.wide = null;
      return;
    }
    const text = typeof value === "number" ? String(value) : value.trim();
    const parsed = parse(text);
    if (parsed) {
      this.units = parsed[0];
      this.scale = parsed[1];
      this.wide = null;
    } else {
      const w = new Wide(text);
      const fast = fromWide(w);
      this.units = fast ? fast.units : 0;
      this.scale = fast ? fast.scale : 0;
      this.wide = fast ? null : w;
    }
  }

  /**
   * The value as units at `fastScale` decimals, for a typed column to keep (`Decimal.fromFast` makes it again);
   * NaN when the value is wide and has no such form.
   */
  get fastUnits(): number {
    return this.wide ? NaN : this.units;
  }
  get fastScale(): number {
    return this.scale;
  }

  /** The value `units` ÷ 10^`scale`, as `fastUnits` and `fastScale` gave them. */
  static fromFast(units: number, scale: number): Decimal {
    return new Decimal(units, scale);
  }

  static max(a: Decimal, b: Decimal): Decimal {
    return a.comparedTo(b) >= 0 ? a : b;
  }

  private toWide(): WideValue {
    return this.wide ?? new Wide(this.units).div(POW10[this.scale] ?? new Wide(10).pow(this.scale));
  }

  private static of(w: WideValue): Decimal {
    const fast = fromWide(w);
    return fast ? new Decimal(fast.units, fast.scale) : new Decimal(0, 0, w);
  }

  plus(other: Decimal | number | string): Decimal {
    const b = other instanceof Decimal ? other : new Decimal(other);
    if (this.wide || b.wide) return Decimal.of(this.toWide().plus(b.toWide()));
    const scale = Math.max(this.scale, b.scale);
    const sum = rescale(this.units, this.scale, scale) + rescale(b.units, b.scale, scale);
    if (Math.abs(sum) <= SAFE) return new Decimal(sum === 0 ? 0 : sum, scale);
    return Decimal.of(this.toWide().plus(b.toWide()));
  }

  /** The units of this value at `scale` decimals when that is exact and below 2^53; null otherwise. */
  unitsAt(scale: number): number | null {
    if (this.wide || this.scale > scale || scale > MAX_SCALE) return null;
    const units = rescale(this.units, this.scale, scale);
    return Number.isNaN(units) ? null : units;
  }

  minus(other: Decimal | number | string): Decimal {
    const b = other instanceof Decimal ? other : new Decimal(other);
    return this.plus(b.negated());
  }

  times(other: Decimal | number | string): Decimal {
    const b = other instanceof Decimal ? other : new Decimal(other);
    if (!this.wide && !b.wide) {
      const product = this.units * b.units;
      let scale = this.scale + b.scale;
      if (Math.abs(product) <= SAFE) {
        let units = product === 0 ? 0 : product;
        while (scale > MAX_SCALE && units % 10 === 0) {
          units /= 10;
          scale--;
        }
        if (scale <= MAX_SCALE) return new Decimal(units, scale);
      }
    }
    return Decimal.of(this.toWide().times(b.toWide()));
  }

  div(other: Decimal | number | string): Decimal {
    const b = other instanceof Decimal ? other : new Decimal(other);
    if (!this.wide && !b.wide && b.units !== 0) {
      // Dividing by a power of ten is a shift of the scale: exact.
      const power = POW10.indexOf(Math.abs(b.units));
      if (power >= 0) {
        const sign = b.units < 0 ? -1 : 1;
        const scale = this.scale - b.scale + power;
        if (scale >= 0 && scale <= MAX_SCALE) return new Decimal(sign * this.units || 0, scale);
        if (scale < 0) {
          const units = this.units * POW10[-scale] * sign;
          if (Math.abs(units) <= SAFE) return new Decimal(units || 0, 0);
        }
      }
    }
    return Decimal.of(this.toWide().div(b.toWide()));
  }

  negated(): Decimal {
    return this.wide ? new Decimal(0, 0, this.wide.negated()) : new Decimal(this.units === 0 ? 0 : -this.units, this.scale);
  }

  abs(): Decimal {
    return this.isNegative() ? this.negated() : this;
  }

  isZero(): boolean {
    return this.wide ? this.wide.isZero() : this.units === 0;
  }

  isNegative(): boolean {
    return this.wide ? this.wide.isNegative() : this.units < 0;
  }

  isPositive(): boolean {
    return !this.isNegative();
  }

  comparedTo(other: Decimal | number | string): number {
    const b = other instanceof Decimal ? other : new Decimal(other);
    if (!this.wide && !b.wide) {
      const scale = Math.max(this.scale, b.scale);
      const x = rescale(this.units, this.scale, scale);
      const y = rescale(b.units, b.scale, scale);
      if (!Number.isNaN(x) && !Number.isNaN(y)) return x < y ? -1 : x > y ? 1 : 0;
      // Scales too far apart to align (1e15 against 0.01): the doubles carry each value to within a
      // relative 2^-53, so a gap wider than that orders them for certain.
      const fx = this.units / POW10[this.scale];
      const fy = b.units / POW10[b.scale];
      if (Math.abs(fx - fy) > 1e-15 * Math.max(Math.abs(fx), Math.abs(fy))) return fx < fy ? -1 : 1;
    }
    return this.toWide().comparedTo(b.toWide());
  }

  eq(other: Decimal | number | string): boolean {
    return this.comparedTo(other) === 0;
  }
  gt(other: Decimal | number | string): boolean {
    return this.comparedTo(other) > 0;
  }
  gte(other: Decimal | number | string): boolean {
    return this.comparedTo(other) >= 0;
  }
  lt(other: Decimal | number | string): boolean {
    return this.comparedTo(other) < 0;
  }
  lte(other: Decimal | number | string): boolean {
    return this.comparedTo(other) <= 0;
  }

  /** Rounds to `places` decimals: half away from zero unless another mode is given (decimal.js's modes 0–4). */
  toDecimalPlaces(places: number, mode: RoundingMode = Decimal.ROUND_HALF_UP): Decimal {
    if (this.wide) return Decimal.of(this.wide.toDecimalPlaces(places, mode as DecimalJs.Rounding));
    if (this.scale <= places) return this;
    const m = POW10[this.scale - places];
    const r = this.units % m;
    let q = (this.units - r) / m;
    if (r !== 0) {
      const sign = this.units < 0 ? -1 : 1;
      const away =
        mode === Decimal.ROUND_UP ? true
          : mode === Decimal.ROUND_DOWN ? false
            : mode === Decimal.ROUND_CEIL ? sign > 0
              : mode === Decimal.ROUND_FLOOR ? sign < 0
                : mode === Decimal.ROUND_HALF_UP ? 2 * Math.abs(r) >= m
                  : (() => { throw new Error(`rounding mode ${mode} is not supported`); })();
      if (away) q += sign;
    }
    return new Decimal(q === 0 ? 0 : q, places);
  }

  trunc(): Decimal {
    return this.toDecimalPlaces(0, Decimal.ROUND_DOWN);
  }

  /** k when the value is exactly 10^-k for a whole k from 0 to 15 (1, 0.1, 0.01, …); null otherwise. */
  powerOfTenPlaces(): number | null {
    if (this.wide) return null;
    // Asked on every rounding (money.ts roundTo): no pair of numbers made for the answer.
    const scale = significantScale(this.units, this.scale);
    return this.units === POW10[this.scale - scale] ? scale : null;
  }

  /** Decimals after the point, trailing zeros not counted. */
  decimalPlaces(): number {
    if (this.wide) return this.wide.decimalPlaces();
    return this.units === 0 ? 0 : significantScale(this.units, this.scale);
  }

  /** Short plain text (`-1250.50`, `.5`, `3`) read in one scan; null for any other text. */
  static fromPlainText(text: string): Decimal | null {
    const simple = scanPlain(text);
    return simple ? new Decimal(simple[0], simple[1]) : null;
  }

  /** Plain notation, never an exponent; trailing zeros dropped (as decimal.js writes it). */
  toString(): string {
    if (this.wide) return this.wide.toString();
    return this.toPlain(0);
  }

  /**
   * Plain notation with at least `minPlaces` decimals: trailing zeros are dropped down to that many, and
   * added up to it (1.5 at 2 is "1.50"; 1.125 stays "1.125"). Zero has no sign.
   */
  toPlain(minPlaces: number): string {
    if (this.wide) {
      const text = this.wide.isZero() ? "0" : this.wide.toString();
      const dot = text.indexOf(".");
      const have = dot < 0 ? 0 : text.length - dot - 1;
      if (have >= minPlaces) return text;
      return (dot < 0 ? `${text}.` : text) + "0".repeat(minPlaces - have);
    }
    return plainDecimal(this.units, this.scale, minPlaces);
  }

  /**
   * Hands the value (with `negated`, its negation) to a writer as its exact parts (`CellWriter.decimal`), or as
   * `toPlain` text when it is wide.
   */
  writePlain(to: CellWriter, minPlaces: number, negated = false): void {
    if (this.wide) to.text((negated ? this.negated() : this).toPlain(minPlaces));
    else to.decimal(negated && this.units !== 0 ? -this.units : this.units, this.scale, minPlaces);
  }

  /** Plain notation; with `places`, rounded half away from zero and padded to exactly that many decimals. */
  toFixed(places?: number): string {
    if (places === undefined) return this.toString();
    if (this.wide) return unsignedZero(this.wide.toFixed(places));
    const rounded = this.toDecimalPlaces(places);
    const units = places <= MAX_SCALE ? rescale(rounded.units, rounded.scale, places) : NaN;
    return Number.isNaN(units) ? unsignedZero(this.toWide().toFixed(places)) : digits(units, places);
  }

  valueOf(): string {
    return this.toString();
  }

  toJSON(): string {
    return this.toString();
  }
}

/** The scale of `units` ÷ 10^scale with its trailing zeros after the point dropped: 1.50 has one decimal. */
function significantScale(units: number, scale: number): number {
  while (scale > 0 && units % 10 === 0) {
    units /= 10;
    scale--;
  }
  return scale;
}

/** Rounding a tiny negative to zero gives "0.00", never "-0.00". */
function unsignedZero(text: string): string {
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/**
 * Short plain decimals (an optional sign, digits with at most one point, 15 characters at most, so
 * below 2^53): units and scale in one scan. Null for anything else, which `parse` reads by pattern.
 */
function scanPlain(text: string): [number, number] | null {
  const n = text.length;
  if (n === 0 || n > 15) return null;
  let i = 0;
  const first = text.charCodeAt(0);
  if (first === 45 || first === 43) i = 1;
  let units = 0;
  let scale = 0;
  let point = false;
  let digits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      digits++;
      if (point) scale++;
    } else if (c === 46 && !point) point = true;
    else return null;
  }
  if (digits === 0) return null;
  while (scale > 0 && units % 10 === 0) {
    units /= 10;
    scale--;
  }
  return [units === 0 ? 0 : first === 45 ? -units : units, scale];
}

/** Parses plain decimal text into units and scale; null when it does not fit the fast form. */
function parse(text: string): [number, number] | null {
  const simple = scanPlain(text);
  if (simple) return simple;
  const match = PLAIN.exec(text);
  if (!match || (match[2] === "" && (match[3] === undefined || match[3] === ""))) {
    if (match) return null;
    throw new Error(`[DecimalError] Invalid argument: ${text}`);
  }
  let integer = match[2] ?? "";
  let fraction = (match[3] ?? "").replace(/0+$/, "");
  const exponent = match[4] ? Number(match[4]) : 0;
  // Move the point by the exponent.
  if (exponent > 0) {
    const shift = fraction.slice(0, exponent).padEnd(exponent, "0");
    integer += shift;
    fraction = fraction.slice(exponent);
  } else if (exponent < 0) {
    const moved = integer.padStart(-exponent, "0");
    fraction = moved.slice(moved.length + exponent) + fraction;
    integer = moved.slice(0, moved.length + exponent);
  }
  fraction = fraction.replace(/0+$/, "");
  const all = (integer + fraction).replace(/^0+/, "");
  if (fraction.length > MAX_SCALE || all.length > 15) return null;
  const units = all === "" ? 0 : Number(all);
  return [units === 0 ? 0 : match[1] === "-" ? -units : units, fraction.length];
}

/** The fast form of a decimal.js value, when it fits. */
function fromWide(w: WideValue): { units: number; scale: number } | null {
  if (w.isZero()) return { units: 0, scale: 0 };
  const scale = w.decimalPlaces();
  if (scale > MAX_SCALE || w.precision(true) > 15) return null;
  const units = Number(w.times(POW10[scale]).toFixed(0));
  return Math.abs(units) <= SAFE ? { units, scale } : null;
}

/**
 * A running sum that allocates nothing per term: terms with at most `scale` decimals (amounts, at 2) are
 * added as integer units while the total stays below 2^53; any other term goes to an exact Decimal total.
 * The value is exactly the sum of the terms, as `plus` one after another would give it.
 */
export class DecimalSum {
  private units = 0;
  private rest: Decimal | null = null;

  constructor(private readonly scale = 2) {}

  add(term: Decimal): void {
    const units = term.unitsAt(this.scale);
    if (units !== null && Math.abs(this.units + units) <= SAFE) this.units += units;
    else this.rest = this.rest ? this.rest.plus(term) : term;
  }

  /** Adds the term with the other sign, without making its negation. */
  subtract(term: Decimal): void {
    const units = term.unitsAt(this.scale);
    if (units !== null && Math.abs(this.units - units) <= SAFE) this.units -= units;
    else this.rest = this.rest ? this.rest.minus(term) : term.negated();
  }

  get value(): Decimal {
    const units = new Decimal(this.units === 0 ? 0 : this.units, this.scale);
    return this.rest ? this.rest.plus(units) : units;
  }
}

