/**
 * Decimal text from exact parts: the integer units and the scale of a value (value = units ÷ 10^scale).
 * The engine's Decimal writes itself with these, and so do the output tables' text cells (workbook.ts).
 */

/** "00" … "99": the two decimals of an amount, the usual case, without slicing. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/**
 * The plain text of units ÷ 10^scale (|units| ≤ 2^53, scale ≤ 15) with at least `minPlaces` decimals:
 * trailing zeros dropped down to that many and added up to it; zero has no sign. `toPlain` of the fast form.
 */
export function plainDecimal(units: number, scale: number, minPlaces: number): string {
  while (scale > minPlaces && units % 10 === 0) {
    units /= 10;
    scale--;
  }
  if (units === 0) return minPlaces > 0 ? `0.${"0".repeat(minPlaces)}` : "0";
  const text = digits(units, scale);
  if (scale >= minPlaces) return text;
  return (scale === 0 ? `${text}.` : text) + "0".repeat(minPlaces - scale);
}

/** The text of `units` ÷ 10^scale, exactly `scale` decimals. */
export function digits(units: number, scale: number): string {
  const negative = units < 0;
  if (scale === 2) {
    const abs = negative ? -units : units;
    const cents = abs % 100;
    const whole = (abs - cents) / 100;
    return negative ? `-${whole}.${TWO_DIGITS[cents]}` : `${whole}.${TWO_DIGITS[cents]}`;
  }
  let text = String(Math.abs(units));
  if (scale > 0) {
    if (text.length <= scale) text = "0".repeat(scale - text.length + 1) + text;
    text = `${text.slice(0, text.length - scale)}.${text.slice(text.length - scale)}`;
  }
  return negative ? `-${text}` : text;
}
