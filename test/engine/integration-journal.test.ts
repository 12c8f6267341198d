/** SPEC §4 "Integration journal" and its posting: lines, tax groups, dimensions, accounts, vouchers. */
import { simulate } from "../../engine";
import { baseSheets, withTransactions, workbook, type TransactionRow } from "../helpers/build";
import { records, table } from "../helpers/workbooks";

function run(rows: TransactionRow[], adjust?: (s: ReturnType<typeof baseSheets>) => void) {
  const sheets = withTransactions(baseSheets(), rows);
  adjust?.(sheets);
  const result = simulate(workbook(sheets));
  return {
    result,
    journal: records(table(result.tables, "IntegrationJournal")),
    vouchers: records(table(result.tables, "GLVouchers")),
  };
}

describe("journal lines", () => {
  test("cost = round(qty × cost price) in accounting currency; sales = round(qty × sales price) in contract currency", () => {
    // 2.5 h × 40.125 = 100.3125 → 100.31 USD; 2.5 h × 99.99 = 249.975 → 249.98 USD
    const { journal } = run([["T1", "P-USD", 1, "Design", "2026-05-04", 2.5, 40.125, 99.99]]);
    expect(journal.map((l) => [l["Line type"], l.Amount, l.Currency, l["Accounting amount"]])).toEqual([
      ["Cost", "100.31", "USD", "100.31"],
      ["Sales", "249.98", "USD", "249.98"],
    ]);
  });

  test("a negative quantity (a correction) gives negative amounts, rounded half away from zero", () => {
    // -1 × 10.005 = -10.005 → -10.01
    const { journal, vouchers } = run([["T1", "P-USD", 1, "Design", "2026-05-04", -1, 10.005, 10.005]]);
    expect(journal.map((l) => l.Amount)).toEqual(["-10.01", "-10.01"]);
    expect(vouchers.map((v) => v["Accounting amount"])).toEqual(["-10.01", "10.01", "-10.01", "10.01"]);
  });

  test("amounts past 2^53 hundredths stay exact, in the journal and in its vouchers", () => {
    // 123,456,789 × 987,654,321.12 = 121,932,631,127,450,083.68 (12,193,263,112,745,008,368 hundredths, past 2^53);
    // 123,456,789 × 987,654,321.13 = 121,932,631,128,684,651.57
    const { journal, vouchers, result } = run([["T1", "P-USD", 1, "Design", "2026-05-04", 123456789, 987654321.12, "987654321.13"]]);
    expect(journal.map((l) => [l["Line type"], l.Amount, l["Accounting amount"]])).toEqual([
      ["Cost", "121932631127450083.68", "121932631127450083.68"],
      ["Sales", "121932631128684651.57", "121932631128684651.57"],
    ]);
    expect(vouchers.map((v) => v["Accounting amount"])).toEqual(["121932631127450083.68", "-121932631127450083.68", "121932631128684651.57", "-121932631128684651.57"]);
    expect(result.summary.balanced).toBe(true);
  });

  test("non-billable or unpriced transactions give a cost line only; a zero cost gives no cost line", () => {
    const { journal } = run([
      ["T1", "P-USD", 1, "Design", "2026-05-04", 1, 50, 80, null, "No"],
      ["T2", "P-USD", 1, "Design", "2026-05-04", 1, 50, null],
      ["T3", "P-USD", 1, "Setup fee", "2026-05-04", 1, 0, 500],
    ]);
    expect(journal.map((l) => [l.Transaction, l["Line type"]])).toEqual([["T1", "Cost"], ["T2", "Cost"], ["T3", "Sales"]]);
  });

  test("a fixed-price contract line posts cost only and warns that the sales price is ignored", () => {
    const { journal, result } = run([["T1", "P-USD", 2, "Design", "2026-05-04", 1, 50, 80]]);
    expect(journal.map((l) => l["Line type"])).toEqual(["Cost"]);
    expect(result.issues).toEqual([expect.objectContaining({ severity: "Warning", row: 2, column: "Sales price" })]);
  });

  test("journals per month in date order; lines numbered within each journal in sheet order", () => {
    const { journal } = run([
      ["T1", "P-USD", 1, "Design", "2026-06-02", 1, 10, null],
      ["T2", "P-USD", 1, "Design", "2026-05-31", 1, 10, null],
      ["T3", "P-USD", 1, "Design", "2026-06-01", 1, 10, null],
    ]);
    expect(journal.map((l) => [l.Journal, l.Line, l.Transaction])).toEqual([
      ["IJ-000001", "1", "T2"], ["IJ-000002", "1", "T1"], ["IJ-000002", "2", "T3"],
    ]);
  });

  test("a period whose transactions make no line takes no journal number", () => {
    const { journal } = run([
      ["T1", "P-USD", 1, "Design", "2026-06-02", 1, 10, null],
      ["T2", "P-USD", 1, "Design", "2026-05-31", 1, 0, null],
      ["T3", "P-USD", 1, "Design", "2026-07-01", 1, 10, null],
    ]);
    expect(journal.map((l) => [l.Journal, l.Line, l.Transaction])).toEqual([["IJ-000001", "1", "T1"], ["IJ-000002", "1", "T3"]]);
  });

  test("issues come in sheet order though lines are made journal by journal; one shared by many rows names the first in the sheet", () => {
    const { result } = run([
      ["T1", "P-BAD", 1, "Nothing", "2026-06-02", 1, 10, 20],
      ["T2", "P-BAD", 1, "Design", "2026-05-31", 1, 10, 20],
      ["T3", "P-NONE", 1, "Design", "2026-05-30", 1, 10, 20],
      ["T4", "P-USD", 2, "Design", "2026-06-03", 1, 10, 20],
      ["T5", "P-USD", 2, "Design", "2026-04-03", 1, 10, 20],
    ], (s) => s.Projects.push(["P-BAD", "C-USD", "NO-SUCH-GROUP", null, null, null]));
    // The order the old sheet-order pass gave (checked against it), though T5 and T2/T3 make the earlier journals.
    expect(result.issues.map((i) => `${i.sheet} ${i.row} ${i.column}`)).toEqual([
      // Met first in the sheet by T1 (row 2), a transaction of the last journal.
      "Projects 7 Project group",
      "Transactions 2 Category",
      "Transactions 2 Contract line",
      "Transactions 3 Contract line",
      "Transactions 4 Project",
      // T4 (row 5) comes before T5 (row 6) in the sheet, after it by date.
      "Transactions 5 Sales price",
    ]);
    expect(result.issues[0].message).toMatch(/^Project P-BAD has project group 'NO-SUCH-GROUP'/);
    expect(result.issues[5].message).toMatch(/fixed price.*\(1 more row affected\)$/);
  });
});

describe("billing tax groups (DOMAIN.md §6.6)", () => {
  const groups = (method: string, project = "P-USD", category = "Design", extra?: (s: ReturnType<typeof baseSheets>) => void, item: string | null = null) =>
    run([["T1", project, 1, category, "2026-05-04", 1, 0, 10, item]], (s) => {
      s.Parameters = s.Parameters.filter((r) => r[0] !== "Sales tax group method").concat([["Sales tax group method", method]]);
      extra?.(s);
    }).journal[0];

  test("Project, Project contract and Customer take the group from that record", () => {
    expect(groups("Project")["Sales tax group"]).toBe("PRJ-TAX");
    expect(groups("Project contract", "P-GBP")["Sales tax group"]).toBe("CON-TAX");
    expect(groups("Customer")["Sales tax group"]).toBe("CUST-TAX");
  });

  test("Search falls through project → contract → customer", () => {
    expect(groups("Search", "P-USD")["Sales tax group"]).toBe("PRJ-TAX");
    expect(groups("Search", "P-GBP")["Sales tax group"]).toBe("CON-TAX");
    expect(groups("Search", "P-EUR")["Sales tax group"]).toBe("CUST-TAX");
  });

  test("item sales tax group: from the category for Hour, Expense and Fee; for Item by the method", () => {
    expect(groups("Search", "P-USD", "Travel")["Item sales tax group"]).toBe("EXPENSES");
    expect(groups("Search", "P-USD", "Hardware", undefined, "LAPTOP")["Item sales tax group"]).toBe("GOODS-CAT");
    const byItem = groups("Search", "P-USD", "Hardware", (s) => s.Parameters.push(["Item sales tax group method", "Item"]), "LAPTOP");
    expect(byItem["Item sales tax group"]).toBe("GOODS-ITEM");
  });

  test("an Item transaction whose item has no product row is blocked when the product decides", () => {
    const { journal, result } = run([["T1", "P-USD", 1, "Hardware", "2026-05-04", 1, 0, 10, "DESK"]], (s) => s.Parameters.push(["Item sales tax group method", "Item"]));
    expect(journal[0].Status).toBe("Blocked");
    expect(result.issues).toEqual([expect.objectContaining({ sheet: "Transactions", row: 2, column: "Item", message: expect.stringContaining("'DESK' has no Products row") })]);
  });

  test("a value on the row overrides both defaults", () => {
    const sheets = withTransactions(baseSheets(), [["T1", "P-USD", 1, "Design", "2026-05-04", 1, 0, 10]]);
    sheets.Transactions[0] = [...sheets.Transactions[0], "Sales tax group", "Item sales tax group"];
    sheets.Transactions[1] = [...sheets.Transactions[1], "ROW-TAX", "ROW-ITEM"];
    const line = records(table(simulate(workbook(sheets)).tables, "IntegrationJournal"))[0];
    expect([line["Sales tax group"], line["Item sales tax group"]]).toEqual(["ROW-TAX", "ROW-ITEM"]);
  });
});

describe("dimensions", () => {
  test("default from the project, then the row's own Dim cells; they reach the voucher lines", () => {
    const sheets = withTransactions(baseSheets(), [["T1", "P-USD", 1, "Design", "2026-05-04", 1, 10, null]]);
    sheets.Transactions[0] = [...sheets.Transactions[0], "Dim CostCenter"];
    sheets.Transactions[1] = [...sheets.Transactions[1], "CC-ROW"];
    const result = simulate(workbook(sheets));
    const line = records(table(result.tables, "IntegrationJournal"))[0];
    expect([line["Dim BusinessUnit"], line["Dim CostCenter"]]).toEqual(["BU1", "CC-ROW"]);
    const vouchers = records(table(result.tables, "GLVouchers"));
    expect(vouchers.map((v) => v["Dim CostCenter"])).toEqual(["CC-ROW", "CC-ROW"]);
  });
});

describe("posting (DOMAIN.md §3)", () => {
  test("cost offsets by transaction type: payroll allocation, expense offset, item issue; Fee like expense", () => {
    const { vouchers } = run([
      ["T1", "P-USD", 1, "Design", "2026-05-04", 1, 10, null],
      ["T2", "P-USD", 1, "Travel", "2026-05-04", 1, 10, null],
      ["T3", "P-USD", 1, "Hardware", "2026-05-04", 1, 10, null, "LAPTOP"],
      ["T4", "P-USD", 1, "Setup fee", "2026-05-04", 1, 10, null],
    ]);
    expect(vouchers.map((v) => [v["Source id"], v["Main account"], v["Posting type"]])).toEqual([
      ["T1", "540100", "Project - cost"], ["T1", "600300", "Project - payroll allocation"],
      ["T2", "540200", "Project - cost"], ["T2", "600400", "Project - expense offset"],
      ["T3", "540100", "Project - cost"], ["T3", "140100", "Project - item issue"],
      ["T4", "540100", "Project - cost"], ["T4", "600400", "Project - expense offset"],
    ]);
  });

  test("the most specific PostingSetup row wins: group + category, category, group, blank", () => {
    const { vouchers } = run([
      ["T1", "P-FIX", 1, "Travel", "2026-05-04", 1, 10, null],
      ["T2", "P-FIX", 1, "Design", "2026-05-04", 1, 10, null],
      ["T3", "P-USD", 1, "Travel", "2026-05-04", 1, 10, null],
      ["T4", "P-USD", 1, "Design", "2026-05-04", 1, 10, null],
    ]);
    expect(vouchers.filter((v) => v["Posting type"] === "Project - cost").map((v) => v["Main account"])).toEqual(["540210", "540300", "540200", "540100"]);
  });

  test("a project group without accrual posts the sales line with no voucher", () => {
    const { journal, vouchers } = run([["T1", "P-FIX", 1, "Design", "2026-05-04", 1, 0, 100]]);
    expect(journal[0]).toMatchObject({ "Line type": "Sales", Status: "Posted", Voucher: null });
    expect(vouchers).toEqual([]);
  });

  test("a missing account blocks the line, reported once on PostingSetup with the count of rows", () => {
    const { journal, result } = run([
      ["T1", "P-USD", 1, "Design", "2026-05-04", 1, 10, 20],
      ["T2", "P-USD", 1, "Design", "2026-05-05", 1, 10, 20],
    ], (s) => { s.PostingSetup = s.PostingSetup.filter((r) => r[0] !== "Project - accrued revenue"); });
    expect(journal.map((l) => [l.Transaction, l["Line type"], l.Status])).toEqual([
      ["T1", "Cost", "Posted"], ["T1", "Sales", "Blocked"], ["T2", "Cost", "Posted"], ["T2", "Sales", "Blocked"],
    ]);
    expect(result.issues).toEqual([expect.objectContaining({
      sheet: "PostingSetup", column: "Posting type",
      message: expect.stringMatching(/No main account for posting type 'Project - accrued revenue'.*transaction T1 \(Transactions row 2\) \(1 more row affected\)/),
    })]);
  });
});
