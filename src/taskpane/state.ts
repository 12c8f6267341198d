/** The pane's state: what the user has done and what the last run gave. */
import type { RunMode, RunOutcome, RunProgress } from "../host/host";

export interface PaneState {
  readonly busy: boolean;
  readonly mode: RunMode | null;
  readonly progress: RunProgress | null;
  readonly outcome: RunOutcome | null;
  /** What failed (the run, opening a workbook, adding the template) and why, in the user's terms. */
  readonly error: { readonly title: string; readonly message: string } | null;
  /** What a screen reader is told when something finishes: the run's outcome, or a failure. */
  readonly announcement: string;
  readonly notice: string | null;
  readonly fileName: string | null;
}

export type PaneAction =
  | { type: "opened"; fileName: string }
  | { type: "started"; mode: RunMode }
  | { type: "progress"; progress: RunProgress }
  | { type: "finished"; outcome: RunOutcome }
  | { type: "failed"; title: string; message: string }
  | { type: "cancelled" }
  | { type: "notice"; notice: string | null };

const CANCELLED = "Cancelled: nothing was written, and the earlier results are as they were.";

export const initialState: PaneState = { busy: false, mode: null, progress: null, outcome: null, error: null, notice: null, fileName: null, announcement: "" };

export function paneReducer(state: PaneState, action: PaneAction): PaneState {
  switch (action.type) {
    case "opened":
      return { ...initialState, fileName: action.fileName };
    case "started":
      // The announcement is emptied, so that an outcome like the last one is still a change a screen reader hears.
      return { ...state, busy: true, mode: action.mode, progress: { label: "Starting", fraction: 0 }, error: null, notice: null, announcement: "" };
    case "progress":
      return { ...state, progress: action.progress };
    case "finished": {
      const s = action.outcome.summary;
      const announcement = `${state.mode === "cutover" ? "Cutover rehearsal" : "Simulation"} finished: ${s.vouchers} vouchers, ${s.balanced ? "every voucher balances" : "not balanced"}, ${s.errors} errors, ${s.warnings} warnings.`;
      return { ...state, busy: false, progress: null, outcome: action.outcome, announcement };
    }
    case "failed":
      return { ...state, busy: false, progress: null, error: { title: action.title, message: action.message }, announcement: `${action.title}: ${action.message}` };
    case "cancelled":
      return { ...state, busy: false, progress: null, notice: CANCELLED, announcement: CANCELLED };
    case "notice":
      return { ...state, notice: action.notice };
  }
}
