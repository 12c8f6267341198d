/**
 * The worker thread of threaded-compression.ts: deflates the pieces of one .xlsx entry after another with
 * Node's zlib (each piece with a sync flush, an empty final block) and runs each entry's CRC-32. Deflated
 * pieces, then `{ crc }` at an entry's end, go back in order on the port it is given; state[0] counts the
 * pieces still queued, state[1] is set when anything fails. Plain JavaScript so that the command line and
 * the tests start the same file.
 */
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const zlib = require("node:zlib");

const { port, state } = workerData;
const QUEUED = 0;
const FAILED = 1;

function fail(error) {
  Atomics.store(state, FAILED, 1);
  try {
    port.postMessage({ error: String((error && error.stack) || error) });
  } catch {
    // the port is gone: the flag is enough
  }
  Atomics.notify(state, QUEUED);
}

process.on("uncaughtException", fail);

// The running CRC-32 of the current entry.
let crc = 0;
parentPort.on("message", (job) => {
  try {
    if (job.chunk) crc = zlib.crc32(job.chunk, crc);
    const out = job.chunk
      ? zlib.deflateRawSync(job.chunk, { level: job.level, finishFlush: zlib.constants.Z_SYNC_FLUSH })
      : zlib.deflateRawSync(Buffer.alloc(0), { level: job.level });
    const bytes = new Uint8Array(out.length);
    bytes.set(out);
    port.postMessage(bytes, [bytes.buffer]);
    if (!job.chunk) {
      port.postMessage({ crc });
      crc = 0;
    }
  } catch (error) {
    fail(error);
  }
  Atomics.sub(state, QUEUED, 1);
  Atomics.notify(state, QUEUED);
});
