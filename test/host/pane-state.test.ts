/** The pane's state: what a screen reader is told when a run ends, and failures titled by what failed. */
import { initialState, paneReducer } from "../../src/taskpane/state";
import type { RunOutcome } from "../../src/host/host";

const outcome = (errors: number, balanced = true) => ({
  summary: { vouchers: 3, voucherLines: 8, balanced, journalLines: 2, blockedLines: 0, proposals: 1, invoices: 1, errors, warnings: 1, cutover: null, reconciliation: null },
  issues: [], accountingCurrency: "USD", sheets: [], cutover: null, reconciliation: null,
}) as unknown as RunOutcome;

test("a finished run is announced with its counts; a failure with its title and reason", () => {
  const running = paneReducer(initialState, { type: "started", mode: "simulation" });
  expect(running.announcement).toBe("");
  const done = paneReducer(running, { type: "finished", outcome: outcome(2) });
  expect(done.announcement).toBe("Simulation finished: 3 vouchers, every voucher balances, 2 errors, 1 warnings.");
  // A new run empties it, so that the same outcome again is still a change the screen reader hears.
  expect(paneReducer(done, { type: "started", mode: "simulation" }).announcement).toBe("");
  const rehearsal = paneReducer(paneReducer(done, { type: "started", mode: "cutover" }), { type: "finished", outcome: outcome(0, false) });
  expect(rehearsal.announcement).toBe("Cutover rehearsal finished: 3 vouchers, not balanced, 0 errors, 1 warnings.");
  const failed = paneReducer(rehearsal, { type: "failed", title: "The workbook could not be opened", message: "the file is not an .xlsx workbook" });
  expect([failed.error, failed.announcement, failed.busy]).toEqual([
    { title: "The workbook could not be opened", message: "the file is not an .xlsx workbook" }, "The workbook could not be opened: the file is not an .xlsx workbook", false,
  ]);
});

test("a cancelled run is no failure: it says nothing was written and the earlier results stand", () => {
  const cancelled = paneReducer(paneReducer(initialState, { type: "started", mode: "simulation" }), { type: "cancelled" });
  expect([cancelled.busy, cancelled.error, cancelled.notice, cancelled.announcement]).toEqual([
    false, null, "Cancelled: nothing was written, and the earlier results are as they were.", "Cancelled: nothing was written, and the earlier results are as they were.",
  ]);
});

