/**
 * The one Decimal the engine computes with. Every amount, price, quantity and rate is a Decimal,
 * never a binary floating-point number (SPEC §3, §4 "Money").
 *
 * Precision 40 significant digits is far beyond any amount Excel can hold (15 digits), so the only
 * rounding that changes a value is the explicit rounding the rules ask for. ROUND_HALF_UP in
 * decimal.js is half away from zero, the "Normal" rounding of D365 and Excel's ROUND (STYLE.md).
 */
import DecimalJs from "decimal.js";

export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;
export type RoundingMode = DecimalJs.Rounding;

export const ZERO: Decimal = new Decimal(0);
export const HUNDRED: Decimal = new Decimal(100);

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
