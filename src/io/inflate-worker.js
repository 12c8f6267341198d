/**
 * The worker thread of threaded-inflation.ts: inflates one .xlsx entry at a time with Node's zlib and
 * posts its content back in pieces of about 1 MB, in order, then `{ done: true, crc }` with the content's CRC-32 (or `{ error }`). It runs
 * at most a few pieces ahead of the reader: state[0] counts the messages posted, state[1] those the reader
 * took, state[2] is set when anything fails. Plain JavaScript so that the command line and the tests start
 * the same file.
 */
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const zlib = require("node:zlib");

const { port, state, ahead } = workerData;
const POSTED = 0;
const TAKEN = 1;
const FAILED = 2;

function post(message, transfer) {
  port.postMessage(message, transfer);
  Atomics.add(state, POSTED, 1);
  Atomics.notify(state, POSTED);
}

function fail(error) {
  Atomics.store(state, FAILED, 1);
  try {
    post({ error: String((error && error.message) || error) });
  } catch {
    Atomics.notify(state, POSTED);
  }
}

process.on("uncaughtException", fail);

parentPort.on("message", ({ raw }) => {
  const inflater = zlib.createInflateRaw({ chunkSize: 1 << 20 });
  // The content's CRC-32, for the reader to check against the entry's.
  let crc = 0;
  inflater.on("data", (chunk) => {
    crc = zlib.crc32(chunk, crc);
    const piece = new Uint8Array(chunk.length);
    piece.set(chunk);
    post(piece, [piece.buffer]);
    // Wait while the reader is more than `ahead` pieces behind.
    for (let taken = Atomics.load(state, TAKEN); Atomics.load(state, POSTED) - taken > ahead; taken = Atomics.load(state, TAKEN)) {
      Atomics.wait(state, TAKEN, taken, 1000);
    }
  });
  inflater.on("end", () => post({ done: true, crc }));
  inflater.on("error", fail);
  inflater.end(raw);
});
