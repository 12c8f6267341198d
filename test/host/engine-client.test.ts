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

test("output rows cross to the pane in blocks, and arrive whole and in order", async () => {
  const { handleRequest, ROWS_PER_MESSAGE } = await import("../../src/worker/engine-core");
  const { RowBlocks } = await import("../../src/worker/engine-client");
  const { generateWorkbook } = await import("../../scripts/generate-workbook");
  const { simulate } = await import("../../engine");
  const { rowsOf } = await import("../../engine/workbook");
  // 12,000 transactions make an IntegrationJournal of more than one block.
  const book = () => generateWorkbook({ transactions: 12_000, seed: 3 });
  const blocks = new RowBlocks();
  const sizes: number[] = [];
  let result: unknown = null;
  await handleRequest({ type: "simulate-tables", workbook: book(), keep: null }, (message) => {
    if (message.type === "rows") {
      if (message.table === 0) sizes.push(message.rows.length);
      blocks.add(message.table, message.rows);
    } else if (message.type === "result") result = blocks.into(message);
  });
  const expected = simulate(book()).tables;
  expect(sizes.length).toBeGreaterThan(1);
  expect(Math.max(...sizes)).toBe(ROWS_PER_MESSAGE);
  const tables = (result as { tables: { name: string; rows: unknown[] }[] }).tables;
  expect(tables.map((t) => t.name)).toEqual(expected.map((t) => t.name));
  for (let i = 0; i < tables.length; i++) expect([tables[i].name, tables[i].rows]).toEqual([expected[i].name, rowsOf(expected[i].rows)]);
});

test("cancelling stops the worker and ends the run as cancelled; the next run starts a new worker", async () => {
  const { Cancelled } = await import("../../src/host/host");
  let made = 0;
  let terminated = 0;
  const client = new EngineClient(() => {
    made++;
    const worker = { onmessage: null, onerror: null, onmessageerror: null, postMessage: () => undefined, terminate: () => void terminated++ };
    return worker as unknown as Worker;
  });
  const controller = new AbortController();
  const running = client.run(request, () => undefined, controller.signal);
  controller.abort();
  await expect(running).rejects.toBeInstanceOf(Cancelled);
  expect([made, terminated]).toEqual([1, 1]);
  void client.run(request, () => undefined);
  expect(made).toBe(2);
});
