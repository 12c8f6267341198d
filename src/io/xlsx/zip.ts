/**
 * The ZIP container of an .xlsx package: reading its directory and entries, and writing a new
 * package that copies unchanged entries byte for byte (they are never re-compressed, so input sheets
 * leave exactly as they came) and deflates new ones as a stream. Pure: bytes in, bytes out; it runs
 * in a browser and in Node alike.
 */
import { Deflate, Inflate } from "fflate";

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  readonly time: number;
  readonly date: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}
function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 2 ** 32;
}

const utf8 = new TextDecoder("utf-8");
const latin1 = new TextDecoder("latin1");

/** Lists the entries of a ZIP archive from its central directory. Throws a readable error on anything that is not a ZIP. */
const DIRECTORY_DAMAGED = "the workbook's ZIP directory is damaged; open it in Excel and save it again";

export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (u32(bytes, i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("the file is not an .xlsx workbook (no ZIP directory found); save it from Excel as Excel Workbook (*.xlsx)");
  let count = u16(bytes, eocd + 10);
  let offset = u32(bytes, eocd + 16);
  if ((offset === 0xffffffff || count === 0xffff) && eocd >= 20 && u32(bytes, eocd - 20) === ZIP64_EOCD_LOCATOR) {
    const zip64 = u64(bytes, eocd - 20 + 8);
    count = u64(bytes, zip64 + 32);
    offset = u64(bytes, zip64 + 48);
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (u32(bytes, p) !== CENTRAL) throw new Error(DIRECTORY_DAMAGED);
    const flags = u16(bytes, p + 8);
    const nameLength = u16(bytes, p + 28);
    // Every part of a workbook has a name: one without is a directory entry that damage has cut short.
    if (nameLength === 0) throw new Error(DIRECTORY_DAMAGED);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    let compressedSize = u32(bytes, p + 20);
    let size = u32(bytes, p + 24);
    let localHeaderOffset = u32(bytes, p + 42);
    // ZIP64 extra field: the 64-bit values present are those whose 32-bit field is 0xFFFFFFFF, in this order.
    let x = p + 46 + nameLength;
    const end = x + extraLength;
    while (x + 4 <= end) {
      const id = u16(bytes, x);
      const length = u16(bytes, x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === 0xffffffff) (size = u64(bytes, q)), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(bytes, q)), (q += 8);
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(bytes, q);
      }
      x += 4 + length;
    }
    entries.push({
      name: (flags & 0x800 ? utf8 : latin1).decode(nameBytes),
      method: u16(bytes, p + 10), flags, crc32: u32(bytes, p + 16), compressedSize, size, localHeaderOffset,
      time: u16(bytes, p + 12), date: u16(bytes, p + 14),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The compressed bytes of an entry, as stored. */
export function rawEntryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const p = entry.localHeaderOffset;
  if (u32(bytes, p) !== LOCAL) throw new Error(`the workbook's part ${entry.name} is damaged; open it in Excel and save it again`);
  const start = p + 30 + u16(bytes, p + 26) + u16(bytes, p + 28);
  return bytes.subarray(start, start + entry.compressedSize);
}

/** The error for an entry whose content does not match the CRC-32 that the ZIP directory gives for it. */
function checksumMismatch(entry: ZipEntry): Error {
  return new Error(`the workbook's part ${entry.name} is damaged (its content does not match its checksum); open it in Excel and save it again`);
}

/**
 * An entry's content handed to its reader chunk by chunk, then checked against the entry's CRC-32. Where the reader
 * fails first, the rest of the content still comes in (and is not handed on) to be checked: a part whose bytes were
 * damaged is reported as damaged, not as whatever the damage made of its content.
 */
export class CheckedContent {
  private failure: { readonly error: unknown } | null = null;

  constructor(private readonly entry: ZipEntry, private readonly onChunk: (chunk: Uint8Array) => void) {}

  /** Hands the chunk to the reader, unless it failed on an earlier one. */
  take(chunk: Uint8Array): void {
    if (this.failure !== null) return;
    try {
      this.onChunk(chunk);
    } catch (error) {
      this.failure = { error };
    }
  }

  /** Once all the content came in, with its CRC-32: a wrong checksum first, then what the reader failed with. */
  finish(crc: number): void {
    if (crc !== this.entry.crc32) throw checksumMismatch(this.entry);
    if (this.failure !== null) throw this.failure.error;
  }
}

/**
 * Inflates an entry chunk by chunk (a 1M-row sheet never needs to sit in memory as one string), its content checked
 * against the entry's CRC-32 (`CheckedContent`).
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, onChunk: (chunk: Uint8Array) => void): void {
  const raw = rawEntryData(bytes, entry);
  if (entry.method !== 0 && entry.method !== 8) throw new Error(`the workbook's part ${entry.name} uses an unsupported compression (method ${entry.method})`);
  const content = new CheckedContent(entry, onChunk);
  if (entry.method === 0) {
    content.take(raw);
    content.finish(crc32(raw));
    return;
  }
  let crc = 0;
  const inflater = new Inflate((chunk) => {
    crc = crc32(chunk, crc);
    content.take(chunk);
  });
  const step = 1 << 20;
  try {
    for (let i = 0; i < raw.length; i += step) inflater.push(raw.subarray(i, Math.min(raw.length, i + step)), i + step >= raw.length);
    if (raw.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    // The inflater's own errors carry a numeric code.
    if (error instanceof Error && typeof (error as { code?: unknown }).code === "number") {
      throw new Error(`the workbook's part ${entry.name} is damaged (${error.message}); open it in Excel and save it again`);
    }
    throw error;
  }
  content.finish(crc);
}

/** An entry's whole content as text (for the small XML parts). */
export function entryText(bytes: Uint8Array, entry: ZipEntry): string {
  const decoder = new TextDecoder("utf-8");
  let text = "";
  inflateEntry(bytes, entry, (chunk) => (text += decoder.decode(chunk, { stream: true })));
  return text + decoder.decode();
}

/**
 * CRC-32 tables for eight bytes at a time ("slicing by 8"): table k gives the CRC of a byte followed by k zero
 * bytes. A sheet's XML is hundreds of megabytes, checked when read and when written; eight bytes a step take about
 * a third of the time of one.
 */
const CRC_TABLES = (() => {
  const tables = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const previous = tables[(k - 1) * 256 + n];
      tables[k * 256 + n] = tables[previous & 0xff] ^ (previous >>> 8);
    }
  }
  return tables;
})();

/** The CRC-32 of `data`, continuing from `crc` (the CRC-32 of the bytes before it). */
export function crc32(data: Uint8Array, crc = 0): number {
  const t = CRC_TABLES;
  let c = ~crc;
  let i = 0;
  for (const end = data.length - 7; i < end; i += 8) {
    const low = c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    c = t[1792 + (low & 0xff)] ^ t[1536 + ((low >>> 8) & 0xff)] ^ t[1280 + ((low >>> 16) & 0xff)] ^ t[1024 + (low >>> 24)]
      ^ t[768 + data[i + 4]] ^ t[512 + data[i + 5]] ^ t[256 + data[i + 6]] ^ t[data[i + 7]];
  }
  for (; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32's polynomial, bits reversed. */
const CRC_POLY = 0xedb88320;

/** a·b modulo CRC-32's polynomial, both as reversed-bit polynomials (x^0 is the top bit). */
function multiplyModPoly(a: number, b: number): number {
  let product = 0;
  for (let m = 0x80000000; m !== 0; m >>>= 1) {
    if (a & m) product ^= b;
    b = b & 1 ? (b >>> 1) ^ CRC_POLY : b >>> 1;
  }
  return product >>> 0;
}

/** x^(2^k) modulo the polynomial, k = 0..31: the powers that shifting a CRC over 2^k bits multiplies by. */
const X_POW_2K = (() => {
  const powers = new Uint32Array(32);
  powers[0] = 0x40000000; // x^1
  for (let k = 1; k < 32; k++) powers[k] = multiplyModPoly(powers[k - 1], powers[k - 1]);
  return powers;
})();

/**
 * The CRC-32 of two pieces one after the other, from each piece's CRC-32 and the second one's length:
 * pieces checked apart (on different threads) give their entry's CRC without reading them again.
 */
export function crc32Combine(first: number, second: number, secondLength: number): number {
  // Shift the first CRC over the second piece's 8·length bits: multiply by x^(8·length), bit by bit of the length.
  let shift = 0x80000000; // x^0
  for (let n = secondLength, k = 3; n > 0; n = Math.floor(n / 2), k++) if (n % 2) shift = multiplyModPoly(X_POW_2K[k % 32], shift);
  return (multiplyModPoly(shift, first) ^ second) >>> 0;
}

/**
 * One piece of an entry deflated on its own and ended on a byte boundary (a sync flush): pieces deflated
 * apart, in any order and on any thread, joined in order and closed by `DEFLATE_END`, are one deflate stream.
 */
export function deflatePiece(chunk: Uint8Array, level: 1 | 6): Uint8Array {
  if (!chunk.length) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let length = 0;
  // A 64 K-entry hash table (mem 4) instead of fflate's 1 M-entry default: a new one for every piece, and as good for 1 MB.
  const deflate = new Deflate({ level, mem: 4 }, (part) => {
    parts.push(part);
    length += part.length;
  });
  deflate.push(chunk, false);
  // fflate's own sync flush writes a wrong stored block whenever the last byte is partly filled, so the
  // stream is flushed without one and the empty stored block is written here. fflate keeps that partial byte
  // out of its output, in its state: `r` = byte << 3 | bits used (its stream format, checked by the tests).
  deflate.flush(false);
  const r = (deflate as unknown as { s: { r?: number } }).s.r ?? 0;
  const bits = r & 7;
  // The stored block's three header bits (not final, type 0) go after the partial byte's bits, then padding
  // to the byte, then LEN = 0 and NLEN = 0xFFFF.
  const head = bits === 0 ? [0] : bits <= 5 ? [r >> 3] : [r >> 3, 0];
  const trailer = Uint8Array.from([...head, 0x00, 0x00, 0xff, 0xff]);
  parts.push(trailer);
  length += trailer.length;
  const joined = new Uint8Array(length);
  for (let i = 0, at = 0; i < parts.length; at += parts[i].length, i++) joined.set(parts[i], at);
  return joined;
}

/** An empty final block (fixed codes): it ends a stream of pieces from `deflatePiece`. */
export const DEFLATE_END = Uint8Array.of(0x03, 0x00);

export type ByteSink = (chunk: Uint8Array) => void;

/** One entry's raw deflate stream: its pieces go in, the deflated bytes go to `out`. */
export interface Deflater {
  /** Takes the next bytes of the entry; it has used or copied them when it returns (the writer fills the same piece again). */
  push(chunk: Uint8Array): void;
  /**
   * Ends the stream and gives the CRC-32 of every byte pushed. A deflater that hands pieces to another thread
   * without waiting for them gives a promise: its last bytes reach `out`, in order, before it settles.
   */
  finish(): number | Promise<number>;
}

/** How new entries are compressed. */
export interface Compression {
  deflater(level: 1 | 6, out: ByteSink): Deflater;
  /**
   * For a compression whose work comes back as messages: the writer awaits this between pieces, so that
   * finished pieces can arrive while it goes on (it yields to the event loop).
   */
  readonly between?: () => Promise<void>;
}

/**
 * Writing an archive, step by step: each step is a promise the writer waits for before it goes on. With a
 * compression that never defers (all but one), there are no steps and the whole archive is written in one go.
 */
export type WriteSteps = Generator<Promise<unknown>, void, void>;

/** Runs steps that must not wait: a compression that defers needs an asynchronous writer. */
export function runWithoutWaiting(steps: WriteSteps): void {
  if (!steps.next().done) throw new Error("this compression works on another thread: write the workbook asynchronously");
}

/** Runs steps, waiting for each. */
export async function runWaiting(steps: WriteSteps): Promise<void> {
  for (let step = steps.next(); !step.done; step = steps.next()) await step.value;
}

/** fflate and a table CRC: the same bytes in a browser and in Node. */
export const portableCompression: Compression = {
  deflater(level, out) {
    const deflate = new Deflate({ level }, (chunk) => out(chunk));
    let crc = 0;
    return {
      push: (chunk) => {
        crc = crc32(chunk, crc);
        deflate.push(chunk, false);
      },
      finish: () => {
        deflate.push(new Uint8Array(0), true);
        return crc;
      },
    };
  },
};

interface WrittenEntry {
  readonly nameBytes: Uint8Array;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
  readonly time: number;
  readonly date: number;
  readonly flags: number;
}

const encoder = new TextEncoder();

/** Writes a ZIP archive to a sink, entry by entry. Sizes stay below 4 GiB per entry and in total. */
export class ZipWriter {
  private offset = 0;
  private readonly written: WrittenEntry[] = [];

  constructor(private readonly sink: ByteSink, private readonly compression: Compression = portableCompression) {}

  private emit(chunk: Uint8Array): void {
    this.offset += chunk.length;
    if (this.offset > 0xffffffff) throw new Error("the results workbook would exceed 4 GiB; write CSV output instead (--out FOLDER)");
    this.sink(chunk);
  }

  private localHeader(nameBytes: Uint8Array, method: number, flags: number, crc: number, compressed: number, size: number, time: number, date: number): Uint8Array {
    const h = new Uint8Array(30 + nameBytes.length);
    const v = new DataView(h.buffer);
    v.setUint32(0, LOCAL, true);
    v.setUint16(4, 20, true);
    v.setUint16(6, flags, true);
    v.setUint16(8, method, true);
    v.setUint16(10, time, true);
    v.setUint16(12, date, true);
    v.setUint32(14, crc, true);
    v.setUint32(18, compressed, true);
    v.setUint32(22, size, true);
    v.setUint16(26, nameBytes.length, true);
    h.set(nameBytes, 30);
    return h;
  }

  /** Copies an entry of another archive as it is stored: no inflate, no deflate. */
  copyRaw(source: Uint8Array, entry: ZipEntry): void {
    const nameBytes = encoder.encode(entry.name);
    const flags = 0x800; // UTF-8 name; sizes are known, so no data descriptor.
    const offset = this.offset;
    this.emit(this.localHeader(nameBytes, entry.method, flags, entry.crc32, entry.compressedSize, entry.size, entry.time, entry.date));
    this.emit(rawEntryData(source, entry));
    this.written.push({ nameBytes, method: entry.method, crc32: entry.crc32, compressedSize: entry.compressedSize, size: entry.size, offset, time: entry.time, date: entry.date, flags });
  }

  /**
   * Adds a new deflated entry whose content `produce` writes through `write(chunk)`; the sizes and CRC
   * follow the data in a data descriptor, so nothing needs to be held back. A `produce` that returns steps
   * (a generator that yields after each piece it wrote) lets a deferring compression take its messages.
   */
  *addStream(name: string, produce: (write: (chunk: Uint8Array) => void) => Iterable<unknown> | void, level: 1 | 6 = 6): WriteSteps {
    const nameBytes = encoder.encode(name);
    const flags = 0x808; // UTF-8 name, data descriptor follows.
    const offset = this.offset;
    const [time, date] = DOS_EPOCH;
    this.emit(this.localHeader(nameBytes, 8, flags, 0, 0, 0, time, date));
    let size = 0;
    let compressed = 0;
    const deflater = this.compression.deflater(level, (chunk) => {
      compressed += chunk.length;
      this.emit(chunk);
    });
    const produced = produce((chunk) => {
      size += chunk.length;
      deflater.push(chunk);
    });
    const between = this.compression.between;
    if (produced) for (const _ of produced) if (between) yield between();
    const finished = deflater.finish();
    let crc = 0;
    if (typeof finished === "number") crc = finished;
    else yield finished.then((value) => void (crc = value));
    const d = new Uint8Array(16);
    const v = new DataView(d.buffer);
    v.setUint32(0, 0x08074b50, true);
    v.setUint32(4, crc, true);
    v.setUint32(8, compressed, true);
    v.setUint32(12, size, true);
    this.emit(d);
    this.written.push({ nameBytes, method: 8, crc32: crc, compressedSize: compressed, size, offset, time, date, flags });
  }

  addText(name: string, text: string): WriteSteps {
    return this.addStream(name, (write) => write(encoder.encode(text)));
  }

  /** Writes the central directory; the archive is complete after this. */
  finish(): void {
    const start = this.offset;
    for (const e of this.written) {
      const h = new Uint8Array(46 + e.nameBytes.length);
      const v = new DataView(h.buffer);
      v.setUint32(0, CENTRAL, true);
      v.setUint16(4, 20, true);
      v.setUint16(6, 20, true);
      v.setUint16(8, e.flags, true);
      v.setUint16(10, e.method, true);
      v.setUint16(12, e.time, true);
      v.setUint16(14, e.date, true);
      v.setUint32(16, e.crc32, true);
      v.setUint32(20, e.compressedSize, true);
      v.setUint32(24, e.size, true);
      v.setUint16(28, e.nameBytes.length, true);
      v.setUint32(42, e.offset, true);
      h.set(e.nameBytes, 46);
      this.emit(h);
    }
    const size = this.offset - start;
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, EOCD, true);
    v.setUint16(8, this.written.length, true);
    v.setUint16(10, this.written.length, true);
    v.setUint32(12, size, true);
    v.setUint32(16, start, true);
    this.emit(end);
  }
}

/** A fixed timestamp (1980-01-01 00:00) for new entries, so that identical input gives identical bytes. */
const DOS_EPOCH: [number, number] = [0, (0 << 9) | (1 << 5) | 1];
