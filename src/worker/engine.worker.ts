/**
 * The engine's Web Worker: the simulation (and, in a plain browser, reading and writing the .xlsx file)
 * runs here, so the task pane stays responsive whatever the size of the workbook. Writing a results workbook,
 * it shares deflate with a helper worker of its own (on the machine's other core), started on first need.
 */
import { handleRequest } from "./engine-core";
import type { WorkerRequest, WorkerResponse } from "./protocol";
import { helperCompression, type DeflateHelper } from "../io/helper-compression";

const post = (message: WorkerResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

let helper: DeflateHelper | null | undefined;
/** The deflate helper, or null where a worker cannot start one (the engine worker then deflates alone). */
function deflateHelper(): DeflateHelper | null {
  if (helper === undefined) {
    try {
      helper = new Worker(new URL("./deflate.worker.ts", import.meta.url)) as unknown as DeflateHelper;
    } catch {
      helper = null;
    }
  }
  return helper;
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const compression = event.data.type === "simulate-file" ? helperCompression(deflateHelper()) : undefined;
  try {
    await handleRequest(event.data, post, compression);
  } catch (error) {
    const id = event.data.type === "rows" ? event.data.id : undefined;
    post({ type: "error", message: error instanceof Error ? error.message : String(error), id });
  } finally {
    compression?.close();
  }
};
