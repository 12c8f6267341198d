/**
 * The task pane's side of the engine worker: a run at a time, progress as it comes, then the run's output rows a
 * block at a time, each answer matched to its request.
 */
import { Cancelled, type ProgressListener } from "../host/host";
import type { OutputCell } from "../../engine";
import type { WorkerRequest, WorkerResponse } from "./protocol";

export type WorkerResult = Extract<WorkerResponse, { type: "result" }>;

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/** `resolve` and `reject` that first run `settle` (which forgets the request and its cancel). */
function settling<T>(resolve: (value: T) => void, reject: (error: Error) => void, settle: () => void): Pending<T> {
  return {
    resolve: (value) => {
      settle();
      resolve(value);
    },
    reject: (error) => {
      settle();
      reject(error);
    },
  };
}

export class EngineClient {
  private worker: Worker | null = null;
  /** The run under way, and the rows asked for, by request id: every answer goes to the request that asked. */
  private run_: (Pending<WorkerResult> & { onProgress: ProgressListener }) | null = null;
  private readonly rowRequests = new Map<number, Pending<OutputCell[][]>>();
  private nextId = 1;

  constructor(private readonly create: () => Worker) {}

  run(request: WorkerRequest, onProgress: ProgressListener, signal?: AbortSignal): Promise<WorkerResult> {
    if (signal?.aborted) return Promise.reject(new Cancelled());
    if (this.run_) return Promise.reject(new Error("A run is already under way"));
    const worker = this.started();
    return new Promise<WorkerResult>((resolve, reject) => {
      // Cancelling stops the worker where it is: a new one starts for the next run. Once the run has its result
      // the worker is kept (it answers for the rows), and a cancel is the writer's to take.
      const cancel = () => this.stop(new Cancelled());
      signal?.addEventListener("abort", cancel, { once: true });
      const settle = () => {
        signal?.removeEventListener("abort", cancel);
        this.run_ = null;
      };
      this.run_ = { onProgress, ...settling(resolve, reject, settle) };
      worker.postMessage(request);
    });
  }

  /**
   * Rows `start` to `start + count` of output table `table` of the last "simulate-tables" run: the worker keeps the
   * tables and formats a block when asked, so the pane holds one block at a time, never a run's results at once.
   * `signal` cancels the wait (and the worker: a cancelled write needs no more rows).
   */
  rows(table: number, start: number, count: number, signal?: AbortSignal): Promise<OutputCell[][]> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error("The results of that run are no longer here: run it again"));
    if (signal?.aborted) return Promise.reject(new Cancelled());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const cancel = () => this.stop(new Cancelled());
      signal?.addEventListener("abort", cancel, { once: true });
      const settle = () => {
        signal?.removeEventListener("abort", cancel);
        this.rowRequests.delete(id);
      };
      this.rowRequests.set(id, settling(resolve, reject, settle));
      worker.postMessage({ type: "rows", id, table, start, count } satisfies WorkerRequest);
    });
  }

  /** Lets the worker drop the last run's tables once the pane has written them. */
  release(): void {
    this.worker?.postMessage({ type: "release" } satisfies WorkerRequest);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = this.create();
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      if (message.type === "rows") this.rowRequests.get(message.id)?.resolve(message.rows);
      else if (message.type === "progress") this.run_?.onProgress({ label: message.label, fraction: message.fraction });
      else if (message.type === "result") this.run_?.resolve(message);
      else if (message.id !== undefined) this.rowRequests.get(message.id)?.reject(new Error(message.message));
      else this.run_?.reject(new Error(message.message));
    };
    // An answer that cannot be read back would otherwise leave the pane waiting for ever.
    worker.onmessageerror = () => this.failAll(new Error("The simulation's results could not be passed back to the pane; run it again"));
    // A worker that died (out of memory, a script error) cannot be reused.
    worker.onerror = (event) => this.stop(new Error(event.message || "The simulation stopped unexpectedly"));
    this.worker = worker;
    return worker;
  }

  /** Stops the worker; whatever waits on it ends with `error`. */
  private stop(error: Error): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(error);
  }

  private failAll(error: Error): void {
    this.run_?.reject(error);
    for (const request of [...this.rowRequests.values()]) request.reject(error);
  }
}
