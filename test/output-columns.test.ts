/**
 * SPEC §5: every output sheet, its columns in the contract's order, then the `Dim …` columns on the sheets that
 * carry dimensions. The lists below are typed from SPEC §5's table, not taken from the engine, so that a renamed or
 * reordered column fails here. The sample workbook produces every output sheet (cutover and reconciliation included)
 * and has two dimensions.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { simulate } from "../engine";
import { readXlsx } from "../src/io/xlsx/read";

const SPEC_COLUMNS: Record<string, string[]> = {
  IntegrationJournal: [
    "Journal", "Line", "Voucher", "Transaction", "Project", "Category", "Line type", "Resource", "Date", "Quantity", "Price", "Amount", "Currency",
    "Exchange rate", "Accounting amount", "Sales tax group", "Item sales tax group", "Status",
  ],
  GLVouchers: [
    "Voucher", "Date", "Source", "Source id", "Main account", "Account name", "Posting type", "Project", "Currency", "Amount", "Exchange rate",
    "Accounting amount",
  ],
  TrialBalance: ["Main account", "Account name", "Debit", "Credit", "Balance"],
  InvoiceProposals: [
    "Proposal", "Contract", "Customer", "Currency", "Invoice date", "Status", "Invoice", "Net amount", "Sales tax", "Total", "Exchange rate",
    "Accounting total", "Blocked by",
  ],
  ProposalLines: [
    "Proposal", "Line", "Source", "Line type", "Project", "Category", "Quantity", "Sales price", "Amount", "Sales tax group", "Item sales tax group",
    "Sales tax",
  ],
  SalesTax: ["Proposal", "Line", "Tax code", "Base", "Rate", "Tax amount", "Currency", "Accounting amount"],
  InvoiceDocuments: ["Proposal", "Invoice", "Format", "Line", "Description", "Quantity", "Amount"],
  ForecastPreview: ["Project", "Category", "Date", "Hours", "Sales price", "Amount", "Currency", "Exchange rate", "Accounting amount"],
  CutoverReport: ["Check", "Result", "Detail"],
  CutoverMilestones: ["Milestone", "Contract", "Contract line", "Amount", "Migrated", "Dataverse status", "Finance status", "Ledger impact", "Note"],
  Reconciliation: ["Source id", "Main account", "Posting type", "Simulated", "Posted", "Difference", "Status", "Explanation"],
  Issues: ["Severity", "Sheet", "Row", "Column", "Message"],
};
/** SPEC §5 gives these sheets `Dim …` columns after their own. */
const WITH_DIMENSIONS = new Set(["IntegrationJournal", "GLVouchers", "ProposalLines"]);

test("every output sheet of SPEC §5, in its order, with its columns in the contract's order and dimensions last", () => {
  const book = readXlsx(new Uint8Array(fs.readFileSync(path.resolve(__dirname, "../templates/sample.xlsx"))));
  const result = simulate(book);
  expect(result.tables.map((t) => t.name)).toEqual(Object.keys(SPEC_COLUMNS));
  const dimensions = ["Dim BusinessUnit", "Dim CostCenter"];
  for (const table of result.tables) {
    const expected = [...SPEC_COLUMNS[table.name], ...(WITH_DIMENSIONS.has(table.name) ? dimensions : [])];
    expect([table.name, table.columns.map((c) => c.name)]).toEqual([table.name, expected]);
  }
});
