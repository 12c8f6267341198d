/**
 * Inflate on a second thread, for the command line's .xlsx reading: while the main thread parses a piece
 * of a sheet, a worker inflates the next ones with Node's zlib (inflate-worker.js), at most a few pieces
 * ahead. The reader stays synchronous; it takes the pieces as they come, in order. The content is the
 * entry's, byte for byte, whichever thread inflates it. After a failure the instance is done: close it.
 * Node only.
 */
import { receiveMessageOnPort } from "node:worker_threads";
import { WAIT_SLICE_MS, WORKER_TIMEOUT_MS, startWorkerThread } from "./worker-thread";
import { CheckedContent, inflateEntry, rawEntryData, type ZipEntry } from "./xlsx/zip";

/** Pieces the worker inflates ahead of the reader. */
const AHEAD = 8;
/** Entries smaller than this (compressed) are inflated on the calling thread: handing them over costs more. */
const SMALL_ENTRY = 1 << 20;

// Shared state: [0] messages the worker posted, [1] messages the reader took, [2] set when the worker failed.
const POSTED = 0;
const TAKEN = 1;
const FAILED = 2;

export interface ThreadedInflation {
  inflate(bytes: Uint8Array, entry: ZipEntry, onChunk: (chunk: Uint8Array) => void): void;
  /** Stops the worker. */
  close(): Promise<void>;
}

export function threadedInflation(smallEntry = SMALL_ENTRY): ThreadedInflation {
  const state = new Int32Array(new SharedArrayBuffer(12));
  const thread = startWorkerThread("inflate-worker.js", state, FAILED, POSTED, { ahead: AHEAD });
  const pieces = thread.results;

  /** The next message from the worker, waiting for it when none is there yet. */
  const next = (): Uint8Array | { done: true; crc: number } | { error: string } => {
    let waited = 0;
    for (;;) {
      const m = receiveMessageOnPort(pieces);
      if (m) {
        Atomics.add(state, TAKEN, 1);
        Atomics.notify(state, TAKEN);
        return m.message as Uint8Array | { done: true; crc: number } | { error: string };
      }
      if (Atomics.load(state, FAILED)) return { error: "the worker stopped" };
      const taken = Atomics.load(state, TAKEN);
      if (Atomics.wait(state, POSTED, taken, WAIT_SLICE_MS) === "timed-out" && (waited += WAIT_SLICE_MS) >= WORKER_TIMEOUT_MS) {
        return { error: "it stalled" };
      }
    }
  };

  return {
    inflate(bytes, entry, onChunk) {
      if (entry.method !== 8 || entry.compressedSize < smallEntry) {
        inflateEntry(bytes, entry, onChunk);
        return;
      }
      const raw = new Uint8Array(rawEntryData(bytes, entry));
      thread.worker.postMessage({ raw }, [raw.buffer]);
      // Checked against the CRC-32 the worker works out, as inflateEntry checks its own.
      const content = new CheckedContent(entry, onChunk);
      for (;;) {
        const message = next();
        if (message instanceof Uint8Array) content.take(message);
        else if ("done" in message) {
          content.finish(message.crc);
          return;
        } else throw new Error(`the workbook's part ${entry.name} is damaged (${message.error}); open it in Excel and save it again`);
      }
    },
    close: thread.close,
  };
}
