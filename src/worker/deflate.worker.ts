/**
 * The engine worker's helper in a browser: deflates the pieces of the results workbook that the engine
 * worker hands it (helper-compression.ts), each on its own, and answers with the bytes and their CRC-32.
 */
import { crc32, deflatePiece } from "../io/xlsx/zip";
import type { HelperAnswer, HelperRequest } from "../io/helper-compression";

const answer = (message: HelperAnswer, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

self.onmessage = (event: MessageEvent<HelperRequest>) => {
  const { id, chunk, level } = event.data;
  try {
    const bytes = deflatePiece(chunk, level);
    answer({ id, bytes, crc: crc32(chunk) }, [bytes.buffer]);
  } catch (error) {
    answer({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
