/**
 * The CSV writer against the reader: whatever text cells hold (quotes, commas, line breaks, white space
 * at either end, non-ASCII, cells larger than a piece) comes back unchanged, and the bytes are UTF-8.
 */
import fc from "fast-check";
import { csvBytes, csvPieces, parseCsv } from "../../src/io/csv";
import { spareOf } from "../../src/io/utf8-pieces";
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
      'Text,Amount,Note\nplain,-1250.00,\n"say ""hi"", twice",0.10," padded "\nZürich — 東京 😀,1.125,"line\nbreak"\n',
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

  test("a cell larger than a piece is written whole", () => {
    const big = "é".repeat(5000);
    const pieces: number[] = [];
    csvBytes(tableOf([[big, "1.00", null]]), (bytes) => pieces.push(bytes.length), 1024);
    expect(Math.max(...pieces)).toBeGreaterThan(1024);
    expect(written(tableOf([[big, "1.00", null]]), 1024)).toBe(`Text,Amount,Note\n${big},1.00,\n`);
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
    // A piece is handed back before the next one is made: two buffers take turns.
    expect(buffers.size).toBe(2);
    expect(pieces.join("")).toBe(written(tableOf(rows), 256));
  });
});
