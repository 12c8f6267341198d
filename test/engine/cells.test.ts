/** SPEC §3: how a cell reads as a decimal, a date, Yes/No or an id. */
import { readDate, readDecimal, readId, readYesNo } from "../../engine/1-parse/cells";
import { excelSerialToIso, isoToExcelSerial } from "../../engine/core/dates";
import { formatAmount, formatNumber, roundTo } from "../../engine/core/money";
import { Decimal } from "../../engine/core/decimal";
import { worthSharing } from "../../engine/core/strings";
import { sortNatural } from "../../engine/core/order";

const value = <T>(r: { ok: boolean; value?: T; message?: string }) => (r.ok ? r.value : `error: ${r.message}`);
const dec = (cell: Parameters<typeof readDecimal>[0]) => {
  const r = readDecimal(cell);
  return r.ok ? r.value.toFixed() : "error";
};

describe("decimals", () => {
  test("Excel numbers keep the digits the user sees: 0.1 stays 0.1, not its binary neighbour", () => {
    expect(dec(0.1)).toBe("0.1");
    expect(dec(1000.5)).toBe("1000.5");
    expect(dec(-0)).toBe("0");
  });
  test("text with thousands separators, signs, exponents and accounting brackets", () => {
    expect(dec("1,000.50")).toBe("1000.5");
    expect(dec(" 1,234,567.891 ")).toBe("1234567.891");
    expect(dec("-12.5")).toBe("-12.5");
    expect(dec("(1,000.00)")).toBe("-1000");
    expect(dec("2.5e3")).toBe("2500");
  });
  test("text that is not a number is an error saying so", () => {
    expect(readDecimal("abc")).toEqual({ ok: false, message: expect.stringContaining("'abc' is not a number") });
    expect(dec("1,00.5")).toBe("error");
    expect(dec("12 hours")).toBe("error");
    expect(dec(true)).toBe("error");
  });
  test("error cells and absurd magnitudes are errors", () => {
    expect(readDecimal("#N/A")).toEqual({ ok: false, message: expect.stringContaining("Excel error #N/A") });
    expect(dec(1e20)).toBe("error");
    expect(dec(Infinity)).toBe("error");
  });
});

describe("dates", () => {
  test("Excel serials in the 1900 system, including its phantom 29 February 1900", () => {
    expect(excelSerialToIso(1)).toBe("1900-01-01");
    expect(excelSerialToIso(59)).toBe("1900-02-28");
    expect(excelSerialToIso(60)).toBeNull();
    expect(excelSerialToIso(61)).toBe("1900-03-01");
    expect(excelSerialToIso(46261)).toBe("2026-08-27");
    expect(excelSerialToIso(46261.75)).toBe("2026-08-27");
    expect(isoToExcelSerial("2026-08-27")).toBe(46261);
    expect(isoToExcelSerial("1900-02-28")).toBe(59);
  });
  test("ISO text, with or without a time; anything else is an error that says how to write it", () => {
    expect(value(readDate("2026-08-27"))).toBe("2026-08-27");
    expect(value(readDate("2026-08-27T00:00:00Z"))).toBe("2026-08-27");
    expect(value(readDate("2026-02-30"))).toMatch(/not a calendar day/);
    expect(value(readDate("27/08/2026"))).toMatch(/use an Excel date or YYYY-MM-DD/);
  });
});

describe("Yes/No and ids", () => {
  test("Yes/No/True/False/1/0 in any case", () => {
    expect(["Yes", "no", "TRUE", "false", 1, 0, true].map((c) => value(readYesNo(c)))).toEqual([true, false, true, false, true, false, true]);
    expect(value(readYesNo("maybe"))).toMatch(/not Yes or No/);
  });
  test("ids: Excel's 1 is the text '1', trimmed text stays as typed", () => {
    expect(value(readId(1))).toBe("1");
    expect(value(readId(" P-COHO "))).toBe("P-COHO");
    expect(value(readId("007"))).toBe("007");
  });
});

describe("rounding (DOMAIN.md §6.3)", () => {
  const r = (x: string, p: string, m: "Normal" | "Downward" | "Rounding-up") => roundTo(new Decimal(x), new Decimal(p), m).toFixed();
  test("987.345 by each method and precision, as in the Finance documentation's table", () => {
    expect([r("987.345", "0.01", "Normal"), r("987.345", "0.1", "Normal"), r("987.345", "1", "Normal"), r("987.345", "10", "Normal"), r("987.345", "0.02", "Normal"), r("987.345", "0.05", "Normal"), r("987.345", "0.25", "Normal")])
      .toEqual(["987.35", "987.3", "987", "990", "987.34", "987.35", "987.25"]);
    expect([r("987.345", "0.01", "Downward"), r("987.345", "0.1", "Downward"), r("987.345", "10", "Downward"), r("987.345", "0.05", "Downward"), r("987.345", "0.25", "Downward")])
      .toEqual(["987.34", "987.3", "980", "987.3", "987.25"]);
    expect([r("987.345", "0.01", "Rounding-up"), r("987.345", "0.1", "Rounding-up"), r("987.345", "1", "Rounding-up"), r("987.345", "0.02", "Rounding-up"), r("987.345", "0.25", "Rounding-up")])
      .toEqual(["987.35", "987.4", "988", "987.36", "987.5"]);
  });
  test("98,765.43 by Normal, Downward and Rounding-up at 0.01, 0.10, 1.00, 100.00 and 0.00, as in the settlement rounding table", () => {
    const row = (m: "Normal" | "Downward" | "Rounding-up") => ["0.01", "0.1", "1", "100", "0"].map((p) => r("98765.43", p, m));
    // A round-off of 0.00 rounds Normal to the cent, and Downward and Rounding-up to whole units.
    expect(row("Normal")).toEqual(["98765.43", "98765.4", "98765", "98800", "98765.43"]);
    expect(row("Downward")).toEqual(["98765.43", "98765.4", "98765", "98700", "98765"]);
    expect(row("Rounding-up")).toEqual(["98765.43", "98765.5", "98766", "98800", "98766"]);
  });
  test("Normal is half away from zero on both sides; round(1.011, 0.02) = 1.02", () => {
    expect([r("2.675", "0.01", "Normal"), r("-2.675", "0.01", "Normal"), r("1.011", "0.02", "Normal")]).toEqual(["2.68", "-2.68", "1.02"]);
  });
});

describe("output text of amounts and numbers", () => {
  test("amounts keep every decimal they have and at least two; never an exponent or -0", () => {
    expect(["1250", "1250.5", "-0.01", "0", "-0", "0.125", "123456789012345.67", "0.0000001"].map((v) => formatAmount(new Decimal(v)))).toEqual([
      "1250.00", "1250.50", "-0.01", "0.00", "0.00", "0.125", "123456789012345.67", "0.0000001",
    ]);
    expect(["125", "108.6956521739", "-0", "1e-7"].map((v) => formatNumber(new Decimal(v)))).toEqual(["125", "108.6956521739", "0", "0.0000001"]);
  });
});

describe("the 1904 date system", () => {
  test("serials count from 1904-01-01 (serial 1462 of the 1900 system): 44799 is 2026-08-27", () => {
    expect(value(readDate(44799, true))).toBe("2026-08-27");
    expect(value(readDate(0, true))).toBe("1904-01-01");
    expect(value(readDate(44799))).toBe("2022-08-26");
  });
});

describe("sharing a column's repeated values", () => {
  test("a column of ids stops sharing after its first 20,000 values", () => {
    expect(worthSharing(20_000, 20_000)).toBe(true);
    expect(worthSharing(20_001, 20_001)).toBe(false);
  });
  test("a column that repeats each value a few times is shared however many distinct values it has", () => {
    // 60,000 pro-formas of 13 lines each, as on a full sheet.
    expect(worthSharing(60_000, 13 * 60_000)).toBe(true);
    expect(worthSharing(250_000, 1_000_000)).toBe(true);
    // Half the values new: the memo would cost about what it saves.
    expect(worthSharing(500_000, 1_000_000)).toBe(false);
  });
});

describe("natural order of ids", () => {
  test("digit runs compare as numbers; equal numbers with fewer leading zeros first; the rest as text", () => {
    const ids = ["PF-1001", "PF-0999", "PF-999", "PF-10a", "A", "PF-10", "PF-"];
    expect(sortNatural(ids, (id) => id)).toEqual(["A", "PF-", "PF-10", "PF-10a", "PF-999", "PF-0999", "PF-1001"]);
  });
});
