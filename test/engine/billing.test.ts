/**
 * Billing golden tests (SPEC §4: sales tax, invoice proposals, posting; DOMAIN.md §4, §6, §7, §8, §9).
 * Every expected number is worked out by hand in the comment above it.
 */
import { simulate } from "../../engine";
import type { CellValue } from "../../engine/workbook";
import { billingSheets, withTransactions, workbook, type Sheets, type TransactionRow } from "../helpers/build";
import { records, table } from "../helpers/workbooks";

interface Bill {
  transactions?: TransactionRow[];
  proformas: CellValue[][];
  lines: [string, string][];
  adjust?: (s: Sheets) => void;
}

function bill({ transactions = [], proformas, lines, adjust }: Bill) {
  let s = withTransactions(billingSheets(), transactions);
  s.ProformaInvoices.push(...proformas);
  s.ProformaLines.push(...lines);
  adjust?.(s);
  const result = simulate(workbook(s));
  const t = (name: string) => records(table(result.tables, name));
  return {
    result,
    proposals: t("InvoiceProposals"),
    lines: t("ProposalLines"),
    tax: t("SalesTax"),
    documents: t("InvoiceDocuments"),
    invoiceVouchers: t("GLVouchers").filter((v) => v.Source === "Invoice"),
  };
}

const voucherSummary = (lines: Record<string, string | null>[]) => lines.map((l) => [l["Main account"], l.Amount, l["Accounting amount"]]);

describe("exchange rates on invoices", () => {
  test("a rate change on the invoice date: the accrual reverses at the journal's 130, revenue and receivable at the new 128", () => {
    // Journal 27 June (rate 130 from 1 Jan; 128.5 starts 1 July): 10 h × 100 GBP = 1,000 GBP × 1.30 = 1,300 USD. New rate 128 from 31 Aug.
    // Invoice 31 Aug (project P-GBP: contract tax group CON-TAX ∩ category SERVICES has no common code → no tax):
    //   WIP −1,000 GBP / −1,300; accrual +1,000 / +1,300; revenue −1,000 × 1.28 = −1,280; receivable +1,280.
    const { invoiceVouchers, proposals } = bill({
      transactions: [["T1", "P-GBP", 1, "Design", "2026-06-27", 10, 40, 100]],
      proformas: [["PF-1", "C-GBP", "2026-08-31", "Confirmed", "Detail", "Yes"]],
      lines: [["PF-1", "T1"]],
      adjust: (s) => s.ExchangeRates.push(["GBP", "USD", "2026-08-31", 128]),
    });
    expect(voucherSummary(invoiceVouchers)).toEqual([
      ["161300", "-1000.00", "-1300.00"], ["420200", "1000.00", "1300.00"], ["411100", "-1000.00", "-1280.00"], ["130100", "1000.00", "1280.00"],
    ]);
    expect(proposals[0]).toMatchObject({ "Exchange rate": "128", "Accounting total": "1280.00", "Sales tax": "0.00" });
  });

  test("a dated EUR rate and a fixed GBP agreement on invoices of the same day", () => {
    // EUR: only USD→EUR 92 exists: 500 EUR × 100 ÷ 92 = 543.478… → 543.48.
    // GBP fixed 125: 400 GBP × 1.25 = 500.00 (the market 128.5 ignored).
    const { proposals } = bill({
      transactions: [["T1", "P-EUR", 1, "Design", "2026-08-03", 5, 0, 100], ["T2", "P-FIX", 1, "Design", "2026-08-03", 4, 0, 100]],
      proformas: [["PF-E", "C-EUR", "2026-08-31", "Confirmed", null, null], ["PF-G", "C-GBP-FIX", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-E", "T1"], ["PF-G", "T2"]],
      adjust: (s) => { s.Customers[1][2] = null; },
    });
    expect(proposals.map((p) => [p.Proposal, p.Total, p["Exchange rate"], p["Accounting total"]])).toEqual([
      ["PF-E", "500.00", "108.6956521739", "543.48"],
      ["PF-G", "400.00", "125", "500.00"],
    ]);
  });

  test("an invoice that totals zero (a correction against the hours it corrects) posts no customer balance line", () => {
    // Journal 27 June at 130: T1 +10 h × 100 GBP = 1,000 GBP = 1,300 USD; T2 −10 h, −1,000 GBP = −1,300 USD.
    // Invoice 30 June, still at 130: each line reverses its accrual and credits revenue at 1,300; the total is 0.00 GBP,
    // so the receivable is zero and posts no line (docs/decisions.md: zero amounts post no line). No tax (CON-TAX ∩ SERVICES).
    const { invoiceVouchers, proposals } = bill({
      transactions: [["T1", "P-GBP", 1, "Design", "2026-06-27", 10, 40, 100], ["T2", "P-GBP", 1, "Design", "2026-06-27", -10, 40, 100]],
      proformas: [["PF-1", "C-GBP", "2026-06-30", "Confirmed", "Detail", "Yes"]],
      lines: [["PF-1", "T1"], ["PF-1", "T2"]],
    });
    expect(proposals[0]).toMatchObject({ Status: "Posted", Invoice: "CI-000001", Total: "0.00", "Accounting total": "0.00" });
    expect(voucherSummary(invoiceVouchers)).toEqual([
      ["161300", "-1000.00", "-1300.00"], ["420200", "1000.00", "1300.00"], ["411100", "-1000.00", "-1300.00"],
      ["161300", "1000.00", "1300.00"], ["420200", "-1000.00", "-1300.00"], ["411100", "1000.00", "1300.00"],
    ]);
  });

  test("an invoice whose every amount is zero has its invoice number and posts no voucher, nor takes a voucher number", () => {
    // T1 at a sales price of 0: its unbilled-sales line is 0.00 and posts no accrual; the invoice totals 0.00 with nothing to post.
    const { invoiceVouchers, proposals, result } = bill({
      transactions: [["T1", "P-GBP", 1, "Design", "2026-06-27", 10, 40, 0], ["T2", "P-GBP", 1, "Design", "2026-06-27", 1, 40, 100]],
      proformas: [["PF-1", "C-GBP", "2026-06-30", "Confirmed", "Detail", "Yes"], ["PF-2", "C-GBP", "2026-06-30", "Confirmed", "Detail", "Yes"]],
      lines: [["PF-1", "T1"], ["PF-2", "T2"]],
    });
    expect(proposals.map((p) => [p.Proposal, p.Status, p.Invoice, p.Total])).toEqual([["PF-1", "Posted", "CI-000001", "0.00"], ["PF-2", "Posted", "CI-000002", "100.00"]]);
    expect([...new Set(invoiceVouchers.map((v) => [v.Voucher, v["Source id"]].join(" ")))]).toEqual(["IV-000001 PF-2"]);
    expect(result.summary.vouchers).toBe(new Set(records(table(result.tables, "GLVouchers")).map((v) => v.Voucher)).size);
  });

  test("a penny difference: three lines of 1.00 GBP at 100.5 convert to 1.01 each, the 3.00 total to 3.02; 0.01 to the penny account", () => {
    // 1.00 × 1.005 = 1.005 → 1.01 (half away from zero), three times: revenue −3.03.
    // Receivable: 3.00 × 1.005 = 3.015 → 3.02. Sum −3.03 + 3.02 = −0.01 → penny difference Dr 0.01.
    const { invoiceVouchers, result } = bill({
      transactions: [1, 2, 3].map((i) => [`T${i}`, "P-GBP", 1, "Design", "2026-08-03", 1, 0, 1] as TransactionRow),
      proformas: [["PF-1", "C-GBP", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"], ["PF-1", "T2"], ["PF-1", "T3"]],
      adjust: (s) => {
        s.ExchangeRates.push(["GBP", "USD", "2026-08-31", 100.5]);
        s.ProjectGroups = s.ProjectGroups.map((r) => (r[0] === "WIP" ? [r[0], "No"] : r));
      },
    });
    expect(voucherSummary(invoiceVouchers)).toEqual([
      ["411100", "-1.00", "-1.01"], ["411100", "-1.00", "-1.01"], ["411100", "-1.00", "-1.01"], ["130100", "3.00", "3.02"], ["999100", "0.01", "0.01"],
    ]);
    expect(invoiceVouchers[4]).toMatchObject({ "Posting type": "Penny difference", Currency: "USD" });
    expect(result.summary.balanced).toBe(true);
  });
});

describe("sales tax", () => {
  test("the value row valid on the invoice date: VAT 20% until 30 August, 21% from 31 August", () => {
    // P-USD: project group PRJ-TAX = VAT + LOW; Design → SERVICES = VAT, ZERO, UP10, UP10B → VAT only.
    // 100.00 × 21% = 21.00 on 31 Aug; 100.00 × 20% = 20.00 on 30 Aug.
    const { tax } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 100], ["T2", "P-USD", 1, "Design", "2026-08-03", 1, 0, 100]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null], ["PF-2", "C-USD", "2026-08-30", "Confirmed", null, null]],
      lines: [["PF-1", "T1"], ["PF-2", "T2"]],
    });
    expect(tax.map((t) => [t.Proposal, t["Tax code"], t.Base, t.Rate, t["Tax amount"]])).toEqual([
      ["PF-1", "VAT", "100.00", "21", "21.00"], ["PF-2", "VAT", "100.00", "20", "20.00"],
    ]);
  });

  test("Line versus Total: 3 × 10.05 at 7.5% is 2.25 by line, 2.26 by total (allocated 0.76 + 0.75 + 0.75)", () => {
    // Travel → EXPENSES = LOW (7.5%). Each line 10.05 × 7.5% = 0.75375.
    // Line: 0.75 × 3 = 2.25. Total: 30.15 × 7.5% = 2.26125 → 2.26; cut to 0.75 each = 2.25, the 0.01 left to line 1.
    const run = (method: string) => bill({
      transactions: [1, 2, 3].map((i) => [`T${i}`, "P-USD", 1, "Travel", "2026-08-03", 1, 0, 10.05] as TransactionRow),
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"], ["PF-1", "T2"], ["PF-1", "T3"]],
      adjust: (s) => s.Parameters.push(["Sales tax calculation", method]),
    });
    const line = run("Line");
    expect(line.tax.map((t) => t["Tax amount"])).toEqual(["0.75", "0.75", "0.75"]);
    expect(line.proposals[0]).toMatchObject({ "Net amount": "30.15", "Sales tax": "2.25", Total: "32.40" });
    const total = run("Total");
    expect(total.tax.map((t) => t["Tax amount"])).toEqual(["0.76", "0.75", "0.75"]);
    expect(total.proposals[0]).toMatchObject({ "Sales tax": "2.26", Total: "32.41" });
  });

  test("DOMAIN.md §6.3 examples 1 and 2: two lines of 42.42, two 10% codes, Rounding-up: 4.25 each by line; 8.49 per code by total, split 4.25 + 4.24", () => {
    // Example 1 (Line): 42.42 × 10% = 4.242 → rounded up 4.25, for each line and code: 4 × 4.25 = 17.00.
    // Example 2 (Total): per code 84.84 × 10% = 8.484 → 8.49, split 4.25 + 4.24; tax 16.98.
    const run = (method: string) => bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 42.42], ["T2", "P-USD", 1, "Design", "2026-08-03", 1, 0, 42.42]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"], ["PF-1", "T2"]],
      adjust: (s) => {
        s.Parameters.push(["Sales tax calculation", method]);
        s.Projects[1][3] = "UPGROUP";
      },
    });
    const line = run("Line");
    expect(line.tax.map((t) => [t.Line, t["Tax code"], t["Tax amount"]])).toEqual([["1", "UP10", "4.25"], ["1", "UP10B", "4.25"], ["2", "UP10", "4.25"], ["2", "UP10B", "4.25"]]);
    expect(line.proposals[0]["Sales tax"]).toBe("17.00");
    const total = run("Total");
    expect(total.tax.map((t) => [t.Line, t["Tax code"], t["Tax amount"]])).toEqual([["1", "UP10", "4.25"], ["1", "UP10B", "4.25"], ["2", "UP10", "4.24"], ["2", "UP10B", "4.24"]]);
    expect(total.proposals[0]["Sales tax"]).toBe("16.98");
  });

  test("an exempt code calculates zero; the taxed code posts to its payable account", () => {
    // P-EUR has no group of its own, nor has C-EUR → Search falls through to the customer: CUST-TAX = VAT + ZERO (exempt).
    // Design → SERVICES has both. 200 EUR: VAT 21% = 42.00, ZERO exempt = 0.00. Total 242.00 EUR.
    // At 10000 ÷ 92: 200 → 217.39; 42 → 45.65; 242 → 263.04; 217.39 + 45.65 = 263.04, no penny difference.
    const { tax, invoiceVouchers } = bill({
      transactions: [["T1", "P-EUR", 1, "Design", "2026-08-03", 2, 0, 100]],
      proformas: [["PF-1", "C-EUR", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"]],
      adjust: (s) => { s.ProjectGroups = s.ProjectGroups.map((r) => (r[0] === "WIP" ? [r[0], "No"] : r)); },
    });
    expect(tax.map((t) => [t["Tax code"], t.Rate, t["Tax amount"], t["Accounting amount"]])).toEqual([["VAT", "21", "42.00", "45.65"], ["ZERO", "0", "0.00", "0.00"]]);
    expect(voucherSummary(invoiceVouchers)).toEqual([["411100", "-200.00", "-217.39"], ["222100", "-42.00", "-45.65"], ["130100", "242.00", "263.04"]]);
  });

  test("Search falls through project → contract → customer on invoice lines too", () => {
    // P-USD: PRJ-TAX; P-GBP: CON-TAX (from C-GBP); P-EUR: CUST-TAX (from the customer).
    const { lines } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10], ["T2", "P-GBP", 1, "Design", "2026-08-03", 1, 0, 10], ["T3", "P-EUR", 1, "Design", "2026-08-03", 1, 0, 10]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null], ["PF-2", "C-GBP", "2026-08-31", "Confirmed", null, null], ["PF-3", "C-EUR", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"], ["PF-2", "T2"], ["PF-3", "T3"]],
    });
    expect(lines.map((l) => l["Sales tax group"])).toEqual(["PRJ-TAX", "CON-TAX", "CUST-TAX"]);
  });

  test("the Item method takes the product's item sales tax group: LAPTOP → GOODS-ITEM → LOW 7.5%", () => {
    // Category Hardware says GOODS-CAT (no codes in common with PRJ-TAX); the product says GOODS-ITEM = LOW.
    // 2 × 499.99 = 999.98; × 7.5% = 74.9985 → 75.00.
    const { lines, tax } = bill({
      transactions: [["T1", "P-USD", 1, "Hardware", "2026-08-03", 2, 0, 499.99, "LAPTOP"]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"]],
      adjust: (s) => s.Parameters.push(["Item sales tax group method", "Item"]),
    });
    expect(lines[0]).toMatchObject({ "Item sales tax group": "GOODS-ITEM", Amount: "999.98", "Sales tax": "75.00" });
    expect(tax.map((t) => t["Tax code"])).toEqual(["LOW"]);
  });

  test("a tax code without a value on the invoice date makes the proposal wait, naming the code", () => {
    const { proposals, result } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"]],
      adjust: (s) => { s.SalesTaxCodes = s.SalesTaxCodes.filter((r) => !(r[0] === "VAT" && r[1] === 21)); },
    });
    expect(proposals[0]).toMatchObject({ Status: "Waiting", "Blocked by": expect.stringContaining("Sales tax code VAT has no SalesTaxCodes row valid on 2026-08-31") });
    expect(result.issues).toEqual([expect.objectContaining({ sheet: "ProformaInvoices", row: 2 })]);
  });
});

describe("invoice proposals", () => {
  test("a proposal blocked by one bad transaction waits and names it; the other proposal still posts", () => {
    // T2 has no exchange rate on its date (GBP rates start 2026-01-01): its sales line is blocked, so PF-2 waits.
    const { proposals, lines, result } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10], ["T2", "P-GBP", 1, "Design", "2025-12-31", 1, 0, 10], ["T3", "P-GBP", 1, "Design", "2026-08-03", 1, 0, 10]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null], ["PF-2", "C-GBP", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"], ["PF-2", "T2"], ["PF-2", "T3"]],
    });
    expect(proposals.map((p) => [p.Proposal, p.Status, p.Invoice, p["Blocked by"]])).toEqual([
      ["PF-1", "Posted", "CI-000001", null],
      ["PF-2", "Waiting", null, "T2"],
    ]);
    expect(lines.map((l) => l.Proposal)).toEqual(["PF-1"]);
    expect(result.summary).toMatchObject({ proposals: 2, invoices: 1, balanced: true });
  });

  test("a transaction whose row has errors blocks its proposal, which names it", () => {
    const { proposals } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", "lots", 0, 10]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"]],
    });
    expect(proposals[0]).toMatchObject({ Status: "Waiting", "Blocked by": "T1" });
  });

  test("invoice numbers follow pro-forma id order (PF-9 before PF-10); a draft creates nothing", () => {
    const { proposals } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10], ["T2", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10], ["T3", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10]],
      proformas: [["PF-10", "C-USD", "2026-08-31", "Confirmed", null, null], ["PF-9", "C-USD", "2026-08-31", "Confirmed", null, null], ["PF-11", "C-USD", "2026-08-31", "Draft", null, null]],
      lines: [["PF-10", "T1"], ["PF-9", "T2"], ["PF-11", "T3"]],
    });
    expect(proposals.map((p) => [p.Proposal, p.Invoice])).toEqual([["PF-9", "CI-000001"], ["PF-10", "CI-000002"]]);
  });

  test("without lower and higher numbers allowed, a confirmed pro-forma is rejected with one clear issue", () => {
    const { proposals, result } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"]],
      adjust: (s) => { s.Parameters = s.Parameters.filter((r) => r[0] !== "Proposal number allows higher"); },
    });
    expect(proposals[0]).toMatchObject({ Status: "Rejected", Invoice: null });
    expect(result.issues).toEqual([expect.objectContaining({ sheet: "ProformaInvoices", row: 2, message: expect.stringContaining("'Proposal number allows higher' to Yes") })]);
    expect(result.vouchers.filter((v) => v.source === "Invoice")).toEqual([]);
  });

  test("an unknown source, a milestone not ready, a transaction of another contract, a double billing: each an issue on its row, no proposal", () => {
    const { proposals, result } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10], ["T2", "P-GBP", 1, "Design", "2026-08-03", 1, 0, 10]],
      proformas: [
        ["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null], ["PF-2", "C-USD", "2026-08-31", "Confirmed", null, null],
        ["PF-3", "C-USD", "2026-08-31", "Confirmed", null, null], ["PF-4", "C-USD", "2026-08-31", "Confirmed", null, null],
      ],
      lines: [["PF-1", "T1"], ["PF-2", "NOPE"], ["PF-3", "M-NOTREADY"], ["PF-4", "T2"], ["PF-4", "T1"]],
      adjust: (s) => {
        s.Milestones = [["Milestone", "Contract", "Contract line", "Date", "Amount", "Invoice status"], ["M-NOTREADY", "C-USD", 2, "2026-08-01", 1000, 192350000]];
      },
    });
    expect(proposals.map((p) => [p.Proposal, p.Status])).toEqual([["PF-1", "Posted"], ["PF-2", "Rejected"], ["PF-3", "Rejected"], ["PF-4", "Rejected"]]);
    const onRow = (row: number, text: string) => expect.objectContaining({ sheet: "ProformaLines", row, column: "Source", message: expect.stringContaining(text) });
    expect(result.issues).toEqual([
      onRow(3, "Unknown source 'NOPE'"),
      onRow(4, "Milestone M-NOTREADY is 'Not ready for invoicing'"),
      onRow(5, "Transaction T2 belongs to contract C-GBP, not C-USD"),
      onRow(6, "'T1' is already on confirmed pro-forma PF-1"),
    ]);
  });

  test("a source listed twice on one pro-forma is refused, never invoiced twice", () => {
    const { proposals, result } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"], ["PF-1", "T1"]],
    });
    expect(proposals[0]).toMatchObject({ Status: "Rejected", Invoice: null });
    expect(result.issues).toEqual([expect.objectContaining({ sheet: "ProformaLines", row: 3, column: "Source", message: expect.stringContaining("listed twice on pro-forma PF-1 (rows 2 and 3)") })]);
  });

  test("a rejected pro-forma gives its sources back to the next one; a source already claimed reports only the claim", () => {
    const { proposals, result } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10], ["T2", "P-GBP", 1, "Design", "2026-08-03", 1, 0, 10]],
      proformas: [
        ["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null], ["PF-2", "C-USD", "2026-08-31", "Confirmed", null, null],
        ["PF-3", "C-GBP", "2026-08-31", "Confirmed", null, null], ["PF-4", "C-USD", "2026-08-31", "Confirmed", null, null],
      ],
      // PF-1 is rejected (NOPE), so T1 goes to PF-2; PF-4's T2 is another contract's, but PF-3 claimed it first.
      lines: [["PF-4", "T2"], ["PF-1", "T1"], ["PF-1", "NOPE"], ["PF-2", "T1"], ["PF-3", "T2"]],
    });
    expect(proposals.map((p) => [p.Proposal, p.Status])).toEqual([["PF-1", "Rejected"], ["PF-2", "Posted"], ["PF-3", "Posted"], ["PF-4", "Rejected"]]);
    const onRow = (row: number, text: string) => expect.objectContaining({ sheet: "ProformaLines", row, column: "Source", message: expect.stringContaining(text) });
    expect(result.issues).toEqual([onRow(4, "Unknown source 'NOPE'"), onRow(2, "'T2' is already on confirmed pro-forma PF-3")]);
  });

  test("a cost line blocked by a missing account does not hold back the invoice of its posted sales line", () => {
    // Import from staging waits for the unbilled-sales line only (DOMAIN.md §1.6).
    const { proposals } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 50, 10]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "T1"]],
      adjust: (s) => { s.PostingSetup = s.PostingSetup.filter((r) => r[0] !== "Project - payroll allocation"); },
    });
    expect(proposals[0]).toMatchObject({ Status: "Posted", "Blocked by": null });
  });

  test("Post = No is a pro forma: a document that says so, no invoice number, no voucher", () => {
    const { proposals, documents, invoiceVouchers } = bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 2, 0, 50]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", "Detail", "No"]],
      lines: [["PF-1", "T1"]],
    });
    expect(proposals[0]).toMatchObject({ Status: "Pro forma", Invoice: null, Total: "121.00" });
    expect(invoiceVouchers).toEqual([]);
    expect(documents[0]).toMatchObject({ Line: "0", Description: expect.stringContaining("PRO FORMA") });
  });

  test("Summary prints one line per project and category; Detail one per proposal line; tax and total follow", () => {
    // Design 1 h × 10 + 2 h × 10 = 30 (3 h); Travel 1 × 5 = 5. VAT 21% on Design lines: 2.10 + 4.20; LOW 7.5% on 5 = 0.375 → 0.38.
    const run = (format: string) => bill({
      transactions: [["T1", "P-USD", 1, "Design", "2026-08-03", 1, 0, 10], ["T2", "P-USD", 1, "Travel", "2026-08-03", 1, 0, 5], ["T3", "P-USD", 1, "Design", "2026-08-04", 2, 0, 10]],
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", format, "Yes"]],
      lines: [["PF-1", "T1"], ["PF-1", "T2"], ["PF-1", "T3"]],
    }).documents.map((d) => [d.Line, d.Description, d.Quantity, d.Amount]);
    expect(run("Summary")).toEqual([
      ["1", "P-USD Design", "3", "30.00"], ["2", "P-USD Travel", "1", "5.00"],
      ["3", "Sales tax VAT", null, "6.30"], ["4", "Sales tax LOW", null, "0.38"], ["5", "Total USD", null, "41.68"],
    ]);
    expect(run("Detail").map((d) => d[1])).toEqual([
      "T1 P-USD Design R 2026-08-03", "T2 P-USD Travel R 2026-08-03", "T3 P-USD Design R 2026-08-04", "Sales tax VAT", "Sales tax LOW", "Total USD",
    ]);
  });
});

describe("milestones", () => {
  const milestoneSheet = (status: CellValue, extra: CellValue[] = []): CellValue[][] => [
    ["Milestone", "Contract", "Contract line", "Name", "Date", "Amount", "Invoice status", "Dim CostCenter", ...(extra.length ? ["Sales tax group"] : [])],
    ["M-1", "C-USD", 2, "Design sign-off", "2026-08-15", 2500, status, null, ...extra],
  ];

  test("a Ready-for-invoicing milestone (by Dataverse code 192350001) posts on-account revenue, tax and receivable", () => {
    // Sales tax group by Search: project P-USD → PRJ-TAX; item group from the parameter → SERVICES. Codes: VAT 21%.
    // 2,500 USD: VAT 525.00; receivable 3,025.00.
    const { lines, invoiceVouchers, documents } = bill({
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", "Detail", "Yes"]],
      lines: [["PF-1", "M-1"]],
      adjust: (s) => {
        s.Milestones = milestoneSheet(192350001);
        s.ContractLines[2][5] = "CC-FP";
      },
    });
    // Dimensions from the contract line (primary for on-account transactions), not from the project (CC1).
    expect(lines[0]).toMatchObject({ Source: "M-1", "Line type": "Milestone", Project: "P-USD", Amount: "2500.00", "Sales tax group": "PRJ-TAX", "Item sales tax group": "SERVICES", "Sales tax": "525.00", "Dim CostCenter": "CC-FP" });
    expect(invoiceVouchers.map((v) => [v["Main account"], v["Posting type"], v["Accounting amount"]])).toEqual([
      ["401500", "Project - invoiced revenue on-account", "-2500.00"], ["222100", "Sales tax", "-525.00"], ["130100", "Customer balance", "3025.00"],
    ]);
    expect(documents[0].Description).toBe("Milestone M-1 Design sign-off");
  });

  test("the status by name works as by code; a row override of the sales tax group wins", () => {
    const { lines } = bill({
      proformas: [["PF-1", "C-USD", "2026-08-31", "Confirmed", null, null]],
      lines: [["PF-1", "M-1"]],
      adjust: (s) => { s.Milestones = milestoneSheet("ready for invoicing", ["CON-TAX"]); },
    });
    expect(lines[0]).toMatchObject({ "Sales tax group": "CON-TAX", "Sales tax": "0.00" });
  });

  test("a milestone on a time-and-material line is an error on its row", () => {
    const { result } = bill({
      proformas: [],
      lines: [],
      adjust: (s) => { s.Milestones = milestoneSheet(192350001); s.Milestones[1][2] = 1; },
    });
    expect(result.issues).toEqual([expect.objectContaining({ sheet: "Milestones", row: 2, column: "Contract line", message: expect.stringContaining("is time and material") })]);
  });

  test("an unknown status code is an error naming the choices", () => {
    const { result } = bill({ proformas: [], lines: [], adjust: (s) => { s.Milestones = milestoneSheet(192350009); } });
    expect(result.issues).toEqual([expect.objectContaining({ sheet: "Milestones", column: "Invoice status", message: expect.stringContaining("is not one of: Not ready for invoicing") })]);
  });
});
