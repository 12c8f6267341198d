/** Small text checks and copies shared by the CSV and .xlsx readers and writers. */
import { ownCopy } from "../../engine/core/strings";

/**
 * `String.prototype.charCodeAt`, held by this module, for loops over the characters of any string: `codeAt.call(s,
 * i)`. Written `s.charCodeAt(i)`, the method is looked up on the string, and a place that meets strings of more than
 * four inner layouts (one or two bytes a character, cut out of a larger text, joined, literal) is no longer
 * optimised for any: one name past Latin-1 made the writers 30-55% slower (docs/performance.md, twelfth round).
 * Imported from another module, the function would be no constant to the optimiser either.
 */
const codeAt: (this: string, index: number) => number = String.prototype.charCodeAt;

/**
 * Whether text starts or ends with white space (which a CSV field keeps only when quoted, and an .xlsx
 * `<t>` only with xml:space="preserve"). Checks the two end characters before anything else.
 */
export function startsOrEndsWithSpace(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  const first = codeAt.call(text, 0);
  const last = codeAt.call(text, n - 1);
  return (first <= 32 || first > 126 || last <= 32 || last > 126) && text !== text.trim();
}

/** Characters past Latin-1: a text holding one is stored with two bytes a character, and so is all cut out of it. */
export const PAST_LATIN1 = /[^\u0000-\u00ff]/;

/** Longer values are rare (notes, long names) and stay as they are: narrowing pays for the many short ones. */
const NARROWED_UP_TO = 256;
const codes: number[] = [];

/**
 * `value`, cut out of a text that holds a character past Latin-1 (`PAST_LATIN1`), as a string of its own, stored
 * (by the JavaScript engine) with one byte a character when it holds none itself. A file's text holding one such character (a
 * name such as Łucja, a € sign) is stored with two bytes a character, and so is every cell cut out of it, ids,
 * dates and amounts too; the writers then went 30-55% slower over every table of a full sheet
 * (docs/performance.md, twelfth round). A value holding such a character, or longer than 256 characters, is a copy
 * as it is (`ownCopy`).
 */
export function narrowedCopy(value: string): string {
  const n = value.length;
  if (n > NARROWED_UP_TO) return ownCopy(value);
  for (let i = 0; i < n; i++) {
    const c = codeAt.call(value, i);
    if (c > 0xff) return ownCopy(value);
    codes[i] = c;
  }
  codes.length = n;
  return String.fromCharCode.apply(null, codes);
}
