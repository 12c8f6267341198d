/**
 * The task pane (about 350 px wide): open a workbook (in a browser), run the simulation or the cutover
 * rehearsal with a progress bar, read the summary and the issues, click an issue to see its cell, insert
 * the template sheets, download the results. It talks only to a SimulationHost.
 */
import { useReducer, useRef } from "react";
import {
  Button, Caption1, Divider, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Text, Title3, makeStyles, tokens,
} from "@fluentui/react-components";
import type { Issue } from "../../engine";
import { Cancelled, type CellLocation, type RunMode, type SimulationHost } from "../host/host";
import { initialState, paneReducer } from "./state";
import { Summary } from "./components/Summary";
import { IssuesList } from "./components/IssuesList";
import { CutoverChecks } from "./components/CutoverChecks";
import { ReconcileView } from "./components/ReconcileView";

const useStyles = makeStyles({
  pane: { display: "flex", flexDirection: "column", gap: "12px", padding: "12px", maxWidth: "420px", boxSizing: "border-box", fontFamily: tokens.fontFamilyBase },
  actions: { display: "flex", flexWrap: "wrap", gap: "8px" },
  hidden: { display: "none" },
  visuallyHidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clipPath: "inset(50%)", whiteSpace: "nowrap" },
});

/** Issues that mean a sheet or a column the run needs is missing: they deserve a message of their own. */
function missingStructure(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => i.severity === "Error" && /Required column|has no Parameters sheet|'Accounting currency' is required/.test(i.message));
}

/** An error's message, for a sentence of the pane (without a full stop of its own). */
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\.+$/, "");

export function App({ host }: { host: SimulationHost }) {
  const styles = useStyles();
  const [state, dispatch] = useReducer(paneReducer, { ...initialState, fileName: host.fileName ?? null });
  const fileInput = useRef<HTMLInputElement>(null);
  /** Cancels the run under way. */
  const cancelRun = useRef<AbortController | null>(null);
  const standalone = host.kind === "standalone";
  const canRun = !state.busy && (!standalone || state.fileName !== null);

  const run = async (mode: RunMode) => {
    const controller = new AbortController();
    cancelRun.current = controller;
    dispatch({ type: "started", mode });
    try {
      const outcome = await host.run(mode, (progress) => dispatch({ type: "progress", progress }), controller.signal);
      dispatch({ type: "finished", outcome });
    } catch (error) {
      if (error instanceof Cancelled) dispatch({ type: "cancelled" });
      else dispatch({ type: "failed", title: "The run stopped", message: `${reason(error)}. Nothing was written` });
    } finally {
      cancelRun.current = null;
    }
  };

  const open = async (file: File | undefined) => {
    if (!file || !host.open) return;
    try {
      await host.open(file);
      dispatch({ type: "opened", fileName: file.name });
    } catch (error) {
      dispatch({ type: "failed", title: "The workbook could not be opened", message: reason(error) });
    }
  };

  const insertTemplate = async () => {
    try {
      const added = await host.insertTemplate();
      dispatch({ type: "notice", notice: added.length ? `Added ${added.length} sheets: ${added.join(", ")}` : "Every input sheet is already in the workbook" });
    } catch (error) {
      dispatch({ type: "failed", title: "The template sheets could not be added", message: reason(error) });
    }
  };

  /** Selects a cell an issue or a reconciliation row names; says so when Excel cannot. */
  const select = async (location: CellLocation) => {
    try {
      await host.selectCell(location);
    } catch (error) {
      dispatch({ type: "notice", notice: `That cell could not be selected: ${reason(error)}` });
    }
  };

  const structure = state.outcome ? missingStructure(state.outcome.issues) : [];

  return (
    <main className={styles.pane}>
      <header>
        <Title3 as="h1">Project Billing Simulator</Title3>
        <br />
        <Caption1>{standalone ? "Standalone: open an .xlsx workbook; nothing leaves this computer." : "Runs on this workbook, entirely on this computer."}</Caption1>
      </header>

      {standalone && (
        <div className={styles.actions}>
          <label htmlFor="open-workbook" className={styles.hidden}>Open workbook</label>
          <input id="open-workbook" ref={fileInput} className={styles.hidden} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-label="Open workbook" onChange={(e) => void open(e.target.files?.[0])} />
          <Button appearance="secondary" onClick={() => fileInput.current?.click()} disabled={state.busy}>Open workbook</Button>
          {state.fileName && <Text size={200} style={{ alignSelf: "center" }} data-testid="file-name">{state.fileName}</Text>}
        </div>
      )}

      <div className={styles.actions}>
        {/* Disabled but focusable: the button a keyboard user pressed keeps the focus while the run goes on. */}
        <Button appearance="primary" onClick={() => void run("simulation")} disabledFocusable={!canRun}>Run simulation</Button>
        <Button onClick={() => void run("cutover")} disabledFocusable={!canRun}>Rehearse cutover</Button>
        {!standalone && <Button appearance="subtle" onClick={() => void insertTemplate()} disabledFocusable={state.busy}>Insert template sheets</Button>}
        {/* Always there (disabled when idle), so that the focus stays on it when the run it cancelled ends. */}
        <Button appearance="secondary" onClick={() => cancelRun.current?.abort()} disabledFocusable={!state.busy}>Cancel</Button>
      </div>

      {/* Always present, so that a screen reader hears when a run finishes or fails (the percentages are not read out). */}
      <div aria-live="polite" role="status" className={styles.visuallyHidden} data-testid="announcement">{state.announcement}</div>
      {state.progress && (
        <div>
          <ProgressBar value={state.progress.fraction} thickness="large" aria-label={`Progress: ${state.progress.label}`} />
          <Caption1 data-testid="progress-label">{state.progress.label} · {Math.round(state.progress.fraction * 100)}%</Caption1>
        </div>
      )}

      {state.error && (
        <MessageBar intent="error">
          <MessageBarBody><MessageBarTitle>{state.error.title}</MessageBarTitle>{state.error.message}.</MessageBarBody>
        </MessageBar>
      )}
      {state.notice && <MessageBar intent="info"><MessageBarBody>{state.notice}</MessageBarBody></MessageBar>}

      {structure.length > 0 && (
        <MessageBar intent="error" data-testid="missing-structure">
          <MessageBarBody>
            <MessageBarTitle>Missing sheet or column</MessageBarTitle>
            {structure.map((i) => i.message).join(" ")}
          </MessageBarBody>
        </MessageBar>
      )}

      {state.outcome && (
        <>
          <Summary outcome={state.outcome} />
          {standalone && (
            <Button appearance="primary" onClick={() => host.download?.()}>Download results</Button>
          )}
          {!standalone && state.outcome.sheets.length > 0 && <Caption1>Written: {state.outcome.sheets.join(", ")}</Caption1>}
          <CutoverChecks checks={state.outcome.cutover} />
          {state.outcome.reconciliation && (
            <ReconcileView view={state.outcome.reconciliation} onSelect={(location) => void select(location)} selectable={!standalone && !state.busy} />
          )}
          <Divider />
          <IssuesList issues={state.outcome.issues} onSelect={(issue) => void select(issue)} selectable={!standalone && !state.busy} />
        </>
      )}
    </main>
  );
}
