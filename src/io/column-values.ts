import { ownCopy, textHash, worthSharing } from "../../engine/core/strings";
import { narrowedCopy } from "./text";

/** `ColumnValues` keys its values by `textHash`. */
export { textHash };

/** `String.prototype.charCodeAt`, held by this module: why, at `codeAt` in text.ts. */
const codeAt: (this: string, index: number) => number = String.prototype.charCodeAt;

const GOLDEN = 0x9e3779b1;
/** Far more than a table at most half full needs, short of what values chosen to collide would cost. */
const MAX_PROBES = 64;

/** Whether `value` is the text of `text` from `from` (its length is checked already). */
function sameText(value: string, text: string, from: number): boolean {
  for (let i = 0; i < value.length; i++) if (codeAt.call(value, i) !== codeAt.call(text, from + i)) return false;
  return true;
}

/**
 * One column's repeated values held once: a sheet of a million rows names the same projects, categories,
 * dates and resources over and over. A column of mostly distinct values (ids, amounts) stops sharing (`worthSharing`).
 * A value is always a string of its own, never a view of the file's text that would keep the whole text alive.
 *
 * The values are found by a hash of their characters in a table of its own (open addressing), so that a reader
 * can look a value up where it lies in the file's text (`sharedRange`) and cut it out only when it is new: most
 * cells of a sheet repeat a value above them, and cutting each out only to find it known cost a string per cell.
 */
export class ColumnValues {
  /** Per slot, the index of a value plus one (0: empty); null once the column stops sharing. */
  private slots: Int32Array | null = new Int32Array(64);
  /** A slot is the top bits of the hash times the golden ratio (Fibonacci hashing): this many bits are dropped. */
  private shift = 32 - 6;
  private readonly values: string[] = [];
  private readonly hashes: number[] = [];
  private reads = 0;
  /** How a value becomes a string of its own: narrowed when the text it comes from holds a character past Latin-1. */
  private readonly copy: (value: string) => string;

  /**
   * `wide`: the values come from a text that holds a character past Latin-1 (`PAST_LATIN1`), so that each is kept
   * as a string with one byte a character where it can be (`narrowedCopy`).
   */
  constructor(wide = false) {
    this.copy = wide ? narrowedCopy : ownCopy;
  }

  /** Whether the column still holds its values (`worthSharing`); once not, a value is only ever itself. */
  get sharing(): boolean {
    return this.slots !== null;
  }

  /** `value` as the column's value; `wide` as for the column, for this value alone (a part of a file may be wide). */
  shared(value: string, wide?: boolean): string {
    const copy = wide === undefined ? this.copy : wide ? narrowedCopy : ownCopy;
    if (!this.slots) return copy(value);
    return this.sharedRange(value, 0, value.length, textHash(value, 0, value.length), copy);
  }

  /** Characters `from` to `to` of `text` (whose `textHash` is `hash`) as the column's value, made with `copy` when new. */
  sharedRange(text: string, from: number, to: number, hash: number, copy = this.copy): string {
    const slots = this.slots;
    if (!slots) return copy(text.slice(from, to));
    this.reads++;
    const mask = slots.length - 1;
    const length = to - from;
    let slot = Math.imul(hash, GOLDEN) >>> this.shift;
    let probes = 0;
    for (let k = slots[slot]; k !== 0; k = slots[slot]) {
      const value = this.values[k - 1];
      if (this.hashes[k - 1] === hash && value.length === length && sameText(value, text, from)) return value;
      slot = (slot + 1) & mask;
      // Values made to share a hash (the hash is not seeded) would make every lookup walk all of them: stop sharing.
      if (++probes > MAX_PROBES) {
        this.stopSharing();
        return copy(text.slice(from, to));
      }
    }
    const own = copy(from === 0 && to === text.length ? text : text.slice(from, to));
    this.values.push(own);
    this.hashes.push(hash);
    slots[slot] = this.values.length;
    if (!worthSharing(this.values.length, this.reads)) this.stopSharing();
    else if (this.values.length * 2 > slots.length) this.grow();
    return own;
  }

  private grow(): void {
    const slots = new Int32Array((this.slots as Int32Array).length * 2);
    const mask = slots.length - 1;
    this.shift--;
    for (let k = 0; k < this.values.length; k++) {
      let slot = Math.imul(this.hashes[k], GOLDEN) >>> this.shift;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = k + 1;
    }
    this.slots = slots;
  }

  private stopSharing(): void {
    this.slots = null;
    this.values.length = 0;
    this.hashes.length = 0;
  }
}
