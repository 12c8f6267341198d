/**
 * UTF-8 bytes gathered into a buffer and handed on when it fills: output rows are encoded as they are
 * formatted, with no intermediate strings.
 */
import { plainDecimal } from "../../engine/core/plain-decimal";

/** `String.prototype.charCodeAt`, held by this module: why, at `codeAt` in text.ts. */
const codeAt: (this: string, index: number) => number = String.prototype.charCodeAt;

const NO_STOP = new Uint8Array(128);
const POW10: readonly number[] = Array.from({ length: 17 }, (_, i) => 10 ** i);
const INT32_MAX = 0x7fffffff;
const INT32_POW10 = Int32Array.from({ length: 10 }, (_, i) => 10 ** i);

/** The digits of a whole number from 0 to 2^31 − 1 at `at`; returns where they end. */
function writeSmallDigits(b: Uint8Array, at: number, value: number): number {
  let length = 1;
  while (length < 10 && value >= INT32_POW10[length]) length++;
  for (let i = at + length - 1; i >= at; i--) {
    const next = (value / 10) | 0;
    b[i] = 48 + value - next * 10;
    value = next;
  }
  return at + length;
}

/**
 * Where the buffer for the next piece comes from:
 * - `"reuse"`: the same one, filled again after `emit` returns (so `emit` must use or copy the bytes at once);
 * - an array of spare buffers of the pieces' size, which the consumer hands back (`spareOf`) once it is done
 *   with a piece: a new buffer only when none is spare. Fresh megabytes on every piece make the collector
 *   sweep a large heap far more often than the bytes themselves would call for.
 */
export type PieceBuffers = "reuse" | Uint8Array[];

/** The whole buffer behind a piece, to hand back to the spares. */
export const spareOf = (piece: Uint8Array): Uint8Array => new Uint8Array(piece.buffer, piece.byteOffset);

export class Utf8Pieces {
  private buffer: Uint8Array;
  private at = 0;
  private readonly encoder = new TextEncoder();

  constructor(private readonly emit: (bytes: Uint8Array) => void, private readonly size: number, private readonly buffers: PieceBuffers) {
    this.buffer = this.nextBuffer();
  }

  private nextBuffer(): Uint8Array {
    const spare = typeof this.buffers === "object" ? this.buffers.pop() : undefined;
    return spare && spare.length >= this.size ? spare : new Uint8Array(this.size);
  }

  text(s: string): void {
    this.textUnless(s, NO_STOP);
  }

  /**
   * Writes `s` unless it holds a character marked in `stop` (a table over the 128 ASCII codes), or with
   * `asciiOnly` any character past ASCII; then writes nothing and returns false. Checks and encodes in one pass.
   */
  textUnless(s: string, stop: Uint8Array, asciiOnly = false): boolean {
    const n = s.length;
    // A UTF-16 unit takes at most three bytes.
    if (this.at + 3 * n > this.size) {
      this.flush();
      if (3 * n > this.size) {
        for (let i = 0; i < n; i++) {
          const c = codeAt.call(s, i);
          if (c < 128 ? stop[c] : asciiOnly) return false;
        }
        this.emit(this.encoder.encode(s));
        return true;
      }
    }
    const b = this.buffer;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = codeAt.call(s, i);
      // Past ASCII (rare): the rest in a method of its own, out of the loop every cell runs through.
      if (c >= 128) return asciiOnly ? false : this.restPastAscii(s, i, at, stop);
      if (stop[c]) return false;
      b[at++] = c;
    }
    this.at = at;
    return true;
  }

  /** `textUnless` from character `i` (past ASCII) of `s` on, its first `i` characters written up to `at`. */
  private restPastAscii(s: string, i: number, at: number, stop: Uint8Array): boolean {
    for (let j = i + 1; j < s.length; j++) {
      const d = codeAt.call(s, j);
      if (d < 128 && stop[d]) return false;
    }
    this.at = at + this.encoder.encodeInto(s.slice(i), this.buffer.subarray(at)).written;
    return true;
  }

  /**
   * One cell in one go: `value` between fixed parts, `open`, the first `rowLength` bytes of `row` and `start`
   * before it, `end` after it.
   * Returns false, writing nothing, when `value` holds a character marked in `stop` or any past ASCII (the
   * caller then writes the cell the long way), or when the cell would not fit one piece.
   */
  framedAscii(open: Uint8Array, row: Uint8Array, rowLength: number, start: Uint8Array, value: string, stop: Uint8Array, end: Uint8Array): boolean {
    const n = value.length;
    const size = open.length + rowLength + start.length + n + end.length;
    if (this.at + size > this.size) {
      if (size > this.size) return false;
      this.flush();
    }
    const b = this.buffer;
    let at = this.at + open.length + rowLength + start.length;
    for (let i = 0; i < n; i++) {
      const c = codeAt.call(value, i);
      if (c >= 128 || stop[c]) return false;
      b[at++] = c;
    }
    // The fixed parts by block copy: a cell's markup is most of an .xlsx sheet's bytes.
    b.set(end, at);
    at += end.length;
    let head = this.at;
    b.set(open, head);
    head += open.length;
    for (let i = 0; i < rowLength; i++) b[head++] = row[i];
    b.set(start, head);
    this.at = at;
    return true;
  }

  /** Bytes encoded once and written many times (the fixed parts of a cell, say): the first `n` of `encoded`. */
  bytes(encoded: Uint8Array, n = encoded.length): void {
    if (this.at + n > this.size) {
      this.flush();
      if (n > this.size) {
        this.emit(encoded.slice(0, n));
        return;
      }
    }
    const b = this.buffer;
    let at = this.at;
    for (let i = 0; i < n; i++) b[at++] = encoded[i];
    this.at = at;
  }

  /**
   * The text of `plainDecimal(units, scale, minPlaces)` (engine/core/plain-decimal.ts), its digits written
   * straight into the buffer: an amount on its way out never becomes a string.
   */
  decimal(units: number, scale: number, minPlaces: number): void {
    // A sign, 16 digits before the point, the point and the decimals at most.
    const room = 18 + Math.max(scale, minPlaces);
    if (this.at + room > this.size) {
      this.flush();
      // Pieces smaller than a number (tests use tiny ones): as text, which may span pieces.
      if (room > this.size) {
        this.text(plainDecimal(units, scale, minPlaces));
        return;
      }
    }
    const b = this.buffer;
    let at = this.at;
    // -0 is not below zero: zero has no sign.
    const negative = units < 0;
    if (negative) units = -units;
    let whole: number;
    let fraction: number;
    if (units <= INT32_MAX && scale <= 9) {
      // The usual amount: 32-bit integer division, not the floating-point remainder.
      let small = units | 0;
      for (let next = (small / 10) | 0; scale > minPlaces && small === next * 10; next = (small / 10) | 0) {
        small = next;
        scale--;
      }
      const step = INT32_POW10[scale];
      whole = (small / step) | 0;
      fraction = small - whole * step;
      if (negative) b[at++] = 45; // -
      at = writeSmallDigits(b, at, whole);
    } else {
      while (scale > minPlaces && units % 10 === 0) {
        units /= 10;
        scale--;
      }
      if (negative) b[at++] = 45; // -
      fraction = units % POW10[scale];
      whole = (units - fraction) / POW10[scale];
      let length = 1;
      while (length < 16 && whole >= POW10[length]) length++;
      for (let i = at + length - 1; i >= at; i--) {
        const digit = whole % 10;
        b[i] = 48 + digit;
        whole = (whole - digit) / 10;
      }
      at += length;
    }
    if (scale > 0 || minPlaces > 0) {
      b[at++] = 46; // .
      if (fraction <= INT32_MAX) {
        let rest = fraction | 0;
        for (let i = at + scale - 1; i >= at; i--) {
          const next = (rest / 10) | 0;
          b[i] = 48 + rest - next * 10;
          rest = next;
        }
      } else {
        let rest = fraction;
        for (let i = at + scale - 1; i >= at; i--) {
          const digit = rest % 10;
          b[i] = 48 + digit;
          rest = (rest - digit) / 10;
        }
      }
      at += scale;
      for (let i = scale; i < minPlaces; i++) b[at++] = 48;
    }
    this.at = at;
  }

  byte(c: number): void {
    if (this.at >= this.size) this.flush();
    this.buffer[this.at++] = c;
  }

  /** Hands on what the buffer holds. With `last`, nothing more is written: no buffer is taken for more. */
  flush(last = false): void {
    if (this.at === 0) return;
    this.emit(this.buffer.subarray(0, this.at));
    if (this.buffers !== "reuse" && !last) this.buffer = this.nextBuffer();
    this.at = 0;
  }
}

