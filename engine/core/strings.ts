/**
 * A string that holds its own characters. Text cut out of a larger text (a cell out of a file's text)
 * may be kept as a view of the whole, and keeping it alive keeps the whole file's text alive; a value
 * that is kept for the length of a run is copied. Short strings are always copied already.
 */
export function ownCopy(text: string): string {
  return text.length >= 13 ? `${text} `.slice(0, -1) : text;
}

/**
 * Whether a column's memo of distinct values still pays: always for its first 20,000 values, then as long
 * as at most a quarter of the values read so far were new (each shared by four rows or more, which is what
 * the memo costs). A column of ids (each value new) stops there; a column that repeats a value per few rows
 * (the pro-forma of its lines, say) is shared however many distinct values it has, so a larger sheet does not
 * fall off a cliff at some count. At most a quarter of a sheet's rows are ever held per column.
 */
export function worthSharing(distinct: number, reads: number): boolean {
  return distinct <= 20_000 || distinct * 4 <= reads;
}

/** `String.prototype.charCodeAt` held by this module, for texts of any layout (docs/performance.md, twelfth round). */
const codeAt: (this: string, index: number) => number = String.prototype.charCodeAt;

/**
 * A hash of characters `from` to `to` of `text` (31-polynomial), for tables that find a text by its characters: ids
 * (`IdIndex`) and a column's values (`ColumnValues`). Not seeded: each table bounds its probes.
 */
export function textHash(text: string, from: number, to: number): number {
  let h = 0;
  for (let i = from; i < to; i++) h = (Math.imul(h, 31) + codeAt.call(text, i)) | 0;
  return h;
}
