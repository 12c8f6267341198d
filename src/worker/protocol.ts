/** Messages between the task pane and the engine worker. */
import type { InputWorkbook, Issue, OutputCell, OutputTable, SimulationSummary } from "../../engine";
import type { CheckRow, ReconciliationView } from "../host/host";

export type WorkerRequest =
  /** Excel host: the input tables read through Office.js. */
  | { readonly type: "simulate-tables"; readonly workbook: InputWorkbook; readonly keep: readonly string[] | null }
  /** Standalone: the .xlsx file itself; the worker reads it and writes the results workbook. */
  | { readonly type: "simulate-file"; readonly bytes: ArrayBuffer; readonly keep: readonly string[] | null };

export type WorkerResponse =
  | { readonly type: "progress"; readonly label: string; readonly fraction: number }
  /**
   * The next rows of output table `table` (its index in the result's `tables`), sent before the result in blocks
   * of a few thousand: the pane's thread takes them one message at a time instead of millions in one.
   */
  | { readonly type: "rows"; readonly table: number; readonly rows: OutputCell[][] }
  | {
      readonly type: "result";
      readonly summary: SimulationSummary;
      readonly issues: readonly Issue[];
      readonly accountingCurrency: string | null;
      /** The output tables (Excel host; their rows came before, in "rows" messages), or null when the worker wrote the workbook itself. */
      readonly tables: readonly OutputTable[] | null;
      /** The results workbook (standalone), made in the worker: the pane's thread never copies its bytes. */
      readonly workbook: Blob | null;
      readonly sheets: readonly string[];
      /** Cutover checks that did not pass. */
      readonly cutover: readonly CheckRow[];
      readonly reconciliation: ReconciliationView | null;
    }
  | { readonly type: "error"; readonly message: string };
