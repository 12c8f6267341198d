/**
 * The engine's Web Worker: the simulation (and, in a plain browser, reading and writing the .xlsx file)
 * runs here, so the task pane stays responsive whatever the size of the workbook.
 */
import { handleRequest } from "./engine-core";
import type { WorkerRequest, WorkerResponse } from "./protocol";

const post = (message: WorkerResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  try {
    handleRequest(event.data, post);
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
