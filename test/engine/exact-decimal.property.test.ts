/**
 * The engine's exact decimal against decimal.js as an oracle: for generated values (small and beyond 2^53,
 * up to 20 decimals, negative, zero, exponent notation) every operation the engine uses gives the same
 * result as decimal.js configured as the engine always was (40 significant digits, half away from zero).
 */
import fc from "fast-check";
import DecimalJs from "decimal.js";
import { Decimal, DecimalSum } from "../../engine/core/exact-decimal";
import { roundTo } from "../../engine/core/money";
import { plainDecimal } from "../../engine/core/plain-decimal";

const Oracle = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });

const decimalText = fc.oneof(
  fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 20 })).map(([neg, digits, scale]) => {
    const s = digits.toString().padStart(scale + 1, "0");
    const text = scale ? `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}` : s;
    return neg ? `-${text}` : text;
  }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => (n / 1000).toString()),
  fc.integer({ min: -99999, max: 99999 }).map((n) => `${(n / 100).toFixed(2)}5`),
  fc.constantFrom("0", "-0", "0.00", "+5", "5.", ".5", "-.50", "007.10", "999999999999999", "-99999999999999.9", "100", "10000", "0.01", "1", "125", "1e20", "2.5e3", "1E-7", "-12.34e-5", "9007199254740993", "0.1"),
);

/** decimal.js keeps a signed zero ("-0" from rounding -0.015); the engine never shows one, by design. */
const unsigned = (text: string) => text.replace(/^-(0(\.0+)?)$/, "$1");
const same = (mine: Decimal, theirs: InstanceType<typeof Oracle>) => expect(mine.toString()).toBe(unsigned(theirs.toString()));

describe("exact decimal = decimal.js", () => {
  test("parsing, text, decimal places and the signs", () => {
    fc.assert(fc.property(decimalText, (t) => {
      const a = new Decimal(t);
      const o = new Oracle(t);
      same(a, o);
      expect(a.decimalPlaces()).toBe(o.decimalPlaces());
      expect(a.isZero()).toBe(o.isZero());
      expect(a.isNegative()).toBe(o.isNegative() && !o.isZero());
      expect(a.toFixed(2)).toBe(unsigned(o.toFixed(2)));
      expect(a.toFixed(0)).toBe(unsigned(o.toFixed(0)));
      same(a.negated(), o.negated());
      same(a.abs(), o.abs());
      same(a.trunc(), o.trunc());
      // Output text: at least n decimals, trailing zeros beyond them dropped.
      for (const n of [0, 2]) {
        const plain = unsigned(o.toString());
        const places = o.decimalPlaces();
        expect(a.toPlain(n)).toBe(places >= n ? plain : unsigned(o.toFixed(n)));
        // Handed to a writer, with or without its sign turned: the text of the value, or of its negation.
        for (const negated of [false, true]) {
          const cells: string[] = [];
          a.writePlain({ text: (v) => cells.push(v ?? ""), decimal: (units, scale, min) => cells.push(plainDecimal(units, scale, min)) }, n, negated);
          expect(cells).toEqual([(negated ? a.negated() : a).toPlain(n)]);
        }
      }
    }), { seed: 11, numRuns: 3000 });
  });

  test("plus, minus, times, div and comparisons", () => {
    fc.assert(fc.property(decimalText, decimalText, (x, y) => {
      const [a, b, p, q] = [new Decimal(x), new Decimal(y), new Oracle(x), new Oracle(y)];
      same(a.plus(b), p.plus(q));
      same(a.minus(b), p.minus(q));
      same(a.times(b), p.times(q));
      if (!q.isZero()) same(a.div(b), p.div(q));
      expect(a.comparedTo(b)).toBe(p.comparedTo(q));
      expect(a.eq(b)).toBe(p.eq(q));
      expect([a.gt(b), a.gte(b), a.lt(b), a.lte(b)]).toEqual([p.gt(q), p.gte(q), p.lt(q), p.lte(q)]);
    }), { seed: 12, numRuns: 3000 });
  });

  test("rounding to any number of places by each mode the engine uses", () => {
    const modes = [Decimal.ROUND_UP, Decimal.ROUND_DOWN, Decimal.ROUND_HALF_UP, Decimal.ROUND_CEIL, Decimal.ROUND_FLOOR] as const;
    fc.assert(fc.property(decimalText, fc.integer({ min: 0, max: 6 }), fc.constantFrom(...modes), (t, places, mode) => {
      same(new Decimal(t).toDecimalPlaces(places, mode), new Oracle(t).toDecimalPlaces(places, mode));
    }), { seed: 13, numRuns: 3000 });
  });

  test("rounding to a multiple of a step (money.ts roundTo) is round(x / step) × step, for powers of ten and other steps", () => {
    const methods = { Normal: DecimalJs.ROUND_HALF_UP, Downward: DecimalJs.ROUND_DOWN, "Rounding-up": DecimalJs.ROUND_UP } as const;
    const steps = ["1", "0.1", "0.01", "0.010", "0.001", "0.05", "0.25", "5", "10", "-0.01"];
    fc.assert(fc.property(decimalText, fc.constantFrom(...steps), fc.constantFrom("Normal", "Downward", "Rounding-up") as fc.Arbitrary<keyof typeof methods>, (t, step, method) => {
      const size = new Oracle(step).abs();
      same(roundTo(new Decimal(t), new Decimal(step), method), new Oracle(t).div(size).toDecimalPlaces(0, methods[method]).times(size));
    }), { seed: 15, numRuns: 3000 });
  });

  test("a step is seen as 10^-k only when it is, and always for k up to 15", () => {
    // 10^-k written as 1e-k, as 0.0…1 and as 0.0…10.
    const powers = fc.integer({ min: 0, max: 20 }).chain((k) => {
      const plain = k === 0 ? "1" : `0.${"0".repeat(k - 1)}1`;
      return fc.constantFrom(`1e-${k}`, plain, k === 0 ? "1.0" : `${plain}0`);
    });
    fc.assert(fc.property(fc.oneof(decimalText, powers), (t) => {
      const k = new Decimal(t).powerOfTenPlaces();
      const o = new Oracle(t);
      const isPower = o.isPositive() && !o.isZero() && o.lte(1) && new Oracle(10).pow(-o.decimalPlaces()).eq(o);
      if (k !== null) expect(isPower && k === o.decimalPlaces()).toBe(true);
      else expect(isPower && o.decimalPlaces() <= 15).toBe(false);
    }), { seed: 16, numRuns: 3000 });
  });

  test("a running sum (the trial balance's) is exactly the sum of its terms, added or subtracted, whatever their scale or size", () => {
    fc.assert(fc.property(fc.array(fc.tuple(decimalText, fc.boolean()), { maxLength: 40 }), fc.constantFrom(0, 2, 4), (terms, scale) => {
      const sum = new DecimalSum(scale);
      let theirs = new Oracle(0);
      for (const [t, subtract] of terms) {
        if (subtract) sum.subtract(new Decimal(t));
        else sum.add(new Decimal(t));
        theirs = subtract ? theirs.minus(new Oracle(t)) : theirs.plus(new Oracle(t));
      }
      same(sum.value, theirs);
    }), { seed: 17, numRuns: 2000 });
  });

  test("chains of operations stay equal (a rounded conversion, a sum of many amounts)", () => {
    fc.assert(fc.property(fc.array(fc.tuple(decimalText, decimalText), { maxLength: 30 }), (pairs) => {
      let mine = new Decimal(0);
      let theirs = new Oracle(0);
      for (const [amount, rate] of pairs) {
        mine = mine.plus(new Decimal(amount).times(new Decimal(rate)).div(100).toDecimalPlaces(2));
        theirs = theirs.plus(new Oracle(amount).times(new Oracle(rate)).div(100).toDecimalPlaces(2));
      }
      same(mine, theirs);
    }), { seed: 14, numRuns: 500 });
  });
});
