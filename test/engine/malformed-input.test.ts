/**
 * SPEC §3, §5, §6 and §7 against a corpus of malformed input: empty and header-only workbooks, repeated
 * columns and ids, Excel error cells, formulas, dates and numbers in the forms people paste, -0,
 * corrections, Unicode and formula-like ids, a huge cell and awkward CSV. (The full-size sheet is a
 * performance target, measured by `npm run bench`, not by a timed test.) Each case
 * names the issue it expects (severity, sheet, worksheet row, column, message) and checks that the
 * engine never throws and still computes what the bad cell does not affect.
 */
import { INPUT_SHEETS, simulate } from "../../engine";
import { rowsOf, type CellValue } from "../../engine/workbook";
import { formatCsvRows, parseCsv } from "../../src/io/csv";
import { baseSheets, withTransactions, workbook, type Sheets, type TransactionRow } from "../helpers/build";
import { records, table } from "../helpers/workbooks";

const GOOD: TransactionRow = ["T-GOOD", "P-USD", 1, "Design", "2026-05-04", 2, 50, 100];

/** The base setup with T-GOOD on worksheet row 2 and `rows` from row 3 on. */
function run(rows: TransactionRow[], adjust?: (s: Sheets) => void) {
  const sheets = withTransactions(baseSheets(), [GOOD, ...rows]);
  adjust?.(sheets);
  return results(simulate(workbook(sheets)));
}

function results(result: ReturnType<typeof simulate>) {
  return {
    result,
    journal: records(table(result.tables, "IntegrationJournal")),
    vouchers: records(table(result.tables, "GLVouchers")),
  };
}

const issue = (severity: "Error" | "Warning", sheet: string, row: number | null, column: string, message: string) =>
  expect.objectContaining({ severity, sheet, row, column, message: expect.stringContaining(message) });

/** T-GOOD's journal lines: 2 h × 50 cost and × 100 sales, in USD. */
const goodPosted = (journal: Record<string, string | null>[]) =>
  journal.filter((l) => l.Transaction === "T-GOOD").map((l) => [l["Line type"], l.Status, l.Quantity, l["Accounting amount"]]);
const GOOD_POSTED = [["Cost", "Posted", "2", "100.00"], ["Sales", "Posted", "2", "200.00"]];

const linesOf = (journal: Record<string, string | null>[], id: string) =>
  journal.filter((l) => l.Transaction === id).map((l) => [l["Line type"], l.Status, l.Quantity, l.Price, l.Amount]);

/** Every input sheet of the contract with its header row only. */
function headerOnlyBook(parameters: CellValue[][]) {
  return { sheets: INPUT_SHEETS.map((s) => ({ name: s.name, rows: s.name === "Parameters" ? parameters : [s.columns.map((c) => c.name)] })) };
}

describe("empty and header-only workbooks", () => {
  test("a workbook with no sheets at all: one error asking for a Parameters sheet, and only Issues is output", () => {
    const result = simulate({ sheets: [] });
    expect(result.issues).toEqual([issue("Error", "Parameters", null, "", "The workbook has no Parameters sheet; add one with the columns Key and Value")]);
    expect(result.tables.map((t) => t.name)).toEqual(["Issues"]);
    expect(table(result.tables, "Issues").rows).toHaveLength(1);
    expect(result.summary).toMatchObject({ journalLines: 0, vouchers: 0, balanced: true, errors: 1, warnings: 0 });
  });

  test("Parameters with its header row and no rows: one error asking for the Accounting currency, nothing computed", () => {
    const result = simulate({ sheets: [{ name: "Parameters", rows: [["Key", "Value"]] }] });
    expect(result.issues).toEqual([issue("Error", "Parameters", null, "Value", "Parameter 'Accounting currency' is required")]);
    expect(result.tables.map((t) => t.name)).toEqual(["Issues"]);
  });

  test("every input sheet with headers only and no Accounting currency: that one error, nothing else", () => {
    const result = simulate(headerOnlyBook([["Key", "Value"]]));
    expect(result.issues).toEqual([issue("Error", "Parameters", null, "Value", "Parameter 'Accounting currency' is required")]);
    expect(result.summary).toMatchObject({ journalLines: 0, vouchers: 0, voucherLines: 0, balanced: true });
  });

  test("every input sheet with headers only: no issue, no journal line, no voucher, a zero trial balance", () => {
    const result = simulate(headerOnlyBook([["Key", "Value"], ["Accounting currency", "USD"]]));
    expect(result.issues).toEqual([]);
    expect(result.summary).toMatchObject({ journalLines: 0, blockedLines: 0, vouchers: 0, voucherLines: 0, balanced: true, proposals: 0, invoices: 0, errors: 0, warnings: 0 });
    for (const name of ["IntegrationJournal", "GLVouchers", "InvoiceProposals", "ProposalLines", "SalesTax", "InvoiceDocuments", "ForecastPreview", "Issues"]) {
      expect([name, table(result.tables, name).rows.length]).toEqual([name, 0]);
    }
    expect(records(table(result.tables, "TrialBalance"))).toEqual([{ "Main account": "Total", "Account name": "", Debit: "0.00", Credit: "0.00", Balance: "0.00" }]);
  });

  test("a header-only CutoverRunbook and no legacy-invoiced milestone rehearse nothing: no failed cutover checks", () => {
    // README: the rehearsal runs "when the workbook has legacy-invoiced milestones or a runbook"; a sheet with no
    // step is no runbook (SPEC §3: a sheet without rows reads as empty), and the blank template has this sheet.
    const result = simulate(headerOnlyBook([["Key", "Value"], ["Accounting currency", "USD"]]));
    expect(result.summary.cutover).toBeNull();
    expect(result.tables.map((t) => t.name)).not.toContain("CutoverReport");
  });
});

describe("duplicate header columns", () => {
  test("a column that appears twice: the first one is used and a warning names the second on the header row", () => {
    const { result, journal } = run([], (s) => {
      s.Transactions[0] = [...s.Transactions[0], "QUANTITY"];
      s.Transactions[1] = [...s.Transactions[1], 99];
    });
    expect(result.issues).toEqual([issue("Warning", "Transactions", 1, "QUANTITY", "Column 'QUANTITY' appears twice; the first one is used")]);
    expect(goodPosted(journal)).toEqual(GOOD_POSTED);
  });

  test("a Dim column that appears twice: the first one is used, with a warning", () => {
    const { result, journal } = run([], (s) => {
      s.Transactions[0] = [...s.Transactions[0], "Dim CostCenter", "Dim CostCenter"];
      s.Transactions[1] = [...s.Transactions[1], "CC-A", "CC-B"];
    });
    expect(result.issues).toEqual([issue("Warning", "Transactions", 1, "Dim CostCenter", "Dimension column 'Dim CostCenter' appears twice; the first one is used")]);
    expect(journal.map((l) => l["Dim CostCenter"])).toEqual(["CC-A", "CC-A"]);
  });
});

describe("repeated ids", () => {
  test("a repeated project: an error on the later row, and the first row's contract and group are used", () => {
    const { result, journal, vouchers } = run([], (s) => s.Projects.push(["P-USD", "C-GBP", "NOWIP", null, "BU9", "CC9"]));
    expect(result.issues).toEqual([issue("Error", "Projects", 7, "Project", "Duplicate project 'P-USD': row 2 already defines it; this row is ignored")]);
    expect(journal.map((l) => [l["Line type"], l.Currency, l["Dim BusinessUnit"]])).toEqual([["Cost", "USD", "BU1"], ["Sales", "USD", "BU1"]]);
    expect(vouchers.map((v) => v["Main account"])).toEqual(["540100", "600300", "161300", "420200"]);
  });

  test("a repeated contract: an error on the later row, and the first row's currency is used", () => {
    const { result, journal } = run([], (s) => s.Contracts.push(["C-USD", "CUST", "GBP", null]));
    expect(result.issues).toEqual([issue("Error", "Contracts", 7, "Contract", "Duplicate contract 'C-USD': row 2 already defines it; this row is ignored")]);
    expect(journal.map((l) => [l["Line type"], l.Currency, l["Exchange rate"], l["Accounting amount"]])).toEqual([["Cost", "USD", "100", "100.00"], ["Sales", "USD", "100", "200.00"]]);
  });

  test("a repeated category: an error on the later row, and the first row's transaction type and tax group are used", () => {
    const { result, journal, vouchers } = run([], (s) => s.Categories.push(["Design", "Expense", "EXPENSES"]));
    expect(result.issues).toEqual([issue("Error", "Categories", 6, "Category", "Duplicate category 'Design': row 2 already defines it; this row is ignored")]);
    expect(vouchers.filter((v) => v["Source id"] === "T-GOOD").map((v) => v["Posting type"])).toContain("Project - payroll allocation");
    expect(journal.find((l) => l["Line type"] === "Sales")?.["Item sales tax group"]).toBe("SERVICES");
  });

  test("a repeated transaction id after trimming is an error; another case is another id", () => {
    const { result, journal } = run([[" T-GOOD ", "P-USD", 1, "Design", "2026-05-04", 9, 50, 100], ["t-good", "P-USD", 1, "Design", "2026-05-04", 1, 50, 100]]);
    expect(result.issues).toEqual([issue("Error", "Transactions", 3, "Transaction", "Duplicate transaction 'T-GOOD': row 2 already defines it; this row is ignored")]);
    expect(goodPosted(journal)).toEqual(GOOD_POSTED);
    expect(linesOf(journal, "t-good")).toEqual([["Cost", "Posted", "1", "50", "50.00"], ["Sales", "Posted", "1", "100", "100.00"]]);
  });

  test("a repeated transaction id after a row that could not be read is still a repeated id, and is not posted", () => {
    // docs/decisions.md: "A repeated id (transaction, project, contract, …) is an error on the later row, which is ignored."
    const { result, journal } = run([["T-1", "P-USD", 1, "Design", "2026-05-04", "x", 50, 100], ["T-1", "P-USD", 1, "Design", "2026-05-04", 3, 50, 100]]);
    expect(result.issues).toEqual([
      issue("Error", "Transactions", 3, "Quantity", "'x' is not a number"),
      issue("Error", "Transactions", 4, "Transaction", "Duplicate transaction 'T-1': row 3"),
    ]);
    expect(linesOf(journal, "T-1")).toEqual([]);
    expect(goodPosted(journal)).toEqual(GOOD_POSTED);
  });
});

describe("Excel error cells", () => {
  test.each(["#N/A", "#REF!", "#VALUE!", "#DIV/0!"])("%s in an id, a date and a number column: an error on each cell naming it; the row is left out, the rest computed", (error) => {
    const { result, journal } = run([["T-ERR", error, 1, "Design", error, error, 50, 100]]);
    expect(result.issues).toEqual([
      issue("Error", "Transactions", 3, "Project", `Project: the cell holds the Excel error ${error}; fix the formula or type the value`),
      issue("Error", "Transactions", 3, "Date", `Date: the cell holds the Excel error ${error}; fix the formula or type a date`),
      issue("Error", "Transactions", 3, "Quantity", `Quantity: the cell holds the Excel error ${error}; fix the formula or type a number`),
    ]);
    expect(linesOf(journal, "T-ERR")).toEqual([]);
    expect(goodPosted(journal)).toEqual(GOOD_POSTED);
    expect(result.summary.balanced).toBe(true);
  });

  test("an error cell as a parameter's value is an error on its row, once, and the parameter takes its default", () => {
    const { result, journal } = run([], (s) => {
      s.Parameters[3] = ["Fixed rate agreements enabled", "#N/A"];
      s.Parameters.push(["Sales tax calculation", "#VALUE!"], ["Penny difference account", "#REF!"]);
    });
    expect(result.issues).toEqual([
      issue("Error", "Parameters", 4, "Value", "Parameter 'Fixed rate agreements enabled': the cell holds the Excel error #N/A; fix the formula or type the value; the default 'No' is used"),
      issue("Error", "Parameters", 5, "Value", "Parameter 'Sales tax calculation': the cell holds the Excel error #VALUE!; fix the formula or type the value; the default 'Line' is used"),
      issue("Error", "Parameters", 6, "Value", "Parameter 'Penny difference account': the cell holds the Excel error #REF!; fix the formula or type the value; it counts as not set"),
    ]);
    expect(goodPosted(journal)).toEqual(GOOD_POSTED);
  });

  test("an error cell in an optional number column (Sales price #DIV/0!) also leaves the row out", () => {
    const { result, journal } = run([["T-ERR", "P-USD", 1, "Design", "2026-05-04", 1, 50, "#DIV/0!"]]);
    expect(result.issues).toEqual([issue("Error", "Transactions", 3, "Sales price", "Excel error #DIV/0!")]);
    expect(linesOf(journal, "T-ERR")).toEqual([]);
  });

  test("a transaction on a project whose row holds an error cell points to that row, not to an unknown project", () => {
    const { result, journal } = run([["T-BAD", "P-BAD", 1, "Design", "2026-05-04", 1, 50, 100]], (s) => s.Projects.push(["P-BAD", "#REF!", "WIP", null, null, null]));
    expect(result.issues).toEqual([
      issue("Error", "Projects", 7, "Contract", "Contract: the cell holds the Excel error #REF!"),
      issue("Error", "Transactions", 3, "Project", "row 7"),
    ]);
    expect(result.issues[1].message).not.toContain("Unknown project");
    expect(linesOf(journal, "T-BAD").map(([type, status]) => [type, status])).toEqual([["Cost", "Blocked"], ["Sales", "Blocked"]]);
  });
});

describe("formulas", () => {
  test("a formula's cached value is read as the 15 digits Excel shows: =0.01+0.075 arrives as 0.08499999999999999 and is 0.085", () => {
    // docs/decisions.md: numbers from Excel are read at Excel's own 15 significant digits (what the cell shows).
    const price = 0.01 + 0.075; // the double Excel computes and caches
    expect(price).toBe(0.08499999999999999);
    const { result, journal } = run([["T-F", "P-USD", 1, "Design", "2026-05-04", 1, 10, price]]);
    expect(result.issues).toEqual([]);
    expect(linesOf(journal, "T-F")).toEqual([["Cost", "Posted", "1", "10", "10.00"], ["Sales", "Posted", "1", "0.085", "0.09"]]);
  });

  test("'=A1' typed as text is just an id in an id column, and an error in a number column", () => {
    const { result, journal } = run([["=A1", "P-USD", 1, "Design", "2026-05-04", 1, 50, 100], ["T-NUM", "P-USD", 1, "Design", "2026-05-04", "=A1", 50, 100]]);
    expect(result.issues).toEqual([issue("Error", "Transactions", 4, "Quantity", "Quantity: '=A1' is not a number; type digits with '.' for decimals")]);
    expect(linesOf(journal, "=A1")).toEqual([["Cost", "Posted", "1", "50", "50.00"], ["Sales", "Posted", "1", "100", "100.00"]]);
    expect(linesOf(journal, "T-NUM")).toEqual([]);
  });

  test("ids that look like formulas (=1+1, +44, -T-001, @home, =A1) are kept verbatim through journal and vouchers", () => {
    const { result, journal, vouchers } = run([["=1+1", "+44", 1, "@home", "2026-05-04", 1, 50, 100], ["-T-001", "+44", 1, "@home", "2026-05-04", 2, 50, 100]], (s) => {
      s.Contracts.push(["=A1", "CUST", "USD", null]);
      s.ContractLines.push(["=A1", 1, "+44", "Time and material", null, null]);
      s.Projects.push(["+44", "=A1", "WIP", null, "@BU", null]);
      s.Categories.push(["@home", "Hour", null]);
    });
    expect(result.issues).toEqual([]);
    expect(journal.filter((l) => l.Project === "+44").map((l) => [l.Transaction, l.Project, l.Category, l["Line type"], l.Status, l["Dim BusinessUnit"]])).toEqual([
      ["=1+1", "+44", "@home", "Cost", "Posted", "@BU"], ["=1+1", "+44", "@home", "Sales", "Posted", "@BU"],
      ["-T-001", "+44", "@home", "Cost", "Posted", "@BU"], ["-T-001", "+44", "@home", "Sales", "Posted", "@BU"],
    ]);
    expect([...new Set(vouchers.filter((v) => v.Project === "+44").map((v) => v["Source id"]))]).toEqual(["=1+1", "-T-001"]);
    expect(result.summary.balanced).toBe(true);
  });
});

describe("dates", () => {
  test.each<[CellValue]>([["2026-08-27"], ["2026-08-27T00:00:00"], [46261], [46261.5]])("%p reads as 2026-08-27 (ISO text, with its time dropped, or an Excel serial)", (date) => {
    const { result, journal } = run([["T-D", "P-USD", 1, "Design", date, 1, 50, 100]]);
    expect(result.issues).toEqual([]);
    expect(journal.filter((l) => l.Transaction === "T-D").map((l) => l.Date)).toEqual(["2026-08-27", "2026-08-27"]);
  });

  test.each(["27/08/2026", "08/27/2026", "27.08.2026", "Aug 27, 2026"])("%p is an error on the cell that says to use YYYY-MM-DD or an Excel date", (date) => {
    const { result, journal } = run([["T-D", "P-USD", 1, "Design", date, 1, 50, 100]]);
    expect(result.issues).toEqual([issue("Error", "Transactions", 3, "Date", `Date: '${date}' is not a date; use an Excel date or YYYY-MM-DD text`)]);
    expect(linesOf(journal, "T-D")).toEqual([]);
    expect(goodPosted(journal)).toEqual(GOOD_POSTED);
  });
});

describe("numbers", () => {
  test("'1,234.50' with a thousands separator reads as 1234.5", () => {
    const { result, journal } = run([["T-N", "P-USD", 1, "Design", "2026-05-04", "1,234.50", 2, null]]);
    expect(result.issues).toEqual([]);
    expect(linesOf(journal, "T-N")).toEqual([["Cost", "Posted", "1234.5", "2", "2469.00"]]);
  });

  test("spaces around a number and between thousands groups (space or no-break space) are ignored", () => {
    const { result, journal } = run([["T-S1", "P-USD", 1, "Design", "2026-05-04", " 1 234.50 ", 2, null], ["T-S2", "P-USD", 1, "Design", "2026-05-04", "1\u00a0234.50", 2, null]]);
    expect(result.issues).toEqual([]);
    expect([...linesOf(journal, "T-S1"), ...linesOf(journal, "T-S2")]).toEqual([["Cost", "Posted", "1234.5", "2", "2469.00"], ["Cost", "Posted", "1234.5", "2", "2469.00"]]);
  });

  test("a space that is not a thousands separator is an error, as a misplaced comma is ('1 00.5', '2 5')", () => {
    // docs/decisions.md accepts thousands separators; '1,00.5' is rejected (cells.test.ts), and a space in the
    // same place must not silently read as 100.5, nor '2 5' as 25.
    const { result, journal } = run([["T-S1", "P-USD", 1, "Design", "2026-05-04", "1 00.5", 2, null], ["T-S2", "P-USD", 1, "Design", "2026-05-04", "2 5", 2, null]]);
    expect(result.issues).toEqual([
      issue("Error", "Transactions", 3, "Quantity", "'1 00.5' is not a number"),
      issue("Error", "Transactions", 4, "Quantity", "'2 5' is not a number"),
    ]);
    expect([...linesOf(journal, "T-S1"), ...linesOf(journal, "T-S2")]).toEqual([]);
  });

  test("a currency symbol makes a cell an error ('$100', '£1,000.00'): prices are in the contract's currency", () => {
    const { result, journal } = run([["T-CUR", "P-USD", 1, "Design", "2026-05-04", 1, "£1,000.00", "$100"]]);
    expect(result.issues).toEqual([
      issue("Error", "Transactions", 3, "Cost price", "Cost price: '£1,000.00' is not a number; type digits with '.' for decimals"),
      issue("Error", "Transactions", 3, "Sales price", "Sales price: '$100' is not a number; type digits with '.' for decimals"),
    ]);
    expect(linesOf(journal, "T-CUR")).toEqual([]);
    expect(goodPosted(journal)).toEqual(GOOD_POSTED);
  });

  test("1e20 (an Excel number) and '1E+20' (text) are rejected as too large", () => {
    const { result, journal } = run([["T-BIG1", "P-USD", 1, "Design", "2026-05-04", 1e20, 50, 100], ["T-BIG2", "P-USD", 1, "Design", "2026-05-04", 1, "1E+20", 100]]);
    expect(result.issues).toEqual([
      issue("Error", "Transactions", 3, "Quantity", "'100000000000000000000' is too large; amounts, prices, quantities and rates must stay below 10^15"),
      issue("Error", "Transactions", 4, "Cost price", "'1E+20' is too large; amounts, prices, quantities and rates must stay below 10^15"),
    ]);
    expect([...linesOf(journal, "T-BIG1"), ...linesOf(journal, "T-BIG2")]).toEqual([]);
    expect(goodPosted(journal)).toEqual(GOOD_POSTED);
  });

  test("-0 reads as 0, and no output cell anywhere is '-0' or '-0.00'", () => {
    const { result, journal } = run([
      ["T-NEG0", "P-USD", 1, "Design", "2026-05-04", -0, 50, 100],
      ["T-TEXT0", "P-USD", 1, "Design", "2026-05-04", 2, "-0", "-0.00"],
      ["T-BRACKETS0", "P-USD", 1, "Design", "2026-05-04", "(0)", 50, 100],
      ["T-TINY", "P-USD", 1, "Design", "2026-05-04", -1, 0.004, 0.004],
    ]);
    expect(result.issues).toEqual([]);
    // A zero cost gives no cost line (SPEC §4); a zero sales amount is a line that posts no voucher.
    expect(journal.filter((l) => l.Transaction !== "T-GOOD").map((l) => [l.Transaction, l["Line type"], l.Quantity, l.Price, l.Amount, l["Accounting amount"], l.Voucher])).toEqual([
      ["T-NEG0", "Sales", "0", "100", "0.00", "0.00", null],
      ["T-TEXT0", "Sales", "2", "0", "0.00", "0.00", null],
      ["T-BRACKETS0", "Sales", "0", "100", "0.00", "0.00", null],
      ["T-TINY", "Sales", "-1", "0.004", "0.00", "0.00", null],
    ]);
    const negativeZeros = result.tables.flatMap((t) => rowsOf(t.rows).flatMap((row) => row.filter((c) => c !== null && /^-0(\.0*)?$/.test(c)).map((c) => `${t.name}: ${c}`)));
    expect(negativeZeros).toEqual([]);
  });

  test("a negative quantity is a correction: negative cost and sales lines, balanced vouchers, and every account nets to zero", () => {
    const { result, journal, vouchers } = run([["T-CORR", "P-USD", 1, "Design", "2026-05-04", -2, 50, 100]]);
    expect(result.issues).toEqual([]);
    expect(linesOf(journal, "T-CORR")).toEqual([["Cost", "Posted", "-2", "50", "-100.00"], ["Sales", "Posted", "-2", "100", "-200.00"]]);
    expect(vouchers.filter((v) => v["Source id"] === "T-CORR").map((v) => [v["Main account"], v["Posting type"], v["Accounting amount"]])).toEqual([
      ["540100", "Project - cost", "-100.00"], ["600300", "Project - payroll allocation", "100.00"],
      ["161300", "Project - WIP - sales value", "-200.00"], ["420200", "Project - accrued revenue", "200.00"],
    ]);
    expect(result.summary.balanced).toBe(true);
    expect(records(table(result.tables, "TrialBalance")).map((a) => [a["Main account"], a.Debit, a.Credit, a.Balance])).toEqual([
      ["161300", "200.00", "-200.00", "0.00"], ["420200", "200.00", "-200.00", "0.00"], ["540100", "100.00", "-100.00", "0.00"],
      ["600300", "100.00", "-100.00", "0.00"], ["Total", "600.00", "-600.00", "0.00"],
    ]);
  });
});

describe("Unicode", () => {
  test("Unicode ids (accents, CJK, emoji) flow verbatim to journal lines and vouchers", () => {
    const { result, journal, vouchers } = run([["🚀-T-1", "Ünïcødé-项目-1", 1, "Désign-設計", "2026-05-04", 2, 50, 100]], (s) => {
      s.Contracts.push(["合同-1", "CUST", "USD", null]);
      s.ContractLines.push(["合同-1", 1, "Ünïcødé-项目-1", "Time and material", null, null]);
      s.Projects.push(["Ünïcødé-项目-1", "合同-1", "WIP", null, "Bü-😀", null]);
      s.Categories.push(["Désign-設計", "Hour", null]);
    });
    expect(result.issues).toEqual([]);
    expect(journal.filter((l) => l.Transaction === "🚀-T-1").map((l) => [l.Project, l.Category, l["Line type"], l.Status, l.Amount, l["Dim BusinessUnit"]])).toEqual([
      ["Ünïcødé-项目-1", "Désign-設計", "Cost", "Posted", "100.00", "Bü-😀"],
      ["Ünïcødé-项目-1", "Désign-設計", "Sales", "Posted", "200.00", "Bü-😀"],
    ]);
    expect(vouchers.filter((v) => v["Source id"] === "🚀-T-1").map((v) => [v.Project, v["Dim BusinessUnit"]])).toEqual(Array(4).fill(["Ünïcødé-项目-1", "Bü-😀"]));
  });

  test("an unknown Unicode project is named verbatim in its issue", () => {
    const { result } = run([["T-U", "Prøject-✗-😀", 1, "Design", "2026-05-04", 1, 50, 100]]);
    expect(result.issues).toEqual([issue("Error", "Transactions", 3, "Project", "Unknown project 'Prøject-✗-😀'")]);
  });

  test("a long text of emoji in a number column is quoted in the message without splitting a character", () => {
    const text = "😀".repeat(40);
    const { result } = run([["T-E", "P-USD", 1, "Design", "2026-05-04", text, 50, 100]]);
    expect(result.issues).toEqual([issue("Error", "Transactions", 3, "Quantity", "is not a number")]);
    // A lone surrogate cannot be written as UTF-8 (CSV) or XML (.xlsx).
    expect(result.issues[0].message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe("CSV text", () => {
  const HEADER = "Transaction,Project,Contract line,Category,Item,Resource,Date,Quantity,Cost price,Sales price,Billable";
  const withCsvTransactions = (rows: CellValue[][]) => workbook({ ...baseSheets(), Transactions: rows });

  test("a BOM, CRLF line ends and quoted fields holding commas, quotes and line breaks read as the sheet would", () => {
    const text = "\uFEFF" + HEADER + "\r\n"
      + "T-1,P-USD,1,Design,,\"Funderburk, Julia\",2026-05-04,\"1,234.50\",2,,\r\n"
      + "T-2,P-USD,1,Design,,\"Julia \"\"JF\"\" Funderburk\",2026-05-04,1,50,100,\r\n"
      + "T-3,P-USD,1,Design,,\"two\r\nlines\",2026-05-04,1,50,100,No\r\n"
      + "T-4,P-USD,1,Design,,R,2026-05-04,four,50,100,\r\n";
    const rows = parseCsv(text);
    expect(rows).toHaveLength(5);
    expect(rows[0][0]).toBe("Transaction");
    expect(rows.map((r) => r.length)).toEqual([11, 11, 11, 11, 11]);
    expect([rows[1][4], rows[1][5], rows[1][7], rows[1][9], rows[1][10]]).toEqual([null, "Funderburk, Julia", "1,234.50", null, null]);
    expect(rows[2][5]).toBe("Julia \"JF\" Funderburk");
    expect(rows[3][5]).toBe("two\r\nlines");

    const { result, journal } = results(simulate(withCsvTransactions(rows)));
    // The fourth record spans two lines of text but is one worksheet row: the bad quantity is on row 5.
    expect(result.issues).toEqual([issue("Error", "Transactions", 5, "Quantity", "'four' is not a number")]);
    expect(journal.map((l) => [l.Transaction, l["Line type"], l.Resource, l.Quantity, l.Amount])).toEqual([
      ["T-1", "Cost", "Funderburk, Julia", "1234.5", "2469.00"],
      ["T-2", "Cost", "Julia \"JF\" Funderburk", "1", "50.00"],
      ["T-2", "Sales", "Julia \"JF\" Funderburk", "1", "100.00"],
      ["T-3", "Cost", "two\r\nlines", "1", "50.00"],
    ]);
  });

  test("a CSV with one 50 MB cell (a 50,000,000-character Resource) parses and simulates without throwing or hanging", () => {
    const huge = "x".repeat(50_000_000);
    const started = Date.now();
    const rows = parseCsv(`${HEADER}\nT-BIG,P-USD,1,Design,,${huge},2026-05-04,2,50,100,\nT-NEXT,P-USD,1,Design,,R,2026-05-04,1,50,100,\n`);
    expect(rows.map((r) => r.length)).toEqual([11, 11, 11]);
    expect((rows[1][5] as string).length).toBe(50_000_000);
    const { result, journal } = results(simulate(withCsvTransactions(rows)));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.issues).toEqual([]);
    expect(journal.map((l) => [l.Transaction, l["Line type"], l.Status, l.Amount])).toEqual([
      ["T-BIG", "Cost", "Posted", "100.00"], ["T-BIG", "Sales", "Posted", "200.00"],
      ["T-NEXT", "Cost", "Posted", "50.00"], ["T-NEXT", "Sales", "Posted", "100.00"],
    ]);
    expect(result.summary.balanced).toBe(true);
  }, 60_000);
});

describe("columns with more distinct values than the readers share", () => {
  test("25,000 different ids, resources and prices read exactly through CSV, and a bad cell late in the sheet names its row", () => {
    const rows: TransactionRow[] = Array.from({ length: 25_000 }, (_, i) => [`T-${i}`, "P-USD", 1, "Design", "2026-05-04", 1, `${i}.25`, null]);
    rows[23_999][5] = "two";
    const sheets = withTransactions(baseSheets(), rows);
    sheets.Transactions = sheets.Transactions.map((row, i) => (i === 0 ? row : row.map((cell, c) => (c === 5 ? `Resource number ${i}` : cell))));
    const text = formatCsvRows(sheets.Transactions);
    const csv = { ...sheets, Transactions: parseCsv(text) };
    const result = simulate(workbook(csv));
    expect(result.issues).toEqual([expect.objectContaining({ severity: "Error", sheet: "Transactions", row: 24_001, column: "Quantity" })]);
    const journal = records(table(result.tables, "IntegrationJournal"));
    expect(journal).toHaveLength(24_999);
    const last = journal.find((l) => l.Transaction === "T-24999");
    expect([last?.Resource, last?.Price, last?.Amount]).toEqual(["Resource number 25000", "24999.25", "24999.25"]);
    const early = journal.find((l) => l.Transaction === "T-7");
    expect([early?.Resource, early?.Price]).toEqual(["Resource number 8", "7.25"]);
  });
});

describe("where a sheet's rows start", () => {
  test("a host that puts the first row past the last worksheet row (or at no whole row) gets a warning, and rows are counted from 1", () => {
    for (const firstRow of [200_000_001, 1e9, 0, -5, 1.5, Number.NaN]) {
      const book = workbook(withTransactions(baseSheets(), [GOOD, ["T-BAD", "P-NONE", 1, "Design", "2026-05-04", 1, 1, 1]]));
      const shifted = { ...book, sheets: book.sheets.map((s) => (s.name === "Transactions" ? { ...s, firstRow } : s)) };
      const { result, journal } = results(simulate(shifted));
      expect(result.issues).toEqual([
        issue("Warning", "Transactions", null, "", `Sheet Transactions is said to start at row ${firstRow}, which is not a worksheet row (1 to 1,048,576): row numbers in messages about this sheet are counted from row 1 and may not match the worksheet`),
        issue("Error", "Transactions", 3, "Project", "P-NONE"),
      ]);
      expect(goodPosted(journal)).toEqual(GOOD_POSTED);
    }
  });

  test("a sheet that starts at Excel's last row is read from there", () => {
    const book = workbook(withTransactions(baseSheets(), [GOOD, ["T-BAD", "P-NONE", 1, "Design", "2026-05-04", 1, 1, 1]]));
    const shifted = { ...book, sheets: book.sheets.map((s) => (s.name === "Transactions" ? { ...s, firstRow: 1_048_574 } : s)) };
    const { result, journal } = results(simulate(shifted));
    expect(result.issues).toEqual([issue("Error", "Transactions", 1_048_576, "Project", "P-NONE")]);
    expect(goodPosted(journal)).toEqual(GOOD_POSTED);
  });
});
