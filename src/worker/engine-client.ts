/** The task pane's side of the engine worker: one request at a time, progress as it comes. */
import type { ProgressListener } from "../host/host";
import type { WorkerRequest, WorkerResponse } from "./protocol";

export type WorkerResult = Extract<WorkerResponse, { type: "result" }>;

export class EngineClient {
  private worker: Worker | null = null;

  constructor(private readonly create: () => Worker) {}

  run(request: WorkerRequest, onProgress: ProgressListener, transfer: Transferable[] = []): Promise<WorkerResult> {
    this.worker ??= this.create();
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
        const message = event.data;
        if (message.type === "progress") onProgress({ label: message.label, fraction: message.fraction });
        else if (message.type === "result") resolve(message);
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
      worker.postMessage(request, transfer);
    });
  }
}


