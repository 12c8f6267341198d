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

describe("a rate row with errors blocks what it would convert, and only that (SPEC §5: an error blocks what depends on its row)", () => {
  const blocked = (result: ReturnType<typeof simulate>) => records(table(result.tables, "IntegrationJournal")).map((l) => [l["Line type"], l.Status, l["Accounting amount"]]);

  test("a fixed-rate agreement whose rate cannot be read: the contract's lines wait for it instead of taking the market rate", () => {
    const { result } = salesLine("P-FIX", "2026-08-01", 1, 100.1, (s) => { s.FixedRateAgreements[1][2] = "#N/A"; });
    expect(blocked(result)).toEqual([["Sales", "Blocked", null]]);
    expect(result.issues).toEqual([
      expect.objectContaining({ sheet: "FixedRateAgreements", row: 2, column: "Rate" }),
      expect.objectContaining({
        sheet: "Transactions", row: 2, column: "Date",
        message: "FixedRateAgreements row 2, the fixed-rate agreement of contract C-GBP-FIX for GBP, has errors: fix it before GBP amounts of C-GBP-FIX can be converted",
      }),
    ]);
    // Another contract in the same currency is not affected: 100.10 × 1.285 = 128.6285 → 128.63.
    expect(salesLine("P-GBP", "2026-08-01", 1, 100.1, (s) => { s.FixedRateAgreements[1][2] = "#N/A"; }).line).toMatchObject({ Status: "Posted", "Accounting amount": "128.63" });
  });

  test("a dated rate that cannot be read blocks the dates it would serve; earlier dates keep the rate before it", () => {
    const bad = (s: ReturnType<typeof baseSheets>) => s.ExchangeRates.push(["GBP", "USD", "2026-08-01", "1,28,5"]);
    const after = salesLine("P-GBP", "2026-08-03", 1, 100, bad).result;
    expect(blocked(after)).toEqual([["Sales", "Blocked", null]]);
    expect(after.issues).toEqual([
      expect.objectContaining({ sheet: "ExchangeRates", row: 6, column: "Rate" }),
      expect.objectContaining({ sheet: "Transactions", row: 2, message: "ExchangeRates row 6 (GBP → USD from 2026-08-01) has errors: fix it before GBP amounts of 2026-08-03 can be converted" }),
    ]);
    // 27 July is before the bad row starts: 100 × 1.285 = 128.50.
    expect(salesLine("P-GBP", "2026-07-27", 1, 100, bad).line).toMatchObject({ Status: "Posted", "Exchange rate": "128.5", "Accounting amount": "128.50" });
  });

  test("a rate row whose start date cannot be read may start any day: every conversion of its pair waits for it", () => {
    const { result } = salesLine("P-GBP", "2026-03-02", 1, 100, (s) => s.ExchangeRates.push(["GBP", "USD", "#REF!", 131]));
    expect(blocked(result)).toEqual([["Sales", "Blocked", null]]);
    expect(result.issues[1]).toMatchObject({ sheet: "Transactions", message: "ExchangeRates row 6 (GBP → USD) has errors and no start date that can be read: fix it before GBP amounts can be converted" });
    // Other currencies are not affected.
    expect(salesLine("P-JPY", "2026-03-01", 3, 333.5, (s) => s.ExchangeRates.push(["GBP", "USD", "#REF!", 131])).line).toMatchObject({ Status: "Posted", "Accounting amount": "6.74" });
  });

  test("an inverse pair's row with errors blocks the conversions that would use the inverse", () => {
    const { result } = salesLine("P-EUR", "2026-03-01", 10, 100, (s) => s.ExchangeRates.push(["USD", "EUR", "2026-02-01", "n/a"]));
    expect(blocked(result)).toEqual([["Sales", "Blocked", null]]);
    expect(result.issues[1]).toMatchObject({ message: "ExchangeRates row 6 (USD → EUR from 2026-02-01) has errors: fix it before EUR amounts of 2026-03-01 can be converted" });
  });

  test("of two rows for the same pair and start date the later wins: a later one with errors blocks, an earlier one does not", () => {
    const later = salesLine("P-GBP", "2026-07-05", 1, 100, (s) => s.ExchangeRates.push(["GBP", "USD", "2026-07-01", "x"])).result;
    expect(blocked(later)).toEqual([["Sales", "Blocked", null]]);
    // The same bad row placed before the valid 128.5 row of 2026-07-01: that row would win anyway (100 × 1.285).
    const earlier = salesLine("P-GBP", "2026-07-05", 1, 100, (s) => s.ExchangeRates.splice(2, 0, ["GBP", "USD", "2026-07-01", "x"]));
    expect(earlier.line).toMatchObject({ Status: "Posted", "Exchange rate": "128.5", "Accounting amount": "128.50" });
  });

  test("many dated rows with errors: each conversion is blocked only by the one it would use", () => {
    // A bad row on every day of June: a 15 June transaction names the row of 15 June; 1 July's valid rate is untouched.
    const june = (s: ReturnType<typeof baseSheets>) => {
      for (let d = 1; d <= 30; d++) s.ExchangeRates.push(["GBP", "USD", `2026-06-${String(d).padStart(2, "0")}`, "#N/A"]);
    };
    const mid = salesLine("P-GBP", "2026-06-15", 1, 100, june).result;
    expect(mid.issues.find((i) => i.sheet === "Transactions")?.message).toBe("ExchangeRates row 20 (GBP → USD from 2026-06-15) has errors: fix it before GBP amounts of 2026-06-15 can be converted");
    expect(salesLine("P-GBP", "2026-07-02", 1, 100, june).line).toMatchObject({ Status: "Posted", "Accounting amount": "128.50" });
  });
});
