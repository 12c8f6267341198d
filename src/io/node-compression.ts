/**
 * Node's native zlib on the calling thread: several times faster than the portable deflate. Each piece is
 * deflated with a sync flush (a valid continuation of one deflate stream), and an empty final block closes
 * the entry. The command line runs the same on a worker thread (threaded-compression.ts), which must give
 * these bytes exactly; the tests hold it to that.
 */
import * as zlib from "node:zlib";
import type { Compression } from "./xlsx/zip";

export const nodeCompression: Compression = {
  deflater(level, out) {
    let crc = 0;
    return {
      push: (chunk) => {
        crc = zlib.crc32(chunk, crc);
        out(zlib.deflateRawSync(chunk, { level, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
      },
      finish: () => {
        out(zlib.deflateRawSync(Buffer.alloc(0), { level }));
        return crc;
      },
    };
  },
};
