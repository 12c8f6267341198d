/**
 * The cutover runbook: the documented procedure for migrating fully invoiced fixed-price milestones
 * (seeds/000, DOMAIN.md §10), or the team's own plan from the CutoverRunbook sheet.
 */
import type { DualWriteMap, RunbookAction } from "../1-parse/model";
import type { ParsedWorkbook } from "../1-parse/read-workbook";
import type { IssueLog } from "../core/issues";

export const MILESTONE_MAP: DualWriteMap = "msdyn_contractlinescheduleofvalues";
export const ACTUALS_MAP: DualWriteMap = "msdyn_actuals";
export const INVOICES_MAP: DualWriteMap = "invoices";
export const ALL_MAPS: readonly DualWriteMap[] = [MILESTONE_MAP, ACTUALS_MAP, INVOICES_MAP];
/** The cutover value map: Finance TRANSSTATUS 4 (Invoiced) = Dataverse invoice status 192350001 (Ready for invoicing). */
export const CUTOVER_VALUE_MAP = "4=192350001";

export interface RunbookStep {
  readonly step: string;
  readonly action: RunbookAction;
  readonly map: DualWriteMap | null;
  readonly value: string | null;
  /** CutoverRunbook row, or null for the documented procedure. */
  readonly row: number | null;
}

/** The documented procedure, step by step (seeds/000). */
export const DOCUMENTED_PROCEDURE: readonly RunbookStep[] = [
  ["Generate mapping", null, null],
  ["Stop map", MILESTONE_MAP, null],
  ["Refresh tables", MILESTONE_MAP, null],
  ["Add value map", MILESTONE_MAP, CUTOVER_VALUE_MAP],
  ["Save map version", MILESTONE_MAP, "Cutover"],
  ["Start map", MILESTONE_MAP, null],
  ["Migrate milestones", null, null],
  ["Stop map", MILESTONE_MAP, null],
  ["Stop map", ACTUALS_MAP, null],
  ["Stop map", INVOICES_MAP, null],
  ["Create invoices", null, null],
  ["Confirm invoices", null, null],
  ["Set map version", MILESTONE_MAP, "original"],
  ["Start map", MILESTONE_MAP, null],
  ["Start map", ACTUALS_MAP, null],
  ["Start map", INVOICES_MAP, null],
].map(([action, map, value], i) => ({ step: String(i + 1), action: action as RunbookAction, map: map as DualWriteMap | null, value: value as string | null, row: null }));

const NEEDS_MAP = new Set<RunbookAction>(["Stop map", "Refresh tables", "Add value map", "Save map version", "Start map", "Set map version"]);
const NEEDS_VALUE = new Set<RunbookAction>(["Add value map", "Save map version", "Set map version"]);

/**
 * The runbook to replay: the sheet's steps in step order, or the documented procedure when there is no sheet (or it
 * has no step). Steps missing a map or value are errors and left out; `leftOut` lists the rows not replayed, those
 * and the rows that could not be read at all, in row order.
 */
export function runbookSteps(book: ParsedWorkbook, issues: IssueLog): { steps: RunbookStep[]; documented: boolean; leftOut: number[] } {
  if (!book.runbook) return { steps: [...DOCUMENTED_PROCEDURE], documented: true, leftOut: [] };
  const sheet = book.sheets.get("CutoverRunbook") ?? "CutoverRunbook";
  const steps: RunbookStep[] = [];
  const leftOut = [...book.runbookUnreadRows];
  for (const s of [...book.runbook].sort((a, b) => a.step.comparedTo(b.step) || a.row - b.row)) {
    if (NEEDS_MAP.has(s.action) && !s.map) {
      issues.error(sheet, s.row, "Map", `'${s.action}' needs a Map: ${ALL_MAPS.join(", ")}`);
      leftOut.push(s.row);
      continue;
    }
    if (NEEDS_VALUE.has(s.action) && !s.value) {
      issues.error(sheet, s.row, "Value", s.action === "Add value map" ? `'Add value map' needs a Value such as ${CUTOVER_VALUE_MAP}` : `'${s.action}' needs a Value: a version name (or 'original')`);
      leftOut.push(s.row);
      continue;
    }
    steps.push({ step: s.step.toString(), action: s.action, map: s.map, value: s.value?.trim() ?? null, row: s.row });
  }
  return { steps, documented: false, leftOut: leftOut.sort((a, b) => a - b) };
}
