/** SPEC §4 "Exchange rate of a sales amount": fixed agreement, dated rate, inverse pair, none. */
import { simulate } from "../../engine";
import { baseSheets, withTransactions, workbook } from "../helpers/build";
import { records, table } from "../helpers/workbooks";

function salesLine(project: string, date: string, qty: number, price: number, adjust?: (s: ReturnType<typeof baseSheets>) => void) {
  const sheets = withTransactions(baseSheets(), [["T1", project, 1, "Design", date, qty, 0, price]]);
  adjust?.(sheets);
  const result = simulate(workbook(sheets));
  return { line: records(table(result.tables, "IntegrationJournal")).find((l) => l["Line type"] === "Sales"), result };
}

describe("which exchange rate applies", () => {
  test("the latest dated rate on or before the date: 2026-06-30 takes 130, 2026-07-01 takes 128.5", () => {
    // 10 h × 33.33 GBP = 333.30 GBP; × 1.30 = 433.29; × 1.285 = 428.2905 → 428.29
    expect(salesLine("P-GBP", "2026-06-30", 10, 33.33).line).toMatchObject({ Amount: "333.30", "Exchange rate": "130", "Accounting amount": "433.29" });
    expect(salesLine("P-GBP", "2026-07-01", 10, 33.33).line).toMatchObject({ "Exchange rate": "128.5", "Accounting amount": "428.29" });
  });

  test("a fixed-rate agreement wins whatever the date", () => {
    // 1 × 100.10 GBP × 1.25 = 125.125 → half away from zero → 125.13
    expect(salesLine("P-FIX", "2025-01-01", 1, 100.1).line).toMatchObject({ "Exchange rate": "125", "Accounting amount": "125.13" });
  });

  test("with agreements switched off the dated rate applies to the same contract", () => {
    const { line } = salesLine("P-FIX", "2026-08-01", 1, 100.1, (s) => {
      s.Parameters = s.Parameters.map((r) => (r[0] === "Fixed rate agreements enabled" ? [r[0], "No"] : r));
    });
    // 100.10 × 1.285 = 128.6285 → 128.63
    expect(line).toMatchObject({ "Exchange rate": "128.5", "Accounting amount": "128.63" });
  });

  test("only the inverse pair exists: USD→EUR 92 gives EUR→USD 10000 ÷ 92, converted exactly", () => {
    // 1,000 EUR × 100 ÷ 92 = 1,086.9565… → 1,086.96; the rate shows 108.6956521739
    expect(salesLine("P-EUR", "2026-03-01", 10, 100).line).toMatchObject({ Amount: "1000.00", "Exchange rate": "108.6956521739", "Accounting amount": "1086.96" });
  });

  test("a zero-decimal currency rounds to whole units before conversion", () => {
    // 3 × 333.5 JPY = 1,000.5 → 1,001 JPY (rounding 1); × 0.6734 ÷ 100 = 6.740734 → 6.74 USD
    expect(salesLine("P-JPY", "2026-03-01", 3, 333.5).line).toMatchObject({ Amount: "1001.00", "Accounting amount": "6.74" });
  });

  test("no rate on the date: the sales line is blocked with an issue naming the pair and the date; the cost line still posts", () => {
    const { result } = salesLine("P-GBP", "2025-12-31", 1, 100);
    const lines = records(table(result.tables, "IntegrationJournal"));
    expect(lines.map((l) => [l["Line type"], l.Status])).toEqual([["Sales", "Blocked"]]);
    expect(result.issues).toEqual([expect.objectContaining({
      severity: "Error", sheet: "Transactions", row: 2, column: "Date",
      message: expect.stringContaining("No exchange rate from GBP to USD on 2025-12-31"),
    })]);
  });
});
