/**
 * The CSV writer against the reader: whatever text cells hold (quotes, commas, line breaks, white space
 * at either end, non-ASCII, cells larger than a piece) comes back unchanged, and the bytes are UTF-8.
 */
import fc from "fast-check";
import { storedOneByte } from "../helpers/strings";
import { csvBytes, csvPieces, parseCsv } from "../../src/io/csv";
import { spareOf, Utf8Pieces } from "../../src/io/utf8-pieces";
import { ColumnValues, textHash } from "../../src/io/column-values";
import { PAST_LATIN1, narrowedCopy } from "../../src/io/text";
import { plainDecimal } from "../../engine/core/plain-decimal";
import { Decimal } from "../../engine/core/decimal";
import DecimalJs from "decimal.js";
import { rowsOf, writtenRows } from "../../engine/workbook";
import type { OutputCell, OutputTable } from "../../engine/workbook";

function written(table: OutputTable, size?: number): string {
  const pieces: Uint8Array[] = [];
  csvBytes(table, (bytes) => pieces.push(bytes.slice()), size);
  return Buffer.concat(pieces).toString("utf8");
}

const tableOf = (rows: OutputCell[][]): OutputTable => ({
  name: "T",
  columns: [{ name: "Text", kind: "text" }, { name: "Amount", kind: "amount" }, { name: "Note", kind: "text" }],
  rows,
});

describe("CSV output", () => {
  test("quotes only what needs quoting; numbers go out as they are", () => {
    const text = written(tableOf([["plain", "-1250.00", null], ['say "hi", twice', "0.10", " padded "], ["Zürich — 東京 😀", "1.125", "line\nbreak"]]));
    expect(text).toBe(
      '\uFEFFText,Amount,Note\nplain,-1250.00,\n"say ""hi"", twice",0.10," padded "\nZürich — 東京 😀,1.125,"line\nbreak"\n',
    );
  });

  test("any text survives a round trip, whatever the piece size", () => {
    const cell = fc.oneof(fc.constant(null), fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ maxLength: 3000 }));
    fc.assert(fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 20 }), fc.integer({ min: 16, max: 4096 }), (pairs, size) => {
      const rows = pairs.map(([a, b]): OutputCell[] => [a, "1.00", b]);
      // Lone surrogates cannot be UTF-8 encoded: they are not text a workbook holds.
      fc.pre(rows.every((r) => r.every((c) => c === null || !/[\uD800-\uDFFF]/.test(c.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "")))));
      const parsed = parseCsv(written(tableOf(rows), size));
      expect(parsed.slice(1).map((r) => [r[0] || null, r[1], r[2] || null])).toEqual(rows.map((r) => [r[0] || null, r[1], r[2] || null]));
    }), { seed: 21, numRuns: 300 });
  });

  test("a file starts with the byte order mark Excel takes for UTF-8; the rest of a file has none", () => {
    const table = tableOf([["Société", "1.00", null]]);
    const bytes = Buffer.concat([...csvPieces(table)]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toBe("Text,Amount,Note\nSociété,1.00,\n");
    expect(Buffer.concat([...csvPieces(table, 1 << 20, [], { header: false })]).toString("utf8")).toBe("Société,1.00,\n");
    // The reader takes the mark as no part of the first header.
    expect(parseCsv(bytes.toString("utf8"))[0]).toEqual(["Text", "Amount", "Note"]);
  });

  test("a file holding a character past Latin-1 reads every cell as it is, short or long, repeated or not", () => {
    const long = `Júlia ${"x".repeat(300)}`;
    const longWide = `Łucja ${"y".repeat(300)}`;
    const text = `Id,Resource,Date,Note\nT-1,Łucja Nowak,2026-01-02,${long}\nT-2,Júlia Funderburk,2026-01-02,${longWide}\nT-3,Łucja Nowak,2026-01-03,€ 5\n`;
    expect(parseCsv(text)).toEqual([
      ["Id", "Resource", "Date", "Note"],
      ["T-1", "Łucja Nowak", "2026-01-02", long],
      ["T-2", "Júlia Funderburk", "2026-01-02", longWide],
      ["T-3", "Łucja Nowak", "2026-01-03", "€ 5"],
    ]);
  });

  test("a cell larger than a piece is written whole", () => {
    const big = "é".repeat(5000);
    const pieces: number[] = [];
    csvBytes(tableOf([[big, "1.00", null]]), (bytes) => pieces.push(bytes.length), 1024);
    expect(Math.max(...pieces)).toBeGreaterThan(1024);
    expect(written(tableOf([[big, "1.00", null]]), 1024)).toBe(`\uFEFFText,Amount,Note\n${big},1.00,\n`);
  });

  test("buffers handed back are filled again, and the text is the same as with new ones", () => {
    const rows = Array.from({ length: 500 }, (_, i): OutputCell[] => [`row ${i}, "quoted"`, `${i}.00`, i % 7 ? null : "Zürich"]);
    const spare: Uint8Array[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const pieces: string[] = [];
    for (const piece of csvPieces(tableOf(rows), 256, spare)) {
      buffers.add(piece.buffer);
      pieces.push(Buffer.from(piece).toString("utf8"));
      spare.push(spareOf(piece));
    }
    expect(pieces.length).toBeGreaterThan(20);
    // A piece is handed back before the next one is made: two buffers take turns, and the last piece takes none.
    expect(buffers.size).toBe(2);
    expect(spare.length).toBe(2);
    expect(pieces.join("")).toBe(written(tableOf(rows), 256));
  });

  test("numbers are written as digits with exactly the text the engine gives them", () => {
    const digitsOf = (units: number, scale: number, minPlaces: number) => {
      const pieces: Uint8Array[] = [];
      const out = new Utf8Pieces((bytes) => pieces.push(bytes.slice()), 64, "reuse");
      out.decimal(units, scale, minPlaces);
      out.flush();
      return Buffer.concat(pieces).toString("latin1");
    };
    // Worked cases: cents, trailing zeros dropped down to the minimum, padding, zero without sign, 32-bit edges, 2^53.
    expect(digitsOf(-125050, 2, 2)).toBe("-1250.50");
    expect(digitsOf(1500, 3, 2)).toBe("1.50");
    expect(digitsOf(1500, 3, 0)).toBe("1.5");
    expect(digitsOf(3, 0, 2)).toBe("3.00");
    expect(digitsOf(-0, 2, 2)).toBe("0.00");
    expect(digitsOf(0, 9, 0)).toBe("0");
    expect(digitsOf(5, 15, 0)).toBe("0.000000000000005");
    expect(digitsOf(2147483647, 2, 2)).toBe("21474836.47");
    expect(digitsOf(-2147483648, 2, 2)).toBe("-21474836.48");
    expect(digitsOf(2 ** 53, 4, 2)).toBe("900719925474.0992");
    const units = fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.integer({ min: -(2 ** 31) - 10, max: -(2 ** 31) + 10 }),
      fc.integer({ min: 2 ** 31 - 10, max: 2 ** 31 + 10 }),
      fc.maxSafeInteger().map((n) => n * (n % 2 ? -1 : 1)),
    );
    fc.assert(fc.property(units, fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 4 }), (u, scale, minPlaces) => {
      expect(digitsOf(u, scale, minPlaces)).toBe(plainDecimal(u, scale, minPlaces));
      // And that text is the value decimal.js gives, with at least minPlaces decimals.
      const exact = new DecimalJs(u).div(10 ** scale);
      expect(plainDecimal(u, scale, minPlaces)).toBe(exact.isZero() ? new DecimalJs(0).toFixed(minPlaces) : exact.toFixed(Math.max(exact.decimalPlaces(), minPlaces)));
    }), { seed: 7, numRuns: 3000 });
  });

  test("a table that writes its rows gives the same CSV as the same rows as text", () => {
    const wide = new Decimal("123456789012345678901234.5");
    const rows = writtenRows(300, (i, to) => {
      to.text(i % 5 ? `id ${i}` : ` spaced, "quoted" ${i}`);
      new Decimal(i * 137 - 20000, i % 4).writePlain(to, 2);
      if (i % 3) to.text(null);
      else wide.writePlain(to, 2);
    });
    const asText = rowsOf(rows);
    expect(asText[3][2]).toBe("123456789012345678901234.50");
    expect(written({ ...tableOf([]), rows })).toBe(written(tableOf(asText as OutputCell[][])));
    // Pieces of any size, down to smaller than a number: digits are never lost at a piece's end.
    for (const size of [8, 16, 19, 20, 33, 64, 257]) expect(written({ ...tableOf([]), rows }, size)).toBe(written(tableOf(asText as OutputCell[][])));
  });
});

describe("a column's repeated values", () => {
  test("each value comes back as itself, one object per distinct text, through growth and colliding hashes", () => {
    // "Aa" and "BB" have the same hash, so these sixteen texts all do: they must still be told apart.
    const colliding = ["AaAa", "AaBB", "BBAa", "BBBB"].flatMap((x) => ["AaAa", "AaBB", "BBAa", "BBBB"].map((y) => x + y));
    expect(new Set(colliding.map((t) => textHash(t, 0, t.length))).size).toBe(1);
    const distinct = [...colliding, ...Array.from({ length: 3000 }, (_, i) => `P-${String(i).padStart(5, "0")}`), "", "Zürich — 東京"];
    const column = new ColumnValues();
    for (let i = 0; i < 60_000; i++) {
      const text = distinct[(i * 7919) % distinct.length];
      // Found where it lies in a longer text, as the CSV reader asks.
      const line = `x,${text},y`;
      const value = i % 2 ? column.sharedRange(line, 2, 2 + text.length, textHash(line, 2, 2 + text.length)) : column.shared(text);
      expect(value).toBe(text);
    }
    expect(column.sharing).toBe(true);
  });

  test("values made to share one hash stop the sharing instead of making every lookup walk them all", () => {
    // Strings of "Aa" and "BB" blocks all have one hash: 2^10 of them.
    const blocks = (n: number, bits: number) => Array.from({ length: bits }, (_, b) => ((n >> b) & 1 ? "Aa" : "BB")).join("");
    const column = new ColumnValues();
    for (let n = 0; n < 1024; n++) expect(column.shared(blocks(n, 10))).toBe(blocks(n, 10));
    expect(column.sharing).toBe(false);
    const ids = Array.from({ length: 4096 }, (_, n) => blocks(n, 12));
    expect(parseCsv(`Id\n${ids.join("\n")}\n`).slice(1).map((r) => r[0])).toEqual(ids);
  });

  test("a column of distinct values stops holding them after 20,000 and still reads every one", () => {
    const column = new ColumnValues();
    for (let i = 0; i < 30_000; i++) {
      const text = `T-${i}`;
      expect(column.shared(text)).toBe(text);
    }
    expect(column.sharing).toBe(false);
    expect(parseCsv("Id,Project\nT-1,P-1\nT-2,P-1\n\"T-3\",\"P-1\"\n")).toEqual([["Id", "Project"], ["T-1", "P-1"], ["T-2", "P-1"], ["T-3", "P-1"]]);
  });
});

describe("values cut out of a text past Latin-1", () => {
  test("are the same text, whatever they hold and however long", () => {
    const wide = "Ł" + "x".repeat(300);
    const cases = ["", "T-1", "Júlia", "Łucja", "\uD800", "a\uDC00b", "€", "x".repeat(256), "é".repeat(257), `${"y".repeat(256)}Ł`];
    for (const value of cases) {
      // Cut out of a two-byte text, as a file's cells are.
      const cut = (wide + value).slice(wide.length);
      expect(narrowedCopy(cut)).toBe(value);
      // Stored with one byte a character when it holds no character past Latin-1 and is not among the long ones.
      expect([value, storedOneByte(narrowedCopy(cut))]).toEqual([value, !PAST_LATIN1.test(value) && value.length <= 256]);
    }
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (value) => {
      expect(narrowedCopy(("Ł" + value).slice(1))).toBe(value);
    }), { seed: 9, numRuns: 500 });
  });

  test("the check for such a text", () => {
    expect(["plain", "Júlia Ø", "\u00ff"].map((t) => PAST_LATIN1.test(t))).toEqual([false, false, false]);
    expect(["Łucja", "€", "\uFEFF", "\uD83D\uDE00"].map((t) => PAST_LATIN1.test(t))).toEqual([true, true, true, true]);
  });

  test("a column told its text is wide gives the same values, shared as before", () => {
    const text = "Łucja,T-1,T-1,Júlia,Júlia";
    const fields = [[0, 5], [6, 9], [10, 13], [14, 19], [20, 25]];
    const column = new ColumnValues(true);
    const values = fields.map(([from, to]) => column.sharedRange(text, from, to, textHash(text, from, to)));
    expect(values).toEqual(["Łucja", "T-1", "T-1", "Júlia", "Júlia"]);
    expect(values.map(storedOneByte)).toEqual([false, true, true, true, true]);
  });

  test("a CSV text holding one such character gives cells of one byte a character", () => {
    const rows = parseCsv("Id,Resource,Date\nT-1,Łucja,2026-01-02\nT-2,Júlia,2026-01-03\n");
    expect(storedOneByte("Łucja,T-1".slice(6))).toBe(false);
    expect(rows.flat().map((cell) => [cell, storedOneByte(cell as string)])).toEqual([
      ["Id", true], ["Resource", true], ["Date", true], ["T-1", true], ["Łucja", false], ["2026-01-02", true], ["T-2", true], ["Júlia", true], ["2026-01-03", true],
    ]);
  });
});
