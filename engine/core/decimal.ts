/**
 * The one Decimal the engine computes with. Every amount, price, quantity and rate is a Decimal,
 * never a binary floating-point number (SPEC §3, §4 "Money").
 *
 * It is exact: integers below 2^53 in the hot path, decimal.js with 40 significant digits beyond that
 * and for true division (exact-decimal.ts). The only rounding that changes a value is the explicit
 * rounding the rules ask for; ROUND_HALF_UP is half away from zero, the "Normal" rounding of D365 and
 * Excel's ROUND (STYLE.md).
 */
import { Decimal, DecimalSum } from "./exact-decimal";

export { Decimal, DecimalSum };
export type { RoundingMode } from "./exact-decimal";

export const ZERO: Decimal = new Decimal(0);
export const HUNDRED: Decimal = new Decimal(100);

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
