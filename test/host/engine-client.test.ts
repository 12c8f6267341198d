/** The pane's side of the engine worker: every way a run can end ends the promise. */
import { EngineClient } from "../../src/worker/engine-client";
import type { WorkerRequest } from "../../src/worker/protocol";

/** A worker that answers a request as `answer` says. */
function fakeWorker(answer: (worker: Record<string, ((event: unknown) => void) | null>) => void): () => Worker {
  return () => {
    const worker: Record<string, ((event: unknown) => void) | null> & { postMessage?: unknown; terminate?: unknown } = { onmessage: null, onerror: null, onmessageerror: null };
    worker.postMessage = () => setTimeout(() => answer(worker), 0);
    worker.terminate = () => undefined;
    return worker as unknown as Worker;
  };
}

const request = { type: "simulate-tables", workbook: { sheets: [] }, keep: null } as unknown as WorkerRequest;

test("a result the pane cannot read back ends the run with a message instead of waiting for ever", async () => {
  const client = new EngineClient(fakeWorker((w) => w.onmessageerror?.({})));
  await expect(client.run(request, () => undefined)).rejects.toThrow("could not be passed back to the pane");
});

test("progress, then the result; a worker that dies ends the run with its message", async () => {
  const progress: number[] = [];
  const ok = new EngineClient(fakeWorker((w) => {
    w.onmessage?.({ data: { type: "progress", label: "Engine", fraction: 0.5 } });
    w.onmessage?.({ data: { type: "result", summary: {} } });
  }));
  await expect(ok.run(request, (p) => progress.push(p.fraction))).resolves.toMatchObject({ type: "result" });
  expect(progress).toEqual([0.5]);
  const dead = new EngineClient(fakeWorker((w) => w.onerror?.({ message: "out of memory" })));
  await expect(dead.run(request, () => undefined)).rejects.toThrow("out of memory");
});
