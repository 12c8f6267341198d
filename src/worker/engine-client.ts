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
    return new Promise<WorkerResult>((resolve, reject) => {
      // Cancelling stops the worker where it is: a new one starts for the next run. Once the run has its result,
      // the worker is kept (it answers for the rows), and a cancel is the writer's to take between blocks.
      const cancel = () => {
        this.worker = null;
        worker.terminate();
        reject(new Cancelled());
      };
      signal?.addEventListener("abort", cancel, { once: true });
      const settled = <T>(then: (value: T) => void) => (value: T) => {
        signal?.removeEventListener("abort", cancel);
        then(value);
      };
      this.listen(worker, settled(reject), (message) => {
        if (message.type === "progress") onProgress({ label: message.label, fraction: message.fraction });
        else if (message.type === "result") settled(resolve)(message);
      });
      worker.postMessage(request);
    });
  }

  /**
   * Rows `start` to `start + count` of output table `table` of the last "simulate-tables" run: the worker keeps the
   * tables and formats a block when asked, so the pane holds one block at a time, never a run's results at once.
   */
  rows(table: number, start: number, count: number): Promise<OutputCell[][]> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error("The results of that run are no longer here: run it again"));
    return new Promise((resolve, reject) => {
      this.listen(worker, reject, (message) => {
        if (message.type === "rows") resolve(message.rows);
      });
      worker.postMessage({ type: "rows", table, start, count } satisfies WorkerRequest);
    });
  }

  /** Hands the worker's answers to `answer`; an error, an answer that cannot be read back, or a dead worker to `reject`. */
  private listen(worker: Worker, reject: (error: Error) => void, answer: (message: WorkerResponse) => void): void {
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      if (event.data.type === "error") reject(new Error(event.data.message));
      else answer(event.data);
    };
    // An answer that cannot be read back would otherwise leave the pane waiting for ever.
    worker.onmessageerror = () => reject(new Error("The simulation's results could not be passed back to the pane; run it again"));
    worker.onerror = (event) => {
      // A worker that died (out of memory, a script error) cannot be reused.
      this.worker = null;
      worker.terminate();
      reject(new Error(event.message || "The simulation stopped unexpectedly"));
    };
  }
}
