/** What a run shows in the pane, from the engine's result. */
import type { OutputTable } from "../../engine";
import type { WorkerResult } from "../worker/engine-client";
import type { CheckRow, RunOutcome } from "./host";

/** The sheets a cutover rehearsal writes. */
export const CUTOVER_SHEETS: readonly string[] = ["CutoverReport", "CutoverMilestones", "Issues"];

export function outcomeOf(result: WorkerResult, sheets: readonly string[]): RunOutcome {
  return { summary: result.summary, issues: result.issues, accountingCurrency: result.accountingCurrency, sheets, cutover: result.cutover };
}

/** The cutover checks that did not pass, from the CutoverReport table. */
export function cutoverChecks(tables: readonly OutputTable[]): CheckRow[] {
  const report = tables.find((t) => t.name === "CutoverReport");
  if (!report) return [];
  return report.rows.filter((r) => r[1] !== "Pass").map((r) => ({ check: r[0] ?? "", result: r[1] ?? "", detail: r[2] ?? "" }));
}
