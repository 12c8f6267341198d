/**
 * What the engine worker does with a request: the simulation and, for a file, reading and writing the
 * .xlsx workbook. Separate from the worker entry so tests can run it in-process.
 */
import { simulate, type OutputCell, type OutputTable, type ProgressStage } from "../../engine";
import { rowsOf, sliceRows } from "../../engine/workbook";
import { isInputSheetName, outputTableOfSheet } from "../io/workbook-sheets";
import { readXlsx } from "../io/xlsx/read";
import { splitForSheets, writeXlsxAsync } from "../io/xlsx/write";
import type { Compression } from "../io/xlsx/zip";
import type { WorkerRequest, WorkerResponse } from "./protocol";
import { cutoverChecks, reconciliationView } from "../host/outcome";

const STAGE_LABEL: Record<ProgressStage, string> = {
  parse: "Reading the sheets",
  journal: "Building the integration journal",
  invoicing: "Invoicing and sales tax",
  ledger: "Posting vouchers and the trial balance",
  output: "Preparing the results",
};

export type Post = (message: WorkerResponse, transfer?: Transferable[]) => void;

function keepOnly(tables: readonly OutputTable[], keep: readonly string[] | null): OutputTable[] {
  return keep ? tables.filter((t) => keep.includes(t.name)) : [...tables];
}

/**
 * Runs a request, posting progress and then the result. Writing a results workbook it yields between pieces,
 * so a `compression` that works on another thread (helper-compression.ts) gets its answers meanwhile.
 */
/** The output tables of the last "simulate-tables" run, whose rows the pane asks for a block at a time. */
let kept: OutputTable[] | null = null;

export async function handleRequest(request: WorkerRequest, post: Post, compression?: Compression): Promise<void> {
  if (request.type === "release") {
    kept = null;
    return;
  }
  if (request.type === "rows") {
    const table = kept?.[request.table];
    if (!table) {
      post({ type: "error", id: request.id, message: "The results of that run are no longer here: run it again" });
      return;
    }
    const count = Math.max(0, Math.min(request.count, table.rows.length - request.start));
    // Lazy rows cannot cross to the pane's thread: they go as plain arrays.
    post({ type: "rows", id: request.id, rows: rowsOf(sliceRows(table.rows, request.start, count)) as OutputCell[][] });
    return;
  }
  kept = null;
  const fileMode = request.type === "simulate-file";
  // In file mode reading takes the first quarter of the bar and writing the last; the engine the middle.
  const [from, span] = fileMode ? [0.25, 0.5] : [0, 1];
  let workbook = request.type === "simulate-tables" ? request.workbook : null;
  if (request.type === "simulate-file") {
    post({ type: "progress", label: "Opening the workbook", fraction: 0 });
    workbook = readXlsx(new Uint8Array(request.bytes), {
      includeSheet: isInputSheetName,
      onProgress: (f) => post({ type: "progress", label: "Opening the workbook", fraction: f * 0.25 }),
    });
  }
  if (!workbook) return;
  // The workbook was read or received for this run alone: the engine may drop its rows as it reads them.
  const result = simulate(workbook, { consumeInput: true, onProgress: (stage, f) => post({ type: "progress", label: STAGE_LABEL[stage], fraction: from + f * span }) });
  const tables = keepOnly(result.tables, request.keep);
  const names = new Set(tables.map((t) => t.name.toLowerCase()));
  let workbookFile: Blob | null = null;
  if (request.type === "simulate-file") {
    post({ type: "progress", label: "Writing the results workbook", fraction: 0.75 });
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let shown = 0;
    await writeXlsxAsync(tables.flatMap((t) => splitForSheets(t, true)), (chunk) => void chunks.push(chunk.slice()), {
      base: new Uint8Array(request.bytes),
      compression,
      onProgress: (f) => {
        // A step of the bar per percent written, not per piece.
        if (f - shown < 0.01) return;
        shown = f;
        post({ type: "progress", label: "Writing the results workbook", fraction: 0.75 + f * 0.25 });
      },
      // The fastest deflate, as the command line writes: a third less time than the default for a file about a fifth larger.
      level: 1,
      // A full run replaces every output sheet of an earlier run; a cutover rehearsal only its own.
      replace: (name) => {
        const table = outputTableOfSheet(name);
        return table !== null && (request.keep === null || names.has(table));
      },
    });
    // A Blob made here crosses to the pane by reference: the pane's thread never copies the workbook's bytes.
    workbookFile = new Blob(chunks, { type: XLSX_TYPE });
  }
  // The tables stay here, their rows formatted when the pane asks for a block of them (`handleRequest` "rows").
  kept = request.type === "simulate-tables" ? tables : null;
  post({ type: "progress", label: "Done", fraction: 1 });
  post({
    type: "result", summary: result.summary, issues: result.issues, accountingCurrency: result.accountingCurrency,
    tables: kept ? kept.map((t) => ({ name: t.name, columns: t.columns, length: t.rows.length })) : null, workbook: workbookFile, sheets: tables.map((t) => t.name), cutover: cutoverChecks(result.tables),
    // Only what was written: a cutover rehearsal writes no Reconciliation sheet for the view's rows to point to.
    reconciliation: names.has("reconciliation") ? reconciliationView(tables, result.summary.reconciliation) : null,
  });
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

