/**
 * The cutover rehearsal (SPEC §4, DOMAIN.md §10, seeds/000): the documented procedure on a clean
 * milestone sheet passes with zero ledger impact; each validation catches its broken milestone; faulty
 * runbooks fail with their consequence stated in money.
 */
import fc from "fast-check";
import { simulate } from "../../engine";
import type { CellValue } from "../../engine/workbook";
import { billingSheets, withTransactions, workbook, type Sheets } from "../helpers/build";
import { records, table } from "../helpers/workbooks";

const MILESTONE_HEADER: CellValue[] = ["Milestone", "Contract", "Contract line", "Name", "Date", "Amount", "Invoice status", "Legacy invoiced", "Dim BusinessUnit"];

/**
 * Contract C-USD line 2 is fixed price, 10,000 USD. M-1 (4,000) and M-2 (3,000) were invoiced in the legacy
 * system; M-3 (3,000) was not. The workbook's dimensions are BusinessUnit and CostCenter: the line gives
 * CostCenter CC-FP, each milestone its BusinessUnit.
 */
function cutoverSheets(): Sheets {
  const s = billingSheets();
  s.Parameters.push(["Go-live date", "2026-09-01"], ["Maintenance mode", "Yes"], ["Finance version", "10.0.41"]);
  s.ContractLines[2][5] = "CC-FP";
  s.Milestones = [
    MILESTONE_HEADER,
    ["M-1", "C-USD", 2, "Design", "2026-03-31", 4000, "Ready for invoicing", "Yes", "BU1"],
    ["M-2", "C-USD", 2, "Build", "2026-06-30", 3000, 192350001, "Yes", "BU1"],
    ["M-3", "C-USD", 2, "Go-live", "2026-10-31", 3000, "Not ready for invoicing", "No", "BU1"],
  ];
  return s;
}

const RUNBOOK_HEADER: CellValue[] = ["Step", "Action", "Map", "Value"];
const DOCUMENTED: CellValue[][] = [
  [1, "Generate mapping", null, null],
  [2, "Stop map", "msdyn_contractlinescheduleofvalues", null],
  [3, "Refresh tables", "msdyn_contractlinescheduleofvalues", null],
  [4, "Add value map", "msdyn_contractlinescheduleofvalues", "4=192350001"],
  [5, "Save map version", "msdyn_contractlinescheduleofvalues", "Cutover"],
  [6, "Start map", "msdyn_contractlinescheduleofvalues", null],
  [7, "Migrate milestones", null, null],
  [8, "Stop map", "msdyn_contractlinescheduleofvalues", null],
  [9, "Stop map", "msdyn_actuals", null],
  [10, "Stop map", "invoices", null],
  [11, "Create invoices", null, null],
  [12, "Confirm invoices", null, null],
  [13, "Set map version", "msdyn_contractlinescheduleofvalues", "original"],
  [14, "Start map", "msdyn_contractlinescheduleofvalues", null],
  [15, "Start map", "msdyn_actuals", null],
  [16, "Start map", "invoices", null],
];

function rehearse(adjust?: (s: Sheets) => void) {
  const s = cutoverSheets();
  adjust?.(s);
  const result = simulate(workbook(s));
  const report = records(table(result.tables, "CutoverReport"));
  const milestones = records(table(result.tables, "CutoverMilestones"));
  const row = (check: string) => {
    const found = report.find((r) => r.Check === check);
    if (!found) throw new Error(`no check '${check}' in ${report.map((r) => r.Check).join(" | ")}`);
    return found;
  };
  const failed = report.filter((r) => r.Result === "Fail").map((r) => r.Check);
  return { result, report, milestones, row, failed };
}

const withRunbook = (steps: CellValue[][]) => (s: Sheets) => { s.CutoverRunbook = [RUNBOOK_HEADER, ...steps]; };
const without = (...numbers: number[]) => DOCUMENTED.filter((r) => !numbers.includes(r[0] as number));

describe("the documented procedure on a clean milestone sheet", () => {
  const { report, milestones, failed, row, result } = rehearse();

  test("every check passes; the only warning is the milestone that was not invoiced in the legacy system", () => {
    expect(failed).toEqual([]);
    expect(report.filter((r) => r.Result === "Warning").map((r) => r.Check)).toEqual(["Milestone M-3: invoiced in the legacy system"]);
    expect(row("Runbook").Detail).toContain("The documented procedure (16 steps)");
  });

  test("M-1 and M-2 end Customer invoice posted in Dataverse and Invoiced in Finance, with no ledger impact", () => {
    expect(milestones.map((m) => [m.Milestone, m.Migrated, m["Dataverse status"], m["Finance status"], m["Ledger impact"]])).toEqual([
      ["M-1", "Yes", "Customer invoice posted (192350003)", "Invoiced (4)", "0.00"],
      ["M-2", "Yes", "Customer invoice posted (192350003)", "Invoiced (4)", "0.00"],
      ["M-3", "No", null, null, "0.00"],
    ]);
  });

  test("contract value 7,000.00 USD counts; customer balance and ledger untouched", () => {
    expect(row("Contract value C-USD")).toMatchObject({ Result: "Pass", Detail: expect.stringContaining("7,000.00 USD") });
    expect(row("Customer balance impact")).toMatchObject({ Result: "Pass" });
    expect(row("General ledger impact")).toMatchObject({ Result: "Pass" });
    expect(result.summary.cutover).toEqual({ failed: 0, ledgerImpact: "0.00" });
  });

  test("the same procedure written out as a CutoverRunbook sheet gives the same outcome", () => {
    const own = rehearse(withRunbook(DOCUMENTED));
    expect(own.failed).toEqual([]);
    expect(own.milestones).toEqual(milestones);
  });
});

describe("each milestone validation catches its broken milestone", () => {
  test("preconditions: Finance before 10.0.24, no maintenance mode", () => {
    const { row } = rehearse((s) => {
      s.Parameters = s.Parameters.map((r) => (r[0] === "Finance version" ? [r[0], "10.0.20"] : r[0] === "Maintenance mode" ? [r[0], "No"] : r));
    });
    expect(row("Finance version")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("10.0.20") });
    expect(row("Maintenance mode")).toMatchObject({ Result: "Fail" });
  });

  test("a milestone on a time-and-material line", () => {
    const { row } = rehearse((s) => { s.Milestones[2][2] = 1; });
    expect(row("Milestone M-2: fixed-price line")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("time and material") });
  });

  test("a dimension left empty after defaulting, which cannot be edited after migration", () => {
    const { row } = rehearse((s) => { s.Milestones[1][8] = null; });
    expect(row("Milestone M-1: dimensions")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("no Dim BusinessUnit") });
  });

  test("the line's milestones above its amount: 4,000 + 3,000 + 3,000 + 2,500 = 12,500 > 10,000", () => {
    const { row } = rehearse((s) => { s.Milestones.push(["M-4", "C-USD", 2, "Extra", "2026-07-31", 2500, "Ready for invoicing", "Yes", "BU1"]); });
    expect(row("Contract line C-USD / 2: amount")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("12,500.00 USD, 2,500.00 above the line amount 10,000.00") });
  });

  test("a duplicated id", () => {
    const { row } = rehearse((s) => { s.Milestones.push(["M-1", "C-USD", 2, "Again", "2026-04-30", 100, "Ready for invoicing", "Yes", "BU1"]); });
    expect(row("Milestone M-1: unique id")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("rows 2, 5") });
  });

  test("a milestone dated after go-live", () => {
    const { row } = rehearse((s) => { s.Milestones[2][4] = "2026-09-15"; });
    expect(row("Milestone M-2: date")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("after go-live on 2026-09-01") });
  });

  test("a milestone loaded as Customer invoice posted reaches Finance open and would be billed again: 3,000 + 21% VAT = 3,630.00", () => {
    const { row, milestones } = rehearse((s) => { s.Milestones[2][6] = 192350003; });
    expect(row("Milestone M-2: initial status")).toMatchObject({ Result: "Fail" });
    expect(milestones[1]).toMatchObject({ "Finance status": "Not invoiced (0)", "Ledger impact": "3630.00" });
  });
});

describe("faulty runbooks fail with the consequence in money", () => {
  // Billing M-1 and M-2 again: 7,000.00 USD net; P-USD's group PRJ-TAX ∩ SERVICES = VAT, 21% on the go-live
  // date 2026-09-01: 1,470.00; the customer would owe 8,470.00 more.
  test("skipping the value map: the milestones reach Finance open and would be invoiced again", () => {
    const { failed, row, milestones, result } = rehearse(withRunbook(without(4, 5)));
    expect(failed).toEqual(expect.arrayContaining(["Step 7: Migrate milestones", "Value map before migration", "Finance status", "Contract value C-USD", "Customer balance impact", "General ledger impact"]));
    expect(milestones.slice(0, 2).map((m) => [m["Finance status"], m["Ledger impact"]])).toEqual([["Not invoiced (0)", "4840.00"], ["Not invoiced (0)", "3630.00"]]);
    expect(row("Customer balance impact").Detail).toBe("Would be billed again: CUST 8,470.00 USD = 8,470.00 USD");
    expect(row("General ledger impact").Detail).toBe("Would post, in USD at the rates of 2026-09-01: 130100 Accounts receivable 8,470.00; 401500 Revenue on-account -7,000.00; 222100 -1,470.00");
    expect(result.summary.cutover).toEqual({ failed: expect.any(Number), ledgerImpact: "8470.00" });
  });

  test("confirming before stopping the maps: Finance gets proposals with billed actuals, 8,470.00 USD billed again", () => {
    const reordered = [...without(8, 9, 10).map((r) => (r[0] as number) < 11 ? r : [(r[0] as number) + 10, ...r.slice(1)]), [21, "Stop map", "msdyn_contractlinescheduleofvalues", null], [22, "Stop map", "msdyn_actuals", null], [23, "Stop map", "invoices", null]];
    const { row } = rehearse(withRunbook(reordered));
    expect(row("Maps stopped before pro-formas are confirmed")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("Finance gets invoice proposals with their billed actuals") });
    expect(row("Customer balance impact").Detail).toBe("Would be billed again: CUST 8,470.00 USD = 8,470.00 USD");
  });

  test("forgetting to stop invoices: proposal headers in Finance, 8,470.00 USD at risk", () => {
    const { row, failed } = rehearse(withRunbook(without(10)));
    expect(failed).toContain("Maps stopped before pro-formas are confirmed");
    expect(row("Maps stopped before pro-formas are confirmed").Detail).toContain("invoices is still running: Finance gets invoice proposal headers");
    expect(row("Customer balance impact")).toMatchObject({ Result: "Fail", Detail: expect.stringMatching(/^Nothing is billed yet, but 8,470.00 USD at risk: while invoices ran/) });
  });

  test("forgetting to stop msdyn_actuals: billed actuals in staging, 8,470.00 USD at risk", () => {
    const { row } = rehearse(withRunbook(without(9)));
    expect(row("Customer balance impact")).toMatchObject({ Result: "Fail", Detail: expect.stringMatching(/^Nothing is billed yet, but 8,470.00 USD at risk: while msdyn_actuals ran/) });
  });

  test("never restarting msdyn_actuals: the work after go-live never reaches Finance, valued from the journal", () => {
    // One transaction after go-live: 10 h × 50 cost = 500.00; × 80 sales = 800.00 USD.
    const { row } = rehearse((s) => {
      withRunbook(without(15))(s);
      Object.assign(s, withTransactions(s, [["T-AFTER", "P-USD", 1, "Design", "2026-09-02", 10, 50, 80], ["T-BEFORE", "P-USD", 1, "Design", "2026-08-02", 1, 1, 1]]));
    });
    expect(row("Maps at the end: msdyn_actuals running")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("1 transactions, cost 500.00 and unbilled sales 800.00 USD from 2026-09-01") });
  });

  test("leaving the milestone map on the cutover version: the 3,000.00 USD still to bill would never be invoiced", () => {
    const { row } = rehearse(withRunbook(without(13)));
    expect(row("Maps at the end: msdyn_contractlinescheduleofvalues version")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("the 1 milestones still to bill total 3,000.00 USD") });
  });

  test("migrating while the milestone map is stopped: nothing reaches Finance", () => {
    const { row, milestones } = rehearse(withRunbook(without(6)));
    expect(row("Step 7: Migrate milestones")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("none reaches Finance") });
    expect(milestones[0]).toMatchObject({ "Finance status": "Not in Finance", Note: expect.stringContaining("never reached Finance") });
    expect(row("Finance status")).toMatchObject({ Result: "Fail" });
  });

  test("steps out of order: confirming before creating, a version that was never saved", () => {
    const { row } = rehearse(withRunbook([...without(11, 13), [30, "Create invoices", null, null], [31, "Set map version", "msdyn_contractlinescheduleofvalues", "Cutover v2"]]));
    expect(row("Step 12: Confirm invoices")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("No pro-forma invoices were created") });
    expect(row("Step 31: Set map version msdyn_contractlinescheduleofvalues Cutover v2")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("has no version 'Cutover v2'") });
  });

  test("saving the cutover mapping over 'original' fails, and the map is left on the value map at the end", () => {
    const steps = DOCUMENTED.map((r) => (r[0] === 5 ? [5, "Save map version", "msdyn_contractlinescheduleofvalues", "original"] : r));
    const { row, failed } = rehearse(withRunbook(steps));
    expect(row("Step 5: Save map version msdyn_contractlinescheduleofvalues original")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("shipped version") });
    // Nothing was saved, so the milestones reach Finance without the value map.
    expect(failed).toEqual(expect.arrayContaining(["Value map before migration", "Finance status"]));
  });

  test("confirming before creating confirms nothing: the milestones are not Customer invoice posted", () => {
    const swapped = DOCUMENTED.map((r) => (r[0] === 11 ? [12, "Create invoices", null, null] : r[0] === 12 ? [11, "Confirm invoices", null, null] : r));
    const { row, milestones } = rehearse(withRunbook(swapped));
    expect(row("Dataverse status")).toMatchObject({ Result: "Fail", Detail: expect.stringContaining("'Customer invoice created'") });
    expect(milestones[0]["Dataverse status"]).toBe("Customer invoice created (192350002)");
  });

  test("a runbook step without its map is an issue on its row, and the rehearsal says the plan was not all rehearsed", () => {
    const { result, row } = rehearse(withRunbook([...DOCUMENTED, [17, "Stop map", null, null]]));
    expect(result.issues).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: "CutoverRunbook", row: 18, column: "Map" })]));
    expect(row("Runbook")).toEqual({ Check: "Runbook", Result: "Fail", Detail: "CutoverRunbook row 18 has errors (see Issues) and was left out: the 16 steps rehearsed are not the whole plan; fix it and run again" });
  });

  test("a runbook whose steps all have errors is not replaced by the documented procedure: nothing passes for it", () => {
    // Step typed as text on every row: each row is an error and none is rehearsed.
    const { result, row, failed } = rehearse(withRunbook(DOCUMENTED.map((r) => [`Step ${r[0]}`, ...r.slice(1)])));
    const stepErrors = result.issues.filter((i) => i.sheet === "CutoverRunbook" && i.column === "Step");
    expect(stepErrors.map((i) => i.row)).toEqual(DOCUMENTED.map((_, i) => i + 2));
    const rows = DOCUMENTED.map((_, i) => i + 2).join(", ");
    expect(row("Runbook")).toEqual({ Check: "Runbook", Result: "Fail", Detail: `CutoverRunbook rows ${rows} have errors (see Issues) and were left out: the 0 steps rehearsed are not the whole plan; fix them and run again` });
    expect(failed).toEqual(expect.arrayContaining(["Runbook", "Migrate milestones", "Confirm invoices"]));
    expect(result.summary.cutover?.failed).toBeGreaterThanOrEqual(3);
  });

  test("a runbook sheet missing a required column is not replaced by the documented procedure either", () => {
    const { row, failed } = rehearse((s) => { s.CutoverRunbook = [["Step", "Actions", "Map", "Value"], ...DOCUMENTED]; });
    expect(row("Runbook")).toEqual({ Check: "Runbook", Result: "Fail", Detail: "The CutoverRunbook sheet could not be read (a required column is missing; see Issues): none of its steps was rehearsed; fix the sheet and run again" });
    expect(failed).toEqual(expect.arrayContaining(["Runbook", "Migrate milestones"]));
  });

  test("one unreadable step among good ones: the others are rehearsed, and the runbook fails naming the row", () => {
    const { row, failed } = rehearse(withRunbook(DOCUMENTED.map((r) => (r[0] === 9 ? ["nine", ...r.slice(1)] : r))));
    expect(row("Runbook")).toMatchObject({ Result: "Fail", Detail: expect.stringMatching(/^CutoverRunbook row 10 has errors .* the 15 steps rehearsed/) });
    // Without step 9 (stop msdyn_actuals), the actuals map runs while invoices are confirmed.
    expect(failed).toContain("Maps stopped before pro-formas are confirmed");
  });
});

test("milestones in a currency whose Currencies row has errors cannot be valued: each is an error, none is counted at a guessed rounding", () => {
  const { result, failed } = rehearse((s) => { s.Currencies[1] = ["USD", "#N/A"]; });
  const milestoneErrors = result.issues.filter((i) => i.sheet === "Milestones" && i.message.startsWith("Currencies row 2 (USD) has errors"));
  expect(milestoneErrors.map((i) => i.row)).toEqual([2, 3, 4]);
  expect(failed).toEqual(expect.arrayContaining(["Milestone M-1: fixed-price line", "Milestone M-2: fixed-price line"]));
});

test("a legacy-invoiced milestone on a pro-forma is refused: invoicing it again would bill twice", () => {
  const s = cutoverSheets();
  s.ProformaInvoices.push(["PF-1", "C-USD", "2026-09-30", "Confirmed", null, null]);
  s.ProformaLines.push(["PF-1", "M-1"]);
  const result = simulate(workbook(s));
  expect(records(table(result.tables, "InvoiceProposals"))[0]).toMatchObject({ Status: "Rejected" });
  expect(result.issues).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: "ProformaLines", message: expect.stringContaining("invoiced in the legacy system") })]));
});

test("a workbook without legacy milestones or a runbook rehearses nothing", () => {
  const s = billingSheets();
  const result = simulate(workbook(s));
  expect(result.tables.map((t) => t.name)).not.toContain("CutoverReport");
  expect(result.cutover).toBeNull();
});

describe("any runbook", () => {
  const actions = ["Generate mapping", "Stop map", "Refresh tables", "Add value map", "Save map version", "Start map", "Migrate milestones", "Create invoices", "Confirm invoices", "Set map version"];
  const maps = ["msdyn_contractlinescheduleofvalues", "msdyn_actuals", "invoices"];
  const step = fc.record({
    action: fc.constantFrom(...actions),
    map: fc.constantFrom(...maps),
    value: fc.constantFrom("4=192350001", "Cutover", "original", "0=192350000"),
  });

  test("never throws; a milestone has ledger impact only if it would be billed again, and the impacts add up to the customer balance impact", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (steps) => {
        const runbook = steps.map((s, i) => [i + 1, s.action, s.map, s.value]);
        const { milestones, row, result } = rehearse(withRunbook(runbook));
        let total = 0;
        for (const m of milestones) {
          const impact = Number(m["Ledger impact"]);
          total += impact;
          if (impact !== 0) expect(m.Note).toMatch(/bills it again|bills the customer again/);
          if (m.Migrated === "No") expect(impact).toBe(0);
        }
        const detail = row("Customer balance impact").Detail as string;
        if (total === 0) expect(detail).not.toMatch(/^Would be billed again/);
        else expect(detail).toContain(`= ${total.toLocaleString("en-US", { minimumFractionDigits: 2 })} USD`);
        // The rehearsal never posts a voucher of its own.
        expect(result.vouchers.filter((v) => v.source === "Invoice")).toEqual([]);
      }),
      { seed: 4, numRuns: 200 },
    );
  });
});
