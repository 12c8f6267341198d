/**
 * Reconciliation against what Finance posted (issue: controller reconciliation): exact matches, and
 * deliberate differences each caught and explained.
 */
import { simulate } from "../../engine";
import type { CellValue } from "../../engine/workbook";
import { billingSheets, withTransactions, workbook } from "../helpers/build";
import { COHO_FOLDER, readCsvFolderSync, records, table, withSheet } from "../helpers/workbooks";

const HEADER: CellValue[] = ["Voucher", "Date", "Main account", "Posting type", "Currency", "Amount", "Accounting amount", "Project", "Source id"];

/** What Finance posted for the seeds' Coho Winery example: the journal vouchers and invoice CI-000001. */
function cohoPosted(): CellValue[][] {
  return [
    HEADER,
    ["FIN-1", "2026-08-27", "540100", "Project - cost", "USD", 480, 480, "P-COHO", "T-001"],
    ["FIN-1", "2026-08-27", "600300", "Project - payroll allocation", "USD", -480, -480, "P-COHO", "T-001"],
    ["FIN-2", "2026-08-27", "161300", "Project - WIP - sales value", "GBP", 1000, 1250, "P-COHO", "T-001"],
    ["FIN-2", "2026-08-27", "420200", "Project - accrued revenue", "GBP", -1000, -1250, "P-COHO", "T-001"],
    ["FIN-3", "2026-08-31", "161300", "Project - WIP - sales value", "GBP", -1000, -1250, "P-COHO", "CI-000001"],
    ["FIN-3", "2026-08-31", "420200", "Project - accrued revenue", "GBP", 1000, 1250, "P-COHO", "CI-000001"],
    ["FIN-3", "2026-08-31", "411100", "Project - invoiced revenue", "GBP", -1000, -1250, "P-COHO", "CI-000001"],
    ["FIN-3", "2026-08-31", "130100", "Customer balance", "GBP", 1000, 1250, "P-COHO", "CI-000001"],
  ];
}

function reconcileCoho(posted: CellValue[][]) {
  const result = simulate(withSheet(readCsvFolderSync(COHO_FOLDER), "PostedVouchers", posted));
  const rows = records(table(result.tables, "Reconciliation"));
  return { result, pairs: rows.filter((r) => r["Source id"] !== "Account total"), accounts: rows.filter((r) => r["Source id"] === "Account total") };
}

test("what Finance posted matches the simulation exactly: every pair and every account Match", () => {
  const { pairs, accounts, result } = reconcileCoho(cohoPosted());
  expect(pairs).toHaveLength(8);
  expect(pairs.every((r) => r.Status === "Match" && r.Difference === "0.00")).toBe(true);
  // The invoice number CI-000001 in Finance's export is the simulation's proposal PF-1001.
  expect(pairs.filter((r) => r["Source id"] === "PF-1001")).toHaveLength(4);
  expect(accounts.map((a) => [a["Main account"], a.Simulated, a.Posted, a.Status])).toEqual([
    ["130100", "1250.00", "1250.00", "Match"], ["161300", "0.00", "0.00", "Match"], ["411100", "-1250.00", "-1250.00", "Match"],
    ["420200", "0.00", "0.00", "Match"], ["540100", "480.00", "480.00", "Match"], ["600300", "-480.00", "-480.00", "Match"],
  ]);
  expect(result.summary.reconciliation).toEqual({ Match: 8, Difference: 0, "Only simulated": 0, "Only posted": 0 });
});

test("an export without posting types matches by source and account", () => {
  const posted = cohoPosted().map((r, i) => (i === 0 ? r : [...r.slice(0, 3), null, ...r.slice(4)]));
  const { pairs } = reconcileCoho(posted);
  expect(pairs).toHaveLength(8);
  expect(pairs.every((r) => r.Status === "Match" && r["Posting type"] === null)).toBe(true);
});

test("the WIP voucher posted at the market rate 1.30 instead of the fixed 1.25: 1,000 GBP = 1,300, not 1,250", () => {
  const posted = cohoPosted();
  posted[3][6] = 1300;
  posted[4][6] = -1300;
  const { pairs } = reconcileCoho(posted);
  const wip = pairs.find((r) => r["Source id"] === "T-001" && r["Main account"] === "161300");
  expect(wip).toMatchObject({ Simulated: "1250.00", Posted: "1300.00", Difference: "50.00", Status: "Difference" });
  expect(wip?.Explanation).toBe("Posted at rate 130 instead of 125 (the market rate of 2026-08-27, where the contract's fixed-rate agreement applies): 50.00 USD");
});

test("the accrual reversed at another rate on the invoice", () => {
  const posted = cohoPosted();
  posted[5][6] = -1300;
  const { pairs } = reconcileCoho(posted);
  expect(pairs.find((r) => r["Source id"] === "PF-1001" && r["Main account"] === "161300")?.Explanation).toMatch(/^The accrual was reversed at rate 130, not at the rate 125 it was posted with/);
});

test("a missing invoice and an extra posting", () => {
  const posted = cohoPosted().slice(0, 5);
  posted.push(["FIN-9", "2026-08-30", "540100", "Project - cost", "USD", 75, 75, "P-COHO", "T-999"]);
  const { pairs, accounts, result } = reconcileCoho(posted);
  const invoice = pairs.filter((r) => r["Source id"] === "PF-1001");
  expect(invoice.map((r) => r.Status)).toEqual(["Only simulated", "Only simulated", "Only simulated", "Only simulated"]);
  expect(invoice[0].Explanation).toContain("Invoice for proposal PF-1001 not found among the posted vouchers");
  expect(pairs.find((r) => r["Source id"] === "T-999")).toMatchObject({ Status: "Only posted", Posted: "75.00", Simulated: null, Difference: "75.00" });
  expect(accounts.find((a) => a["Main account"] === "540100")).toMatchObject({ Simulated: "480.00", Posted: "555.00", Difference: "75.00", Status: "Difference" });
  expect(result.summary.reconciliation).toEqual({ Match: 4, Difference: 0, "Only simulated": 4, "Only posted": 1 });
});

test("a tax amount rounded the other way, and a tax code missing in Finance", () => {
  // Travel → EXPENSES = LOW 7.5%: 5.00 × 7.5% = 0.375 → 0.38 (Normal). Finance posted 0.37.
  const sheets = withTransactions(billingSheets(), [["T1", "P-USD", 1, "Travel", "2026-08-03", 1, 0, 5], ["T2", "P-USD", 1, "Design", "2026-08-03", 1, 0, 100]]);
  sheets.ProformaInvoices.push(["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null], ["PF-2", "C-USD", "2026-08-31", "Confirmed", null, null]);
  sheets.ProformaLines.push(["PF-1", "T1"], ["PF-2", "T2"]);
  sheets.PostedVouchers = [
    HEADER,
    ["F-1", "2026-08-31", "222200", "Sales tax", "USD", -0.37, -0.37, "P-USD", "CI-000001"],
    ["F-2", "2026-08-31", "411100", "Project - invoiced revenue", "USD", -100, -100, "P-USD", "CI-000002"],
  ];
  const result = simulate(workbook(sheets));
  const rows = records(table(result.tables, "Reconciliation"));
  const tax = rows.find((r) => r["Source id"] === "PF-1" && r["Main account"] === "222200");
  expect(tax).toMatchObject({ Simulated: "-0.38", Posted: "-0.37", Difference: "0.01", Status: "Difference" });
  expect(tax?.Explanation).toMatch(/^Sales tax rounded the other way: 0.01/);
  // PF-2: VAT 21% on 100.00 = 21.00 simulated on 222100, nothing posted.
  expect(rows.find((r) => r["Source id"] === "PF-2" && r["Main account"] === "222100")).toMatchObject({
    Status: "Only simulated", Simulated: "-21.00", Explanation: expect.stringContaining("Sales tax of PF-2 was not posted in Finance"),
  });
});

test("without a PostedVouchers sheet there is no reconciliation", () => {
  const result = simulate(readCsvFolderSync(COHO_FOLDER));
  expect(result.tables.map((t) => t.name)).not.toContain("Reconciliation");
  expect(result.summary.reconciliation).toBeNull();
});
