/** Messages between the task pane and the engine worker. */
import type { InputWorkbook, Issue, OutputCell, OutputColumn, SimulationSummary } from "../../engine";
import type { CheckRow, ReconciliationView } from "../host/host";

export type WorkerRequest =
  /** Excel host: the input tables read through Office.js. */
  | { readonly type: "simulate-tables"; readonly workbook: InputWorkbook; readonly keep: readonly string[] | null }
  /** Standalone: the .xlsx file itself; the worker reads it and writes the results workbook. */
  | { readonly type: "simulate-file"; readonly bytes: ArrayBuffer; readonly keep: readonly string[] | null }
  /** Excel host, after a "simulate-tables" result: rows `start` to `start + count` of output table `table`. */
  | { readonly type: "rows"; readonly id: number; readonly table: number; readonly start: number; readonly count: number }
  /** Excel host, once the results are written: the worker may let the last run's tables go. */
  | { readonly type: "release" };

/** An output table as the pane first learns of it: its rows stay in the worker until asked for ("rows"). */
export interface TableShape {
  readonly name: string;
  readonly columns: readonly OutputColumn[];
  readonly length: number;
}

export type WorkerResponse =
  | { readonly type: "progress"; readonly label: string; readonly fraction: number }
  /** The rows a "rows" request asked for (its `id`). */
  | { readonly type: "rows"; readonly id: number; readonly rows: OutputCell[][] }
  | {
      readonly type: "result";
      readonly summary: SimulationSummary;
      readonly issues: readonly Issue[];
      readonly accountingCurrency: string | null;
      /** The output tables (Excel host; their rows are asked for by "rows" requests), or null when the worker wrote the workbook itself. */
      readonly tables: readonly TableShape[] | null;
      /** The results workbook (standalone), made in the worker: the pane's thread never copies its bytes. */
      readonly workbook: Blob | null;
      readonly sheets: readonly string[];
      /** Cutover checks that did not pass. */
      readonly cutover: readonly CheckRow[];
      readonly reconciliation: ReconciliationView | null;
    }
  /** A request failed: the "rows" request `id`, or the run when there is none. */
  | { readonly type: "error"; readonly message: string; readonly id?: number };
