/**
 * Deflate on a second thread, for the command line's .xlsx writing: while the main thread formats the
 * next piece of a sheet, a worker deflates the previous one (and runs its CRC-32) with Node's zlib, exactly as
 * `nodeCompression` would (each piece with a sync flush, an empty final block), so the file is the same
 * byte for byte. The zip writer stays synchronous: it hands pieces over without waiting and takes the
 * deflated ones back as they are ready; it waits only when several pieces are queued (so memory stays
 * bounded) and at the end of each entry. The worker is deflate-worker.js. After a failure the instance is
 * done: close it. Node only.
 */
import { receiveMessageOnPort } from "node:worker_threads";
import { WAIT_SLICE_MS, WORKER_TIMEOUT_MS, startWorkerThread } from "./worker-thread";
import type { Compression } from "./xlsx/zip";

/** Pieces queued for the worker before the writer waits for it. */
const MAX_QUEUED = 8;

// Shared state: [0] pieces queued and not yet deflated, [1] set when the worker failed.
const QUEUED = 0;
const FAILED = 1;

interface Job {
  readonly chunk: Uint8Array | null;
  readonly level: 1 | 6;
}

export interface ThreadedCompression extends Compression {
  /** Stops the worker. */
  close(): Promise<void>;
}

export function threadedCompression(): ThreadedCompression {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const thread = startWorkerThread("deflate-worker.js", state, FAILED, QUEUED);
  const results = thread.results;

  /** The CRC-32 of the entry the worker finished last. */
  let lastCrc = 0;
  /** Hands every deflated piece that is ready to `out`. */
  const drain = (out: (chunk: Uint8Array) => void) => {
    for (let m = receiveMessageOnPort(results); m; m = receiveMessageOnPort(results)) {
      const message = m.message as Uint8Array | { crc: number } | { error: string };
      if (message instanceof Uint8Array) out(message);
      else if ("crc" in message) lastCrc = message.crc;
      else throw new Error(`deflating the workbook failed: ${message.error}`);
    }
  };
  /** Waits until at most `queued` pieces are left, handing on the deflated ones meanwhile. */
  const waitFor = (queued: number, out: (chunk: Uint8Array) => void) => {
    let waited = 0;
    for (let now = Atomics.load(state, QUEUED); now > queued; now = Atomics.load(state, QUEUED)) {
      drain(out);
      if (Atomics.load(state, FAILED)) throw new Error("deflating the workbook failed");
      if (Atomics.wait(state, QUEUED, now, WAIT_SLICE_MS) === "timed-out" && (waited += WAIT_SLICE_MS) >= WORKER_TIMEOUT_MS) {
        throw new Error("deflating the workbook stalled");
      }
    }
    drain(out);
    if (Atomics.load(state, FAILED)) throw new Error("deflating the workbook failed");
  };
  const send = (chunk: Uint8Array | null, level: 1 | 6) => {
    // An own copy to hand over: the writer may reuse its piece.
    const own = chunk ? new Uint8Array(chunk) : null;
    Atomics.add(state, QUEUED, 1);
    thread.worker.postMessage({ chunk: own, level } satisfies Job, own ? [own.buffer] : []);
  };

  return {
    deflater(level, out) {
      return {
        push(chunk) {
          waitFor(MAX_QUEUED - 1, out);
          send(chunk, level);
        },
        finish() {
          send(null, level);
          waitFor(0, out);
          return lastCrc;
        },
      };
    },
    close: thread.close,
  };
}
