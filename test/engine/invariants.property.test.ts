/**
 * Invariants over generated workbooks (seeded, so a failure reproduces): the engine never throws,
 * every voucher sums to exactly zero in the accounting currency, the trial balance total is zero and
 * equals the sum of the voucher lines per account, and the same input always gives the same output.
 * Amounts are generated near .xx5, with negative corrections, 0- and 3-decimal currencies and rates
 * with 6+ decimals.
 */
import fc from "fast-check";
import { normalizeName, simulate } from "../../engine";
import { voucherBalance } from "../../engine/3-ledger/voucher";
import { documentLines } from "../../engine/2-rules/invoice-documents";
import { Decimal } from "../../engine/core/decimal";
import { formatAmount, formatNumber } from "../../engine/core/money";
import { IssueLog } from "../../engine/core/issues";
import { readWorkbook } from "../../engine/1-parse/read-workbook";
import { buildIntegrationJournal } from "../../engine/2-rules/integration-journal";
import { RateTable } from "../../engine/2-rules/currency";
import type { JournalPeriod } from "../../engine/1-parse/model";
import { rowsOf, type CellValue } from "../../engine/workbook";
import { baseSheets, billingSheets, workbook, type Sheets } from "../helpers/build";
import { records, table } from "../helpers/workbooks";

const PROJECTS = ["P-USD", "P-GBP", "P-FIX", "P-EUR", "P-JPY"];
const CATEGORIES = ["Design", "Travel", "Hardware", "Setup fee"];

/** Decimals as text with up to `places` decimals, biased towards half-cent boundaries. */
const decimalText = (max: number, places: number) =>
  fc.oneof(
    fc.integer({ min: -max * 1000, max: max * 1000 }).map((n) => (n / 1000).toFixed(3).replace(/\.?0+$/, "") || "0"),
    fc.integer({ min: -max * 100, max: max * 100 }).map((n) => `${(n / 100).toFixed(2)}5`),
    fc.integer({ min: 0, max: max * 10 ** places }).map((n) => (n / 10 ** places).toFixed(places)),
  );

const transaction = fc.record({
  project: fc.constantFrom(...PROJECTS, "P-UNKNOWN"),
  category: fc.constantFrom(...CATEGORIES),
  month: fc.integer({ min: 0, max: 14 }),
  day: fc.integer({ min: 1, max: 28 }),
  quantity: decimalText(50, 2),
  cost: decimalText(500, 4),
  price: fc.option(decimalText(900, 4), { nil: null }),
  billable: fc.constantFrom("Yes", "No", null),
  line: fc.constantFrom(1, 1, 1, 2),
});

const setup = fc.record({
  gbpRate: decimalText(200, 6).filter((t) => Number(t) > 0.000001),
  jpyRounding: fc.constantFrom("1", "0.01", "0.05"),
  usdRounding: fc.constantFrom("0.01", "0.001", "1"),
  fixed: fc.constantFrom("Yes", "No"),
  accrueNoWip: fc.constantFrom("Yes", "No"),
});

function build(s: { gbpRate: string; jpyRounding: string; usdRounding: string; fixed: string; accrueNoWip: string }, rows: TransactionSample[]): Sheets {
  const sheets = baseSheets();
  sheets.Parameters = sheets.Parameters.map((r) => (r[0] === "Fixed rate agreements enabled" ? [r[0], s.fixed] : r));
  sheets.Currencies = [["Currency", "Rounding"], ["USD", s.usdRounding], ["GBP", "0.01"], ["JPY", s.jpyRounding], ["EUR", "0.01"]];
  sheets.ExchangeRates.push(["GBP", "USD", "2026-09-01", s.gbpRate]);
  sheets.ProjectGroups = sheets.ProjectGroups.map((r) => (r[0] === "NOWIP" ? [r[0], s.accrueNoWip] : r));
  rows.forEach((t, i) => {
    const year = 2025 + Math.floor((t.month + 11) / 12);
    const month = ((t.month + 11) % 12) + 1;
    const date = `${year}-${String(month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
    const item = t.category === "Hardware" ? "LAPTOP" : null;
    const row: CellValue[] = [`T${i}`, t.project, t.project === "P-USD" ? t.line : 1, t.category, item, "R", date, t.quantity, t.cost, t.price, t.billable];
    sheets.Transactions.push(row);
  });
  return sheets;
}

type TransactionSample = typeof transaction extends fc.Arbitrary<infer T> ? T : never;

const workbooks = fc.tuple(setup, fc.array(transaction, { maxLength: 40 }));

const billing = fc.record({
  method: fc.constantFrom("Line", "Total"),
  invoiceRate: decimalText(200, 6).filter((t) => Number(t) > 0.000001),
  proformas: fc.array(fc.record({
    members: fc.array(fc.nat(39), { minLength: 1, maxLength: 6 }),
    milestones: fc.array(fc.nat(4), { maxLength: 2 }),
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.integer({ min: 0, max: 14 }),
    confirmed: fc.constantFrom(true, true, true, false),
    post: fc.constantFrom("Yes", "Yes", "No"),
    contract: fc.constantFrom("C-USD", "C-GBP", "C-GBP-FIX", "C-EUR", "C-JPY"),
  }), { maxLength: 8 }),
  milestoneAmounts: fc.array(decimalText(5000, 2), { minLength: 5, maxLength: 5 }),
  exempt: fc.boolean(),
});

/** A generated workbook with pro-formas over generated transactions and milestones, tax codes and rates. */
function buildBilling(s: Parameters<typeof build>[0], rows: TransactionSample[], b: BillingSample): Sheets {
  const sheets = build(s, rows);
  const tax = billingSheets();
  for (const name of ["SalesTaxCodes", "SalesTaxGroups", "ItemSalesTaxGroups"]) sheets[name] = tax[name];
  if (b.exempt) sheets.SalesTaxGroups = sheets.SalesTaxGroups.map((r, i) => (i > 0 ? [r[0], r[1], "Yes"] : r));
  sheets.PostingSetup = tax.PostingSetup;
  sheets.Parameters = [...sheets.Parameters, ...tax.Parameters.slice(4), ["Sales tax calculation", b.method]];
  sheets.ExchangeRates.push(["GBP", "USD", "2026-08-15", b.invoiceRate]);
  sheets.Milestones = [["Milestone", "Contract", "Contract line", "Date", "Amount", "Invoice status"],
    ...b.milestoneAmounts.map((amount, i) => [`M${i}`, "C-USD", 2, "2026-03-01", amount, i === 4 ? "Not ready for invoicing" : "Ready for invoicing"])];
  sheets.ProformaInvoices = [["Proforma", "Contract", "Invoice date", "Status", "Format", "Post"]];
  sheets.ProformaLines = [["Proforma", "Source"]];
  const projectOf: Record<string, string> = { "C-USD": "P-USD", "C-GBP": "P-GBP", "C-GBP-FIX": "P-FIX", "C-EUR": "P-EUR", "C-JPY": "P-JPY" };
  const used = new Set<number>();
  b.proformas.forEach((p, i) => {
    const year = 2025 + Math.floor((p.month + 11) / 12);
    const month = ((p.month + 11) % 12) + 1;
    sheets.ProformaInvoices.push([`PF-${i}`, p.contract, `${year}-${String(month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`, p.confirmed ? "Confirmed" : "Draft", i % 2 ? "Summary" : "Detail", p.post]);
    // Mostly the contract's own, not yet billed transactions; on day 1 anything goes (wrong contract, billed twice).
    const billable = (k: number) => rows[k].price !== null && rows[k].billable !== "No" && !(rows[k].project === "P-USD" && rows[k].line === 2);
    const candidates = rows.map((t, k) => k).filter((k) => p.day === 1 || (rows[k].project === projectOf[p.contract] && billable(k) && !used.has(k)));
    const listed = new Set<number>();
    for (const m of p.members) {
      if (!candidates.length) break;
      const k = candidates[m % candidates.length];
      // Each transaction once per pro-forma, except on day 1 (listing it twice must be refused, not billed twice).
      if (listed.has(k) && p.day !== 1) continue;
      listed.add(k);
      used.add(k);
      sheets.ProformaLines.push([`PF-${i}`, `T${k}`]);
    }
    if (p.contract === "C-USD" || p.day === 1) for (const m of p.milestones) sheets.ProformaLines.push([`PF-${i}`, `M${m}`]);
  });
  return sheets;
}

type BillingSample = typeof billing extends fc.Arbitrary<infer T> ? T : never;

describe("invariants over generated workbooks", () => {
  test("with invoices, sales tax and milestones: every voucher balances, proposals total their lines and taxes", () => {
    let invoices = 0;
    fc.assert(
      fc.property(setup, fc.array(transaction, { maxLength: 40 }), billing, (s, rows, b) => {
        const result = simulate(workbook(buildBilling(s, rows, b)));
        invoices += result.summary.invoices;
        for (const v of result.vouchers) expect(voucherBalance(v).isZero()).toBe(true);
        const tb = records(table(result.tables, "TrialBalance"));
        expect(tb[tb.length - 1].Balance).toBe("0.00");
        for (const p of result.proposals) {
          if (p.status !== "Posted" && p.status !== "Pro forma") continue;
          let net = new Decimal(0);
          let tax = new Decimal(0);
          for (const l of p.lines) {
            net = net.plus(l.amount);
            tax = tax.plus(l.tax);
            expect(l.taxes.reduce((sum, t) => sum.plus(t.amount), new Decimal(0)).eq(l.tax)).toBe(true);
          }
          expect(net.eq(p.net as Decimal) && tax.eq(p.tax as Decimal) && net.plus(tax).eq(p.total as Decimal)).toBe(true);
        }
        // Every posted proposal has its voucher, in proposal order, but one whose every amount is zero (it posts nothing).
        const posted = result.proposals.filter((p) => p.status === "Posted");
        const vouchered = result.vouchers.filter((v) => v.source === "Invoice").map((v) => v.sourceId);
        expect(vouchered).toEqual(posted.filter((p) => vouchered.includes(p.id)).map((p) => p.id));
        for (const p of posted) {
          if (!vouchered.includes(p.id)) expect([p.id, p.lines.every((l) => l.amount.isZero() && l.tax.isZero())]).toEqual([p.id, true]);
        }
        for (const v of result.vouchers) expect([v.number, v.lineCount > 0]).toEqual([v.number, true]);
        // The lazily laid-out tables have exactly the rows of the documents and taxes they stand for.
        const documents = records(table(result.tables, "InvoiceDocuments"));
        expect(documents.map((d) => `${d.Proposal} ${d.Line} ${d.Description}`)).toEqual(
          result.proposals.flatMap((p) => documentLines(p).map((d) => `${d.proposal} ${d.line} ${d.description}`)),
        );
        const taxes = records(table(result.tables, "SalesTax"));
        expect(taxes.map((t) => `${t.Proposal} ${t.Line} ${t["Tax code"]} ${t["Tax amount"]}`)).toEqual(
          result.proposals.flatMap((p) => p.lines.flatMap((l) => l.taxes.map((t) => `${p.id} ${l.line} ${t.code.code} ${t.amount.toFixed(2)}`))),
        );
        // GLVouchers holds every voucher's lines as `lines` derives them (the table reads journal vouchers' lines in place).
        const glRows = records(table(result.tables, "GLVouchers"));
        const dimColumns = Object.keys(glRows[0] ?? {}).filter((c) => c.startsWith("Dim "));
        const cells = (r: Record<string, CellValue>) => [r.Voucher, r.Date, r.Source, r["Source id"], r["Main account"], r["Account name"], r["Posting type"], r.Project, r.Currency, r.Amount, r["Exchange rate"], r["Accounting amount"]];
        expect(glRows.map((r) => [...cells(r), ...dimColumns.map((c) => r[c])])).toEqual(
          result.vouchers.flatMap((v) => v.lines.map((l) => [
            v.number, v.date, v.source, v.sourceId, l.mainAccount, l.accountName, l.postingType, l.project, l.currency, formatAmount(l.amount), formatNumber(l.rate),
            formatAmount(l.accountingAmount), ...dimColumns.map((c) => l.dimensions.get(normalizeName(c.slice(4))) ?? null),
          ])),
        );
        // A row read out of order (backwards, past items without rows) is the same row as read in order.
        for (const t of result.tables) {
          const inOrder = rowsOf(t.rows);
          const backwards = inOrder.map((_, i) => t.rows.at(inOrder.length - 1 - i)).reverse();
          expect(backwards).toEqual(inOrder);
        }
      }),
      { seed: 31337, numRuns: 300 },
    );
    expect(invoices).toBeGreaterThan(100);
  });

  test("every voucher balances to exactly zero; the trial balance totals zero and matches the vouchers", () => {
    let voucherCount = 0;
    fc.assert(
      fc.property(workbooks, ([s, rows]) => {
        const result = simulate(workbook(build(s, rows)));
        voucherCount += result.vouchers.length;
        for (const v of result.vouchers) expect(voucherBalance(v).isZero()).toBe(true);
        expect(result.summary.balanced).toBe(true);
        const tb = records(table(result.tables, "TrialBalance"));
        expect(tb[tb.length - 1]).toMatchObject({ "Main account": "Total" });
        expect(new Decimal(tb[tb.length - 1].Balance as string).isZero()).toBe(true);
        const perAccount = new Map<string, Decimal>();
        for (const line of records(table(result.tables, "GLVouchers"))) {
          const acc = line["Main account"] as string;
          perAccount.set(acc, (perAccount.get(acc) ?? new Decimal(0)).plus(line["Accounting amount"] as string));
        }
        for (const row of tb.slice(0, -1)) expect(new Decimal(row.Balance as string).eq(perAccount.get(row["Main account"] as string) as Decimal)).toBe(true);
      }),
      { seed: 20261122, numRuns: 300 },
    );
    // The generator must exercise posting, not only rejections.
    expect(voucherCount).toBeGreaterThan(1000);
  });

  test("the integration journal reports its issues in sheet order, whichever journals it makes (lines are made journal by journal)", () => {
    let reported = 0;
    fc.assert(
      fc.property(workbooks, ([s, generated]) => {
        // Also projects whose group or contract is unknown: reported once, at their first transaction in the sheet.
        const rows = generated.map((t, i) => (i % 5 === 1 ? { ...t, project: "P-NOGROUP" } : i % 7 === 3 ? { ...t, project: "P-NOCONTRACT" } : t));
        const sheets = build(s, rows);
        sheets.Projects.push(["P-NOGROUP", "C-USD", "NO-SUCH-GROUP", null, null, null], ["P-NOCONTRACT", "C-NONE", "WIP", null, null, null]);
        const parseLog = new IssueLog();
        const parsed = readWorkbook(workbook(sheets), parseLog);
        if (!parsed) return;
        const issuesWith = (journalPeriod: JournalPeriod) => {
          const log = new IssueLog();
          const journal = buildIntegrationJournal({ ...parsed, parameters: { ...parsed.parameters, journalPeriod } }, new RateTable(parsed.exchangeRates), log);
          return { issues: log.all(), lines: journal.lines().map((l) => `${l.transaction.id} ${l.lineType} ${l.status} ${l.amount.toFixed()}`).sort() };
        };
        // One journal for all: the transactions are worked through in sheet order.
        const inSheetOrder = issuesWith("All");
        reported += inSheetOrder.issues.length;
        for (const period of ["Days", "Months"] as const) expect(issuesWith(period)).toEqual(inSheetOrder);
      }),
      { seed: 99, numRuns: 300 },
    );
    expect(reported).toBeGreaterThan(100);
  });

  test("the same input gives the same output, byte for byte", () => {
    fc.assert(
      fc.property(workbooks, ([s, rows]) => {
        const a = simulate(workbook(build(s, rows)));
        const b = simulate(workbook(build(s, rows)));
        expect(JSON.stringify(b.tables)).toBe(JSON.stringify(a.tables));
      }),
      { seed: 7, numRuns: 50 },
    );
  });

  test("arbitrary cell values anywhere never make the engine throw, and every issue names a sheet and a row that exist", () => {
    const cell = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom("#N/A", "#REF!", "=A1", "1,000.5", "2026-13-01", "-0", "1e20"));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 11, maxLength: 11 }), { maxLength: 20 }), (rows) => {
        const sheets = baseSheets();
        sheets.Transactions.push(...rows);
        const book = workbook(sheets);
        const result = simulate(book);
        for (const issue of result.issues) {
          if (issue.sheet === "GLVouchers") continue;
          const sheet = book.sheets.find((x) => x.name === issue.sheet);
          expect(sheet).toBeDefined();
          if (issue.row !== null) expect(issue.row).toBeLessThanOrEqual((sheet?.rows.length ?? 0));
        }
        expect(result.summary.balanced).toBe(true);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
