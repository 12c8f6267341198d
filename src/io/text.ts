/** Small text checks shared by the CSV and .xlsx writers. */

/**
 * Whether text starts or ends with white space (which a CSV field keeps only when quoted, and an .xlsx
 * `<t>` only with xml:space="preserve"). Checks the two end characters before anything else.
 */
export function startsOrEndsWithSpace(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(n - 1);
  return (first <= 32 || first > 126 || last <= 32 || last > 126) && text !== text.trim();
}
