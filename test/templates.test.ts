/** The committed templates are exactly what the schema generates, and the sample reproduces the seeds' example. */
import * as fs from "node:fs";
import * as path from "node:path";
import { simulate, INPUT_SHEETS } from "../engine";
import { readXlsx } from "../src/io/xlsx/read";
import { sampleSheets, templateSheets, toBytes } from "../scripts/make-templates";
import { COHO_FOLDER, readCsvFolderSync, records, table } from "./helpers/workbooks";

const TEMPLATES = path.resolve(__dirname, "../templates");

test.each([
  ["blank-template.xlsx", templateSheets],
  ["sample.xlsx", sampleSheets],
])("templates/%s is what `npm run templates` generates from the schema", (file, make) => {
  const committed = fs.readFileSync(path.join(TEMPLATES, file));
  expect(toBytes(make()).equals(committed)).toBe(true);
});

test("the blank template has every input sheet and column of the contract", () => {
  const book = readXlsx(new Uint8Array(fs.readFileSync(path.join(TEMPLATES, "blank-template.xlsx"))));
  for (const spec of INPUT_SHEETS) {
    const sheet = book.sheets.find((s) => s.name === spec.name);
    expect(sheet?.rows[0]).toEqual(spec.columns.map((c) => c.name));
  }
  expect(book.sheets[0].name).toBe("Guide");
});

test("the blank template runs: it only asks for the accounting currency", () => {
  const result = simulate(readXlsx(new Uint8Array(fs.readFileSync(path.join(TEMPLATES, "blank-template.xlsx")))));
  expect(result.issues).toEqual([expect.objectContaining({ sheet: "Parameters", message: expect.stringContaining("'Accounting currency' is required") })]);
});

/** A table's records without its dimension columns (the sample has dimensions for the cutover; the CSV example has none). */
const withoutDimensions = (rows: Record<string, string | null>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith("Dim "))));

test("the sample workbook gives the same results as the seeds' CSV example, table for table", () => {
  const fromXlsx = simulate(readXlsx(new Uint8Array(fs.readFileSync(path.join(TEMPLATES, "sample.xlsx")))));
  const fromCsv = simulate(readCsvFolderSync(COHO_FOLDER));
  expect(fromXlsx.issues).toEqual([]);
  for (const name of ["IntegrationJournal", "GLVouchers", "TrialBalance", "InvoiceProposals", "ProposalLines", "SalesTax", "InvoiceDocuments", "ForecastPreview"]) {
    expect(withoutDimensions(records(table(fromXlsx.tables, name)))).toEqual(withoutDimensions(records(table(fromCsv.tables, name))));
  }
});

test("the sample workbook rehearses the cutover of Coho Winery's two legacy-invoiced milestones cleanly", () => {
  const result = simulate(readXlsx(new Uint8Array(fs.readFileSync(path.join(TEMPLATES, "sample.xlsx")))));
  const report = records(table(result.tables, "CutoverReport"));
  expect(report.filter((r) => r.Result === "Fail")).toEqual([]);
  expect(report.find((r) => r.Check === "Contract value C-COHO")?.Detail).toContain("10,000.00 GBP");
  expect(records(table(result.tables, "CutoverMilestones")).map((m) => [m.Milestone, m.Migrated, m["Finance status"], m["Ledger impact"]])).toEqual([
    ["M-COHO-1", "Yes", "Invoiced (4)", "0.00"], ["M-COHO-2", "Yes", "Invoiced (4)", "0.00"], ["M-COHO-3", "No", null, "0.00"],
  ]);
});

test("the README's example: the sample without the value map would bill Coho Winery 10,000.00 GBP = 12,500.00 USD again", () => {
  const book = readXlsx(new Uint8Array(fs.readFileSync(path.join(TEMPLATES, "sample.xlsx"))));
  const runbook = [
    ["Step", "Action", "Map", "Value"],
    [1, "Stop map", "msdyn_contractlinescheduleofvalues", null], [2, "Start map", "msdyn_contractlinescheduleofvalues", null],
    [3, "Migrate milestones", null, null], [4, "Stop map", "msdyn_contractlinescheduleofvalues", null], [5, "Stop map", "msdyn_actuals", null],
    [6, "Stop map", "invoices", null], [7, "Create invoices", null, null], [8, "Confirm invoices", null, null],
    [9, "Start map", "msdyn_contractlinescheduleofvalues", null], [10, "Start map", "msdyn_actuals", null], [11, "Start map", "invoices", null],
  ];
  const result = simulate({ sheets: [...book.sheets, { name: "CutoverRunbook", rows: runbook }] });
  const report = records(table(result.tables, "CutoverReport"));
  // 2 × 5,000 GBP, no sales tax group on the contract, at the fixed rate 1.25.
  expect(report.find((r) => r.Check === "Customer balance impact")?.Detail).toBe("Would be billed again: COHO 10,000.00 GBP = 12,500.00 USD");
});

test("the README's reconciliation: Finance posting the sample's WIP at the market rate 1.30 is caught and explained", () => {
  const book = readXlsx(new Uint8Array(fs.readFileSync(path.join(TEMPLATES, "sample.xlsx"))));
  const sheets = book.sheets.map((s) => (s.name !== "PostedVouchers" ? s : {
    ...s,
    rows: s.rows.map((r) => (r[2] === "161300" && r[0] === "USPM-000102" ? [...r.slice(0, 6), 1300, ...r.slice(7)] : r[2] === "420200" && r[0] === "USPM-000102" ? [...r.slice(0, 6), -1300, ...r.slice(7)] : r)),
  }));
  const result = simulate({ sheets });
  const differing = records(table(result.tables, "Reconciliation")).filter((r) => r.Status !== "Match");
  // 1,000 GBP × 1.30 = 1,300 posted against 1,000 × 1.25 = 1,250 simulated, on both sides of the voucher.
  expect(differing.map((r) => [r["Source id"], r["Main account"], r.Simulated, r.Posted, r.Difference])).toEqual([
    ["T-001", "161300", "1250.00", "1300.00", "50.00"], ["T-001", "420200", "-1250.00", "-1300.00", "-50.00"],
    ["Account total", "161300", "0.00", "50.00", "50.00"], ["Account total", "420200", "0.00", "-50.00", "-50.00"],
  ]);
  expect(differing[0].Explanation).toBe("Posted at rate 130 instead of 125 (the market rate of 2026-08-27, where the contract's fixed-rate agreement applies): 50.00 USD");
});
