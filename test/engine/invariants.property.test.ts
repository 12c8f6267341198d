/**
 * Invariants over generated workbooks (seeded, so a failure reproduces): the engine never throws,
 * every voucher sums to exactly zero in the accounting currency, the trial balance total is zero and
 * equals the sum of the voucher lines per account, and the same input always gives the same output.
 * Amounts are generated near .xx5, with negative corrections, 0- and 3-decimal currencies and rates
 * with 6+ decimals.
 */
import fc from "fast-check";
import { simulate } from "../../engine";
import { voucherBalance } from "../../engine/3-ledger/voucher";
import { Decimal } from "../../engine/core/decimal";
import type { CellValue } from "../../engine/workbook";
import { baseSheets, workbook, type Sheets } from "../helpers/build";
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

describe("invariants over generated workbooks", () => {
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
