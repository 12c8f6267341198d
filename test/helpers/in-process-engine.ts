/** The engine worker's work, run in this thread: hosts under test get the very same results. */
import type { OutputCell } from "../../engine";
import type { ProgressListener } from "../../src/host/host";
import type { WorkerResult } from "../../src/worker/engine-client";
import { handleRequest } from "../../src/worker/engine-core";
import type { WorkerRequest } from "../../src/worker/protocol";

export async function runInProcess(request: WorkerRequest, onProgress: ProgressListener = () => undefined): Promise<WorkerResult> {
  let result: WorkerResult | null = null;
  let failure: string | null = null;
  await handleRequest(request, (message) => {
    if (message.type === "progress") onProgress({ label: message.label, fraction: message.fraction });
    else if (message.type === "result") result = message;
    else if (message.type === "error") failure = message.message;
  });
  if (failure) throw new Error(failure);
  if (!result) throw new Error("The engine gave no result");
  return result;
}

/** The rows of the last in-process run, as the worker answers the pane's "rows" requests; `release` as it does. */
export const rowsInProcess = {
  async rows(table: number, start: number, count: number): Promise<OutputCell[][]> {
    let rows: OutputCell[][] | null = null;
    let failure: string | null = null;
    await handleRequest({ type: "rows", id: 1, table, start, count }, (message) => {
      if (message.type === "rows") rows = message.rows;
      else if (message.type === "error") failure = message.message;
    });
    if (failure) throw new Error(failure);
    if (!rows) throw new Error("The engine gave no rows");
    return rows;
  },
  release(): void {
    void handleRequest({ type: "release" }, () => undefined);
  },
};
