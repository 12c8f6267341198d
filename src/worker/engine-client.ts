/** The task pane's side of the engine worker: one request at a time, progress as it comes. */
import { Cancelled, type ProgressListener } from "../host/host";
import type { OutputCell } from "../../engine";
import type { WorkerRequest, WorkerResponse } from "./protocol";

export type WorkerResult = Extract<WorkerResponse, { type: "result" }>;

export class EngineClient {
  private worker: Worker | null = null;

  constructor(private readonly create: () => Worker) {}

  run(request: WorkerRequest, onProgress: ProgressListener, signal?: AbortSignal): Promise<WorkerResult> {
    if (signal?.aborted) return Promise.reject(new Cancelled());
    this.worker ??= this.create();
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      // Cancelling stops the worker where it is: a new one starts for the next run.
      signal?.addEventListener("abort", () => {
        this.worker = null;
        worker.terminate();
        reject(new Cancelled());
      }, { once: true });
      const rows = new RowBlocks();
      worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
        const message = event.data;
        if (message.type === "progress") onProgress({ label: message.label, fraction: message.fraction });
        else if (message.type === "rows") rows.add(message.table, message.rows);
        else if (message.type === "result") resolve(rows.into(message));
        else reject(new Error(message.message));
      };
      // A result that cannot be read back would otherwise leave the pane waiting for ever.
      worker.onmessageerror = () => reject(new Error("The simulation's results could not be passed back to the pane; run it again"));
      worker.onerror = (event) => {
        // A worker that died (out of memory, a script error) cannot be reused.
        this.worker = null;
        worker.terminate();
        reject(new Error(event.message || "The simulation stopped unexpectedly"));
      };
      worker.postMessage(request);
    });
  }
}

/** Output rows as the worker sends them, a block at a time (protocol.ts "rows"), put back into the result's tables. */
export class RowBlocks {
  private readonly byTable: OutputCell[][][] = [];

  add(table: number, rows: OutputCell[][]): void {
    const all = (this.byTable[table] ??= []);
    for (let i = 0; i < rows.length; i++) all.push(rows[i]);
  }

  into(result: WorkerResult): WorkerResult {
    if (!result.tables) return result;
    return { ...result, tables: result.tables.map((t, i) => ({ ...t, rows: this.byTable[i] ?? [] })) };
  }
}
