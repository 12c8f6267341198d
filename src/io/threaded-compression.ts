/**
 * Deflate on a second thread, for the command line's .xlsx writing: while the main thread formats the
 * next piece of a sheet, a worker deflates the previous one (and runs its CRC-32) with Node's zlib, exactly as
 * `nodeCompression` would (each piece with a sync flush, an empty final block), so the file is the same
 * byte for byte. The zip writer stays synchronous: it hands pieces over without waiting and takes the
 * deflated ones back as they are ready; it waits only when several pieces are queued (so memory stays
 * bounded) and at the end of each entry. Node only.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { Compression } from "./xlsx/zip";

/** Pieces queued for the worker before the writer waits for it. */
const MAX_QUEUED = 8;
/** How long the writer waits for the worker before giving up, in milliseconds. */
const WORKER_TIMEOUT_MS = 120_000;

// Shared state: [0] pieces queued and not yet deflated, [1] set when the worker failed.
const QUEUED = 0;
const FAILED = 1;

interface Job {
  readonly chunk: Uint8Array | null;
  readonly level: 1 | 6;
}

/**
 * The worker's code. It is started from its own source text (below), so it must not refer to anything
 * outside itself: its modules come in as arguments.
 */
function deflateWorker(
  threads: typeof import("node:worker_threads"),
  z: typeof import("node:zlib"),
): void {
  const { port, state } = threads.workerData as { port: MessagePort; state: Int32Array };
  // The running CRC-32 of the current entry.
  let crc = 0;
  threads.parentPort?.on("message", (job: Job) => {
    try {
      if (job.chunk) crc = z.crc32(job.chunk, crc);
      const out = job.chunk
        ? z.deflateRawSync(job.chunk, { level: job.level, finishFlush: z.constants.Z_SYNC_FLUSH })
        : z.deflateRawSync(new Uint8Array(0), { level: job.level });
      const bytes = new Uint8Array(out.length);
      bytes.set(out);
      port.postMessage(bytes, [bytes.buffer]);
      if (!job.chunk) {
        port.postMessage({ crc });
        crc = 0;
      }
    } catch (error) {
      Atomics.store(state, 1, 1);
      port.postMessage({ error: String(error) });
    }
    Atomics.sub(state, 0, 1);
    Atomics.notify(state, 0);
  });
}

export interface ThreadedCompression extends Compression {
  /** Stops the worker. */
  close(): Promise<void>;
}

export function threadedCompression(): ThreadedCompression {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const { port1: results, port2 } = new MessageChannel();
  const worker = new Worker(`(${deflateWorker.toString()})(require("node:worker_threads"), require("node:zlib"))`, {
    eval: true,
    workerData: { port: port2, state },
    transferList: [port2],
  });
  results.unref();

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
    for (let now = Atomics.load(state, QUEUED); now > queued; now = Atomics.load(state, QUEUED)) {
      if (Atomics.wait(state, QUEUED, now, WORKER_TIMEOUT_MS) === "timed-out") throw new Error("deflating the workbook stalled");
      drain(out);
    }
    drain(out);
    if (Atomics.load(state, FAILED)) throw new Error("deflating the workbook failed");
  };
  const send = (chunk: Uint8Array | null, level: 1 | 6) => {
    // An own copy to hand over: the writer may reuse its piece.
    const own = chunk ? new Uint8Array(chunk) : null;
    Atomics.add(state, QUEUED, 1);
    worker.postMessage({ chunk: own, level } satisfies Job, own ? [own.buffer] : []);
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
    async close() {
      results.close();
      await worker.terminate();
    },
  };
}
