/**
 * The seeds' worked example (seeds/003, DOMAIN.md §3.5, §7.5): Coho Winery, GBP contract, USD ledger,
 * fixed-rate agreement 1.25 (quoted 125) while the market rate in ExchangeRates is 1.30 (130).
 * Every number below is from the article or hand arithmetic, never from the program.
 */
import { simulate } from "../../engine";
import { COHO_FOLDER, readCsvFolderSync, records, table, withSheet, sheetRows } from "../helpers/workbooks";

const book = readCsvFolderSync(COHO_FOLDER);
const result = simulate(book);

describe("Coho Winery: integration journal", () => {
  const lines = records(table(result.tables, "IntegrationJournal"));

  test("two lines for Julia Funderburk's 4 hours: cost and unbilled sales", () => {
    expect(lines).toHaveLength(2);
  });

  test("cost line: 4 h × 120 USD = 480 USD at rate 100", () => {
    expect(lines[0]).toMatchObject({
      "Line type": "Cost", Transaction: "T-001", Resource: "Julia Funderburk", Quantity: "4",
      Amount: "480.00", Currency: "USD", "Exchange rate": "100", "Accounting amount": "480.00", Status: "Posted",
    });
  });

  test("sales line: 4 h × 250 GBP = 1,000 GBP at the fixed rate 125 = 1,250 USD (the market 130 is ignored)", () => {
    expect(lines[1]).toMatchObject({
      "Line type": "Sales", Quantity: "4", Price: "250", Amount: "1000.00", Currency: "GBP",
      "Exchange rate": "125", "Accounting amount": "1250.00", Status: "Posted",
    });
  });
});

describe("Coho Winery: journal vouchers", () => {
  const lines = records(table(result.tables, "GLVouchers")).filter((l) => l.Source === "Journal");
  const summary = lines.map((l) => [l["Main account"], l["Posting type"], l.Currency, l.Amount, l["Accounting amount"]]);

  test("cost voucher: 540100 Dr 480 / 600300 Cr 480; WIP voucher: 161300 Dr 1,000 GBP = 1,250 USD / 420200 Cr", () => {
    expect(summary).toEqual([
      ["540100", "Project - cost", "USD", "480.00", "480.00"],
      ["600300", "Project - payroll allocation", "USD", "-480.00", "-480.00"],
      ["161300", "Project - WIP - sales value", "GBP", "1000.00", "1250.00"],
      ["420200", "Project - accrued revenue", "GBP", "-1000.00", "-1250.00"],
    ]);
  });

  test("one voucher per journal line, each balanced", () => {
    expect(new Set(lines.map((l) => l.Voucher)).size).toBe(2);
    expect(result.summary.balanced).toBe(true);
  });

});

describe("Coho Winery: the invoice (pro-forma PF-1001, posted 31 August)", () => {
  test("one proposal numbered by the pro-forma, 1 line of 4 h × 250 = 1,000 GBP, posted as the first customer invoice", () => {
    expect(records(table(result.tables, "InvoiceProposals"))).toEqual([{
      Proposal: "PF-1001", Contract: "C-COHO", Customer: "COHO", Currency: "GBP", "Invoice date": "2026-08-31", Status: "Posted",
      Invoice: "CI-000001", "Net amount": "1000.00", "Sales tax": "0.00", Total: "1000.00", "Exchange rate": "125",
      "Accounting total": "1250.00", "Blocked by": null,
    }]);
    expect(records(table(result.tables, "ProposalLines"))).toEqual([expect.objectContaining({
      Proposal: "PF-1001", Line: "1", Source: "T-001", "Line type": "Time and material", Quantity: "4", "Sales price": "250", Amount: "1000.00",
    })]);
  });

  test("invoice voucher: 161300 −1,250 / 420200 +1,250 (accrual reversed) / 411100 −1,250 / 130100 +1,250, all at 1.25", () => {
    const lines = records(table(result.tables, "GLVouchers")).filter((l) => l.Source === "Invoice");
    expect(lines.map((l) => [l["Main account"], l["Posting type"], l.Currency, l.Amount, l["Exchange rate"], l["Accounting amount"]])).toEqual([
      ["161300", "Project - WIP - sales value", "GBP", "-1000.00", "125", "-1250.00"],
      ["420200", "Project - accrued revenue", "GBP", "1000.00", "125", "1250.00"],
      ["411100", "Project - invoiced revenue", "GBP", "-1000.00", "125", "-1250.00"],
      ["130100", "Customer balance", "GBP", "1000.00", "125", "1250.00"],
    ]);
    expect(new Set(lines.map((l) => l["Source id"]))).toEqual(new Set(["PF-1001"]));
  });

  test("trial balance: WIP and accrual cleared; revenue 1,250, receivable 1,250, cost 480; total 0.00", () => {
    const tb = records(table(result.tables, "TrialBalance"));
    expect(tb.map((r) => [r["Main account"], r.Balance])).toEqual([
      ["130100", "1250.00"], ["161300", "0.00"], ["411100", "-1250.00"], ["420200", "0.00"], ["540100", "480.00"], ["600300", "-480.00"], ["Total", "0.00"],
    ]);
    // Debits 480 + 1,250 (WIP) + 1,250 (accrual reversed) + 1,250 (receivable) = 4,230.
    expect(tb[6]).toMatchObject({ Debit: "4230.00", Credit: "-4230.00" });
  });
});

describe("Coho Winery: hour forecast preview", () => {
  test("7 h × 250 GBP = 1,750 GBP × 1.25 = 2,187.50 USD", () => {
    expect(records(table(result.tables, "ForecastPreview"))).toEqual([{
      Project: "P-COHO", Category: "Design", Date: "2026-08-20", Hours: "7", "Sales price": "250", Amount: "1750.00",
      Currency: "GBP", "Exchange rate": "125", "Accounting amount": "2187.50",
    }]);
  });
});

describe("Coho Winery: the agreement switched off", () => {
  test("the dated market rate 130 applies: 1,000 GBP = 1,300 USD; 1,750 GBP = 2,275 USD", () => {
    const params = sheetRows(book, "Parameters").map((r) => (r[0] === "Fixed rate agreements enabled" ? [r[0], "No"] : r));
    const off = simulate(withSheet(book, "Parameters", params));
    expect(records(table(off.tables, "IntegrationJournal"))[1]).toMatchObject({ "Exchange rate": "130", "Accounting amount": "1300.00" });
    expect(records(table(off.tables, "ForecastPreview"))[0]).toMatchObject({ "Accounting amount": "2275.00" });
  });
});

test("the example raises no issue", () => {
  expect(result.issues).toEqual([]);
});

test("handing the rows over (consumeInput): the same results, and the input tables' rows are emptied as read", () => {
  const handed = readCsvFolderSync(COHO_FOLDER);
  const consumed = simulate(handed, { consumeInput: true });
  expect(JSON.stringify(consumed.tables.map((t) => records(t)))).toBe(JSON.stringify(result.tables.map((t) => records(t))));
  const transactions = handed.sheets.find((s) => s.name === "Transactions");
  expect(transactions?.rows[0]).toEqual(book.sheets.find((s) => s.name === "Transactions")?.rows[0]);
  expect(transactions?.rows[1]).toEqual([]);
});
