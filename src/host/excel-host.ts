/** The task pane inside Excel: inputs read through the adapter, the engine in its worker, outputs written back. */
import type { OutputCell } from "../../engine";
import type { WorkerRequest } from "../worker/protocol";
import type { WorkerResult } from "../worker/engine-client";
import { insertTemplateSheets, readInputWorkbook, selectIssueCell, writeOutputTables } from "./excel-workbook";
import { stopIfCancelled, type CellLocation, type ProgressListener, type RunMode, type RunOutcome, type SimulationHost } from "./host";
import { CUTOVER_SHEETS, outcomeOf } from "./outcome";

/** Runs a request in the engine worker; `signal` stops the worker (the run then ends with `Cancelled`). */
export type EngineRunner = (request: WorkerRequest, onProgress: ProgressListener, signal?: AbortSignal) => Promise<WorkerResult>;

/**
 * The rows of the last run's output tables, kept by the engine's worker: asked for a block at a time
 * (EngineClient.rows, which `signal` cancels), and let go once written.
 */
export interface RowSupply {
  rows(table: number, start: number, count: number, signal?: AbortSignal): Promise<readonly (readonly OutputCell[])[]>;
  release(): void;
}

export class ExcelHost implements SimulationHost {
  readonly kind = "excel" as const;

  constructor(private readonly engine: EngineRunner, private readonly supply: RowSupply) {}

  run(mode: RunMode, onProgress: ProgressListener, signal?: AbortSignal): Promise<RunOutcome> {
    return inUserTerms(this.runInExcel(mode, onProgress, signal));
  }

  private async runInExcel(mode: RunMode, onProgress: ProgressListener, signal?: AbortSignal): Promise<RunOutcome> {
    // Reading takes the first 30% of the bar, the engine the next 40%, writing the rest.
    const workbook = await readInputWorkbook((done, total) => onProgress({ label: "Reading the sheets", fraction: 0.3 * (done / Math.max(1, total)) }), signal);
    const keep = mode === "cutover" ? CUTOVER_SHEETS : null;
    const result = await this.engine({ type: "simulate-tables", workbook, keep }, (p) => onProgress({ label: p.label, fraction: 0.3 + 0.4 * p.fraction }), signal);
    stopIfCancelled(signal);
    // The rows stay in the worker; each block is asked for as the write reaches it.
    const tables = (result.tables ?? []).map((t, i) => ({ ...t, rows: (start: number, count: number) => this.supply.rows(i, start, count, signal) }));
    let sheets: string[];
    try {
      sheets = await writeOutputTables(tables, (done, total) => onProgress({ label: "Writing the results", fraction: 0.7 + 0.3 * (done / Math.max(1, total)) }), mode === "cutover", signal);
    } finally {
      this.supply.release();
    }
    onProgress({ label: "Done", fraction: 1 });
    return outcomeOf(result, sheets);
  }

  selectCell(location: CellLocation): Promise<void> {
    return inUserTerms(selectIssueCell(location.sheet, location.row, location.column));
  }

  insertTemplate(): Promise<string[]> {
    return inUserTerms(insertTemplateSheets());
  }
}

/** What Excel's error codes mean for the user, and what to do (Office.js `OfficeExtension.Error.code`). */
const EXCEL_ERRORS: Readonly<Record<string, string>> = {
  InvalidOperationInCellEditMode: "Excel is editing a cell: press Enter or Esc in the sheet, then try again",
  AccessDenied: "the workbook or a sheet is protected: unprotect it (Review › Unprotect), then try again",
  ItemNotFound: "a sheet changed while this ran (renamed or deleted): try again",
  RequestPayloadSizeLimitExceeded: "Excel refused a block of data as too large: try again; if it persists, run the command line on the saved file",
  ResponsePayloadSizeLimitExceeded: "Excel refused a block of data as too large: try again; if it persists, run the command line on the saved file",
  GeneralException: "Excel could not complete a step (it may be busy or short of memory): try again",
};

/** The same outcome, a failure told in the user's terms where Excel gave a code for it. */
async function inUserTerms<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const known = typeof code === "string" ? EXCEL_ERRORS[code] : undefined;
    throw known ? new Error(known) : error;
  }
}
