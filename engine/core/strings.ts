/**
 * A string that holds its own characters. Text cut out of a larger text (a cell out of a file's text)
 * may be kept as a view of the whole, and keeping it alive keeps the whole file's text alive; a value
 * that is kept for the length of a run is copied. Short strings are always copied already.
 */
export function ownCopy(text: string): string {
  return text.length >= 13 ? `${text} `.slice(0, -1) : text;
}
