/** The pane's state: what the user has done and what the last run gave. */
import type { RunMode, RunOutcome, RunProgress } from "../host/host";

export interface PaneState {
  readonly busy: boolean;
  readonly mode: RunMode | null;
  readonly progress: RunProgress | null;
  readonly outcome: RunOutcome | null;
  readonly error: string | null;
  readonly notice: string | null;
  readonly fileName: string | null;
}

export type PaneAction =
  | { type: "opened"; fileName: string }
  | { type: "started"; mode: RunMode }
  | { type: "progress"; progress: RunProgress }
  | { type: "finished"; outcome: RunOutcome }
  | { type: "failed"; error: string }
  | { type: "notice"; notice: string | null };

export const initialState: PaneState = { busy: false, mode: null, progress: null, outcome: null, error: null, notice: null, fileName: null };

export function paneReducer(state: PaneState, action: PaneAction): PaneState {
  switch (action.type) {
    case "opened":
      return { ...initialState, fileName: action.fileName };
    case "started":
      return { ...state, busy: true, mode: action.mode, progress: { label: "Starting", fraction: 0 }, error: null, notice: null };
    case "progress":
      return { ...state, progress: action.progress };
    case "finished":
      return { ...state, busy: false, progress: null, outcome: action.outcome };
    case "failed":
      return { ...state, busy: false, progress: null, error: action.error };
    case "notice":
      return { ...state, notice: action.notice };
  }
}
