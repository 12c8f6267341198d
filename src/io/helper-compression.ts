/**
 * Deflate shared with a helper thread that answers by messages, for the task pane's worker: it cannot wait
 * on another thread (no shared memory in an add-in page), so it never blocks on the helper. Each 1 MB piece
 * of an entry is deflated on its own (`deflatePiece`); while the helper has fewer than `AHEAD` pieces, the
 * next one goes to it, otherwise the writer deflates it where it is. The writer yields to the event loop
 * between pieces (`between`), so the helper's answers come in while it goes on; they reach the file in order,
 * and the entry's CRC-32 is put together from the pieces' (`crc32Combine`). Where each piece is deflated
 * does not change a byte of the file. If the helper fails, what it still owed is deflated here and the rest
 * of the workbook too; so is what it leaves unanswered for `HELPER_TIMEOUT_MS`. Pure: the helper is anything
 * with `postMessage` and `onmessage`/`onerror`.
 */
import { DEFLATE_END, crc32, crc32Combine, deflatePiece, type ByteSink, type Compression, type Deflater } from "./xlsx/zip";

/** A piece the helper deflates: its bytes and level, and a number to answer with. */
export interface HelperRequest {
  readonly id: number;
  readonly chunk: Uint8Array;
  readonly level: 1 | 6;
}

export type HelperAnswer = { readonly id: number; readonly bytes: Uint8Array; readonly crc: number } | { readonly id: number; readonly error: string };

/** The helper's side, as a Web Worker (or a test's stand-in) offers it. */
export interface DeflateHelper {
  postMessage(request: HelperRequest): void;
  onmessage: ((event: { readonly data: HelperAnswer }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Pieces handed to the helper and not yet back, at most: enough that it never runs dry while the writer deflates one itself. */
const AHEAD = 4;
/** How long the writer waits for the helper's next answer before it deflates what is left itself. */
export const HELPER_TIMEOUT_MS = 30_000;
/** A piece smaller than this (a small part, the end of a sheet) is deflated here: a message costs more. */
const SMALL_PIECE = 64 * 1024;

interface Piece {
  /** The piece's own copy while the helper has it (to deflate here if the helper fails); null once deflated. */
  chunk: Uint8Array | null;
  readonly length: number;
  readonly level: 1 | 6;
  bytes: Uint8Array | null;
  crc: number;
}

export interface HelperCompression extends Compression {
  readonly between: () => Promise<void>;
  /** How many pieces went to the helper and how many were deflated here, since the start. */
  readonly counts: () => { readonly helper: number; readonly here: number };
  /** Lets go of the channel it yields through (the helper stays as it is). */
  close(): void;
}

/** Piece numbers run on across instances: a late answer to an earlier run's piece never matches one of this run. */
let nextId = 0;

export function helperCompression(helper: DeflateHelper | null, timeoutMs = HELPER_TIMEOUT_MS): HelperCompression {
  const pending = new Map<number, Piece>();
  let failed = helper === null;
  let helperPieces = 0;
  let herePieces = 0;
  /** Whoever waits for the current entry's last pieces: told whenever a piece comes back, or of a failure here. */
  let waiting: { arrived(): void; failed(error: unknown): void } | null = null;

  const deflateHere = (piece: Piece, chunk = piece.chunk as Uint8Array) => {
    piece.bytes = deflatePiece(chunk, piece.level);
    piece.crc = crc32(chunk);
    piece.chunk = null;
  };
  const fail = () => {
    if (failed) return;
    failed = true;
    try {
      for (const piece of pending.values()) deflateHere(piece);
      pending.clear();
    } catch (error) {
      waiting?.failed(error);
      return;
    }
    waiting?.arrived();
  };
  if (helper) {
    helper.onmessage = ({ data }) => {
      const piece = pending.get(data.id);
      if (!piece) return;
      if ("error" in data) return fail();
      pending.delete(data.id);
      piece.bytes = data.bytes;
      piece.crc = data.crc;
      piece.chunk = null;
      waiting?.arrived();
    };
    helper.onerror = fail;
  }

  // A task of its own for every yield: timers would be clamped to several milliseconds after a few in a row.
  // Typed by hand: the page's and Node's MessagePort types differ, and this needs only what both have.
  const channel = new MessageChannel() as unknown as { port1: { onmessage: (() => void) | null; close(): void }; port2: { postMessage(message: null): void } };
  const ticks: (() => void)[] = [];
  channel.port1.onmessage = () => ticks.shift()?.();
  const between = () =>
    new Promise<void>((resolve) => {
      ticks.push(resolve);
      channel.port2.postMessage(null);
    });

  return {
    between,
    close: () => channel.port1.close(),
    counts: () => ({ helper: helperPieces, here: herePieces }),
    deflater(level: 1 | 6, out: ByteSink): Deflater {
      /** Pieces in the entry's order, from the first not yet handed to `out`. */
      const queue: Piece[] = [];
      let crc = 0;
      const release = () => {
        while (queue.length && queue[0].bytes) {
          const piece = queue.shift() as Piece;
          out(piece.bytes as Uint8Array);
          crc = crc32Combine(crc, piece.crc, piece.length);
          piece.bytes = null;
        }
      };
      return {
        push(chunk) {
          release();
          const piece: Piece = { chunk: null, length: chunk.length, level, bytes: null, crc: 0 };
          queue.push(piece);
          if (!failed && helper && chunk.length >= SMALL_PIECE && pending.size < AHEAD) {
            // An own copy, kept until the helper answers: the writer fills its buffer again once this returns.
            piece.chunk = chunk.slice();
            const id = nextId++;
            pending.set(id, piece);
            helperPieces++;
            helper.postMessage({ id, chunk: piece.chunk, level });
          } else {
            herePieces++;
            deflateHere(piece, chunk);
          }
          release();
        },
        finish() {
          release();
          const end = () => {
            out(DEFLATE_END);
            return crc;
          };
          if (!queue.length) return end();
          return new Promise<number>((resolve, reject) => {
            let watchdog = setTimeout(fail, timeoutMs);
            waiting = {
              arrived() {
                clearTimeout(watchdog);
                release();
                if (queue.length) {
                  watchdog = setTimeout(fail, timeoutMs);
                  return;
                }
                waiting = null;
                resolve(end());
              },
              failed(error) {
                clearTimeout(watchdog);
                waiting = null;
                reject(error);
              },
            };
          });
        },
      };
    },
  };
}
