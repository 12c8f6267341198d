/**
 * What the task pane needs from wherever the workbook lives — Excel through Office.js, or a file opened
 * in a plain browser. UI components talk only to this interface, never to Office.js.
 */
import type { Issue, SimulationSummary } from "../../engine";

export interface RunProgress {
  /** What is happening, in words a user understands. */
  readonly label: string;
  /** 0 to 1. */
  readonly fraction: number;
}

export type ProgressListener = (progress: RunProgress) => void;

/** A cutover check as the pane shows it. */
export interface CheckRow {
  readonly check: string;
  readonly result: string;
  readonly detail: string;
}

/** A place in the workbook: a sheet, a worksheet row (header = 1) and a column by its header. */
export interface CellLocation {
  readonly sheet: string;
  readonly row: number | null;
  readonly column: string;
}

/** A reconciliation pair that does not match, with its row on the Reconciliation sheet. */
export interface ReconciliationRowView {
  readonly row: number;
  readonly sourceId: string;
  readonly mainAccount: string;
  readonly postingType: string;
  readonly simulated: string;
  readonly posted: string;
  readonly difference: string;
  readonly status: string;
  readonly explanation: string;
}

export interface ReconciliationView {
  readonly counts: Readonly<Record<string, number>>;
  readonly differing: readonly ReconciliationRowView[];
}

export interface RunOutcome {
  readonly summary: SimulationSummary;
  readonly issues: readonly Issue[];
  /** Cutover checks that did not pass (all of them when the rehearsal was asked for). */
  readonly cutover: readonly CheckRow[];
  readonly accountingCurrency: string | null;
  /** Output sheets written (Excel) or ready to download (standalone). */
  readonly sheets: readonly string[];
  /** Null when the workbook has no PostedVouchers sheet. */
  readonly reconciliation: ReconciliationView | null;
}

export type RunMode = "simulation" | "cutover";

export interface SimulationHost {
  readonly kind: "excel" | "standalone";
  /** Standalone: the workbook file the user opened, if any. */
  readonly fileName?: string | null;
  /** Standalone: open a workbook file. */
  open?(file: File): Promise<void>;
  /** Reads the workbook, runs the engine off the UI thread and writes (or prepares) the results. */
  /** Runs the simulation; `signal` cancels it, and a cancelled run changes nothing (it ends with `Cancelled`). */
  run(mode: RunMode, onProgress: ProgressListener, signal?: AbortSignal): Promise<RunOutcome>;
  /** Standalone: offer the results workbook for download. */
  download?(): void;
  /** Selects a cell: the one an issue names, or a row of an output sheet. */
  selectCell(location: CellLocation): Promise<void>;
  /** Adds the input sheets that are missing, with their headers and formats; returns their names. */
  insertTemplate(): Promise<string[]>;
}

/** A run the user cancelled: nothing was written, and the earlier results are as they were. */
export class Cancelled extends Error {
  constructor() {
    super("Cancelled");
    this.name = "Cancelled";
  }
}

/** Throws `Cancelled` once `signal` is aborted: checked between the steps of a run. */
export function stopIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Cancelled();
}
