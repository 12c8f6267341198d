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

test("the worker keeps a run's output tables and answers any block of their rows, as the engine made them", async () => {
  const { handleRequest } = await import("../../src/worker/engine-core");
  const { generateWorkbook } = await import("../../scripts/generate-workbook");
  const { simulate } = await import("../../engine");
  const { rowsOf } = await import("../../engine/workbook");
  const book = () => generateWorkbook({ transactions: 2_000, seed: 3 });
  let shapes: { name: string; length: number }[] = [];
  await handleRequest({ type: "simulate-tables", workbook: book(), keep: null }, (message) => {
    if (message.type === "result") shapes = (message.tables ?? []).map((t) => ({ name: t.name, length: t.length }));
    // No rows cross with the result: the pane asks for them.
    expect(message.type).not.toBe("rows");
  });
  const expected = simulate(book()).tables;
  expect(shapes).toEqual(expected.map((t) => ({ name: t.name, length: t.rows.length })));
  const block = async (table: number, start: number, count: number) => {
    let rows: unknown = null;
    await handleRequest({ type: "rows", id: 7, table, start, count }, (message) => {
      if (message.type === "rows") rows = message.rows;
    });
    return rows;
  };
  const journal = rowsOf(expected[0].rows);
  expect(await block(0, 0, 500)).toEqual(journal.slice(0, 500));
  expect(await block(0, journal.length - 3, 10)).toEqual(journal.slice(-3));
  expect(await block(1, 7, 5)).toEqual(rowsOf(expected[1].rows).slice(7, 12));
});

test("the client asks the worker for a block of rows and hands back its answer; with no worker there is nothing to ask", async () => {
  let asked: unknown = null;
  const client = new EngineClient(() => {
    const worker: Record<string, unknown> = { onmessage: null, onerror: null, onmessageerror: null, terminate: () => undefined };
    worker.postMessage = (message: { type: string; id?: number }) => setTimeout(() => {
      const answer = worker.onmessage as (event: unknown) => void;
      if (message.type === "rows") {
        asked = message;
        answer({ data: { type: "rows", id: message.id, rows: [["a"], ["b"]] } });
      } else answer({ data: { type: "result" } });
    }, 0);
    return worker as unknown as Worker;
  });
  await expect(client.rows(1, 0, 2)).rejects.toThrow("no longer here");
  await client.run(request, () => undefined);
  await expect(client.rows(1, 5, 2)).resolves.toEqual([["a"], ["b"]]);
  expect(asked).toEqual({ type: "rows", id: 1, table: 1, start: 5, count: 2 });
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

test("a cancel after the run has its result leaves the worker to answer for the rows: the write stops between blocks", async () => {
  let terminated = 0;
  const client = new EngineClient(() => {
    const worker: Record<string, unknown> = { onmessage: null, onerror: null, onmessageerror: null, terminate: () => void terminated++ };
    worker.postMessage = (message: { type: string; id?: number }) => setTimeout(() => {
      const answer = worker.onmessage as (event: unknown) => void;
      answer({ data: message.type === "rows" ? { type: "rows", id: message.id, rows: [["x"]] } : { type: "result" } });
    }, 0);
    return worker as unknown as Worker;
  });
  const controller = new AbortController();
  await client.run(request, () => undefined, controller.signal);
  controller.abort();
  await expect(client.rows(0, 0, 1)).resolves.toEqual([["x"]]);
  expect(terminated).toBe(0);
});

test("answers go to the requests that asked, however they overlap; a cancel ends a wait the worker does not answer", async () => {
  const { Cancelled } = await import("../../src/host/host");
  const posted: { type: string; id?: number; start?: number }[] = [];
  let worker: Record<string, unknown> = {};
  const client = new EngineClient(() => {
    worker = { onmessage: null, onerror: null, onmessageerror: null, terminate: () => undefined };
    worker.postMessage = (message: { type: string; id?: number }) => {
      posted.push(message);
      if (message.type !== "rows") setTimeout(() => (worker.onmessage as (event: unknown) => void)({ data: { type: "result" } }), 0);
    };
    return worker as unknown as Worker;
  });
  await client.run(request, () => undefined);
  const first = client.rows(0, 0, 1);
  const second = client.rows(0, 1, 1);
  const answer = worker.onmessage as (event: unknown) => void;
  // The second is answered first.
  answer({ data: { type: "rows", id: posted[2].id, rows: [["second"]] } });
  answer({ data: { type: "rows", id: posted[1].id, rows: [["first"]] } });
  await expect(Promise.all([first, second])).resolves.toEqual([[["first"]], [["second"]]]);
  // A request the worker never answers: the cancel ends it.
  const controller = new AbortController();
  const waiting = client.rows(0, 2, 1, controller.signal);
  controller.abort();
  await expect(waiting).rejects.toBeInstanceOf(Cancelled);
});

