/** What a run shows in the pane, from the engine's result. */
import { rowsOf, type OutputTable } from "../../engine/workbook";
import type { WorkerResult } from "../worker/engine-client";
import type { CheckRow, ReconciliationView, RunOutcome } from "./host";

/** The sheets a cutover rehearsal writes. */
export const CUTOVER_SHEETS: readonly string[] = ["CutoverReport", "CutoverMilestones", "Issues"];

export function outcomeOf(result: WorkerResult, sheets: readonly string[]): RunOutcome {
  return { summary: result.summary, issues: result.issues, accountingCurrency: result.accountingCurrency, sheets, cutover: result.cutover, reconciliation: result.reconciliation };
}

/** The cutover checks that did not pass, from the CutoverReport table. */
export function cutoverChecks(tables: readonly OutputTable[]): CheckRow[] {
  const report = tables.find((t) => t.name === "CutoverReport");
  if (!report) return [];
  return rowsOf(report.rows).filter((r) => r[1] !== "Pass").map((r) => ({ check: r[0] ?? "", result: r[1] ?? "", detail: r[2] ?? "" }));
}

/** The pairs of the Reconciliation table that do not match, with their worksheet rows. */
export function reconciliationView(tables: readonly OutputTable[], counts: Readonly<Record<string, number>> | null): ReconciliationView | null {
  const table = tables.find((t) => t.name === "Reconciliation");
  if (!table || !counts) return null;
  const differing = rowsOf(table.rows)
    .map((r, i) => ({ r, row: i + 2 }))
    .filter(({ r }) => r[6] !== "Match")
    .map(({ r, row }) => ({
      row, sourceId: r[0] ?? "", mainAccount: r[1] ?? "", postingType: r[2] ?? "", simulated: r[3] ?? "", posted: r[4] ?? "",
      difference: r[5] ?? "", status: r[6] ?? "", explanation: r[7] ?? "",
    }));
  return { counts, differing };
}
