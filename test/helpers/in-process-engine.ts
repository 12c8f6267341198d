/** The engine worker's work, run in this thread: hosts under test get the very same results. */
import type { ProgressListener } from "../../src/host/host";
import { RowBlocks, type WorkerResult } from "../../src/worker/engine-client";
import { handleRequest } from "../../src/worker/engine-core";
import type { WorkerRequest } from "../../src/worker/protocol";

export async function runInProcess(request: WorkerRequest, onProgress: ProgressListener = () => undefined): Promise<WorkerResult> {
  let result: WorkerResult | null = null;
  let failure: string | null = null;
  const rows = new RowBlocks();
  await handleRequest(request, (message) => {
    if (message.type === "progress") onProgress({ label: message.label, fraction: message.fraction });
    else if (message.type === "rows") rows.add(message.table, message.rows);
    else if (message.type === "result") result = rows.into(message);
    else failure = message.message;
  });
  if (failure) throw new Error(failure);
  if (!result) throw new Error("The engine gave no result");
  return result;
}
