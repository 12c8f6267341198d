/**
 * Rounding of amounts. DOMAIN.md §6.3: round(x / precision) × precision, with a method.
 * - Normal: half away from zero (D365 "Normal", Excel ROUND).
 * - Downward: towards zero, so a credit note mirrors its invoice.
 * - Rounding-up: away from zero, for the same reason.
 */
import { Decimal, type RoundingMode } from "./decimal";

export type RoundingMethod = "Normal" | "Downward" | "Rounding-up";

export const DEFAULT_ROUNDING: Decimal = new Decimal("0.01");
const ONE = new Decimal(1);

const MODE: Record<RoundingMethod, RoundingMode> = {
  Normal: Decimal.ROUND_HALF_UP,
  Downward: Decimal.ROUND_DOWN,
  "Rounding-up": Decimal.ROUND_UP,
};

/**
 * Rounds `value` to a multiple of `precision` (0.01, 0.05, 1, …). A zero precision (a round-off of 0.00) rounds
 * Normal to 0.01, and Downward and Rounding-up to whole units (DOMAIN.md §6.3, the settlement rounding table).
 */
export function roundTo(value: Decimal, precision: Decimal = DEFAULT_ROUNDING, method: RoundingMethod = "Normal"): Decimal {
  const step = precision.isZero() ? (method === "Normal" ? DEFAULT_ROUNDING : ONE) : precision.abs();
  // A step of 0.01 (or 1, 0.1, …) is rounding to that many decimals, without the division.
  const places = step.powerOfTenPlaces();
  const rounded = places !== null ? value.toDecimalPlaces(places, MODE[method]) : value.div(step).toDecimalPlaces(0, MODE[method]).times(step);
  // -0 never reaches an output: a rounded zero is zero.
  return rounded.isZero() ? new Decimal(0) : rounded;
}

/**
 * Text of an amount for output: exact, at least two decimals, '.' as separator, no thousands separator.
 * This runs for every amount of every output row.
 */
export function formatAmount(value: Decimal): string {
  return value.toPlain(2);
}

/** Text of a quantity, price or rate for output: exact, as few decimals as it needs. */
export function formatNumber(value: Decimal): string {
  return value.toPlain(0);
}

/** An amount as a person reads it in a message: thousands separated, at least two decimals (8,470.00). */
export function describeAmount(value: Decimal): string {
  const text = formatAmount(value);
  const negative = text.startsWith("-");
  const [whole, fraction] = (negative ? text.slice(1) : text).split(".");
  return `${negative ? "-" : ""}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction}`;
}
