/** The engine worker of the built task pane: webpack bundles it from this URL. */
export function createEngineWorker(): Worker {
  return new Worker(new URL("../worker/engine.worker.ts", import.meta.url));
}
