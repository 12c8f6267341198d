/**
 * A helper thread for the command line's .xlsx reading and writing: the script next to this module,
 * started with a port for its results and a small shared state. The calling thread stays synchronous and
 * waits on the shared state with Atomics; it cannot take the worker's events while it waits, so a failed or
 * stopped worker is made visible through the state: `failedAt` is set and `wakeAt` notified. Node only.
 */
import * as path from "node:path";
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";

/** How long the calling thread waits for one piece before giving up, in milliseconds (a piece takes a few). */
export const WORKER_TIMEOUT_MS = 60_000;
/** The calling thread looks at the failure flag at least this often while it waits. */
export const WAIT_SLICE_MS = 250;

export interface WorkerThread {
  /** Where the worker's results arrive, to be taken with `receiveMessageOnPort`. */
  readonly results: MessagePort;
  readonly worker: Worker;
  /** Stops the worker. */
  close(): Promise<void>;
}

export function startWorkerThread(script: string, state: Int32Array, failedAt: number, wakeAt: number, data: object = {}): WorkerThread {
  const { port1: results, port2 } = new MessageChannel();
  const worker = new Worker(path.join(__dirname, script), { workerData: { ...data, port: port2, state }, transferList: [port2] });
  const failed = () => {
    Atomics.store(state, failedAt, 1);
    Atomics.notify(state, wakeAt);
  };
  worker.on("error", failed);
  worker.on("exit", failed);
  results.unref();
  return {
    results,
    worker,
    async close() {
      worker.off("exit", failed);
      results.close();
      await worker.terminate();
    },
  };
}
