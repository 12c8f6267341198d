/**
 * The .xlsx reader and writer: round trips, files written by other tools, files read by other tools,
 * strict XML, and adding results to an existing workbook without touching its input sheets.
 */
import ExcelJS from "exceljs";
import * as XLSX from "@e965/xlsx";
import { SaxesParser } from "saxes";
import { zipSync } from "fflate";
import { rowsOf, writtenRows, type OutputTable } from "../../engine/workbook";
import { readXlsx } from "../../src/io/xlsx/read";
import * as zlib from "node:zlib";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { storedOneByte } from "../helpers/strings";
import { splitForSheets, writeXlsx, writeXlsxAsync, type SheetToWrite } from "../../src/io/xlsx/write";
import { DEFLATE_END, crc32, crc32Combine, deflatePiece, entryText, rawEntryData, readZipDirectory, type Compression, type ZipEntry } from "../../src/io/xlsx/zip";
import { helperCompression, type DeflateHelper, type HelperRequest } from "../../src/io/helper-compression";
import { nodeCompression } from "../../src/io/node-compression";
import { threadedCompression } from "../../src/io/threaded-compression";
import { threadedInflation } from "../../src/io/threaded-inflation";
import { writeXlsxFile } from "../../src/io/xlsx-file";
import { isOutputFileName, isOutputSheetName } from "../../src/io/workbook-sheets";
import { extendStylesXml } from "../../src/io/xlsx/styles";

function write(sheets: SheetToWrite[], base?: Uint8Array, replace?: (name: string) => boolean): Uint8Array {
  const chunks: Uint8Array[] = [];
  writeXlsx(sheets, (c) => chunks.push(c.slice()), { base, replace });
  return new Uint8Array(Buffer.concat(chunks));
}

const TRICKY: SheetToWrite = {
  name: "Tricky",
  asTable: true,
  columns: [
    { name: "Id", kind: "text" }, { name: "Amount", kind: "amount" }, { name: "Date", kind: "date" },
    { name: "Line", kind: "integer" }, { name: "Rate", kind: "number" }, { name: "Note", kind: "text" },
  ],
  rows: [
    ["=SUM(A1:A2)", "1250.00", "2026-08-27", "1", "125", "plain"],
    ["+44 20 7946", "-1250.00", "1900-01-01", "2", "108.6956521739", "a < b & c > \"d\""],
    ["-T-001", "0.00", null, null, "0.000001", "  padded  "],
    ["@home", null, "2026-02-28", "4", null, "tab\there\u0001ctl _x0041_"],
    ["007", "12345678901.23", "9999-12-31", "5", "1", "Ünïcødé 日本 🚀"],
  ],
};

describe("round trip through our own reader", () => {
  const bytes = write([TRICKY]);
  const book = readXlsx(bytes);

  test("text that looks like a formula stays text; numbers are numbers; dates come back as ISO days", () => {
    const rows = book.sheets[0].rows;
    expect(rows[0]).toEqual(["Id", "Amount", "Date", "Line", "Rate", "Note"]);
    expect(rows[1]).toEqual(["=SUM(A1:A2)", 1250, "2026-08-27", 1, 125, "plain"]);
    expect(rows[2]).toEqual(["+44 20 7946", -1250, "1900-01-01", 2, 108.6956521739, 'a < b & c > "d"']);
    expect(rows[3]).toEqual(["-T-001", 0, null, null, 0.000001, "  padded  "]);
    expect(rows[4]).toEqual(["@home", null, "2026-02-28", 4, null, "tab\there\u0001ctl _x0041_"]);
    expect(rows[5]).toEqual(["007", 12345678901.23, "9999-12-31", 5, 1, "Ünïcødé 日本 🚀"]);
  });

  test("every XML part is well-formed", () => {
    for (const entry of readZipDirectory(bytes)) {
      const parser = new SaxesParser();
      expect(() => parser.write(entryText(bytes, entry)).close()).not.toThrow();
    }
  });

  test("identical input gives identical bytes", () => {
    expect(Buffer.from(write([TRICKY])).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe("Node's native zlib (the command line's compression)", () => {
  test("writes parts that every reader opens, with the same content as the portable deflate", async () => {
    const chunks: Uint8Array[] = [];
    const big: SheetToWrite = { ...TRICKY, name: "Big", rows: Array.from({ length: 10_000 }, (_, i) => TRICKY.rows.at(i % 5) ?? []) };
    writeXlsx([TRICKY, big], (c) => chunks.push(c.slice()), { compression: nodeCompression, level: 1 });
    const bytes = new Uint8Array(Buffer.concat(chunks));
    expect(readXlsx(bytes).sheets.map((s) => s.rows)).toEqual(readXlsx(write([TRICKY, big])).sheets.map((s) => s.rows));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.getWorksheet("Big")?.rowCount).toBe(10_001);
    expect(XLSX.read(bytes, { type: "array" }).SheetNames).toEqual(["Tricky", "Big"]);
  }, 30_000);
});

describe("deflate on a second thread (the command line's .xlsx writing)", () => {
  test("gives the same bytes as on one thread, piece for piece, with more pieces than it queues", async () => {
    // 60,000 rows is several megabytes of sheet XML: more 1 MB pieces than the worker queues at once.
    const big: SheetToWrite = { ...TRICKY, name: "Big", rows: Array.from({ length: 60_000 }, (_, i) => TRICKY.rows.at(i % 5) ?? []) };
    const collect = (compression: Compression) => {
      const chunks: Uint8Array[] = [];
      writeXlsx([TRICKY, big], (c) => chunks.push(c.slice()), { compression, level: 1 });
      return Buffer.concat(chunks);
    };
    const threaded = threadedCompression();
    try {
      const bytes = collect(threaded);
      expect(bytes.length).toBeGreaterThan(100_000);
      expect(bytes.equals(collect(nodeCompression))).toBe(true);
      // The same worker serves a second workbook.
      expect(collect(threaded).equals(bytes)).toBe(true);
    } finally {
      await threaded.close();
    }
  }, 60_000);

  test("a piece the worker cannot deflate fails the entry with a message, at once, instead of hanging", async () => {
    const threaded = threadedCompression();
    try {
      // zlib refuses level 99: the worker reports it and the writer throws.
      const deflater = threaded.deflater(99 as 1, () => undefined);
      const started = Date.now();
      expect(() => {
        deflater.push(new TextEncoder().encode("<row/>"));
        deflater.finish();
      }).toThrow(/deflating the workbook failed/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await threaded.close();
    }
  });
});

describe("deflate shared with a helper that answers by messages (the task pane's .xlsx writing)", () => {
  test("the CRC-32 is zlib's for any bytes, eight at a time or one, and continues from the CRC-32 of the bytes before", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 40 }), (before, bytes) => {
        const whole = new Uint8Array([...before, ...bytes]);
        expect(crc32(whole)).toBe(zlib.crc32(whole));
        expect(crc32(bytes, crc32(before))).toBe(zlib.crc32(whole));
      }),
      { seed: 8, numRuns: 500 },
    );
  });

  test("the CRC-32 of two pieces is put together from theirs, for any split", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(), (bytes, at) => {
      const split = bytes.length ? at % (bytes.length + 1) : 0;
      const [first, second] = [bytes.subarray(0, split), bytes.subarray(split)];
      expect(crc32Combine(crc32(first), crc32(second), second.length)).toBe(zlib.crc32(bytes));
    }));
    // Lengths with high bits set, and an empty second piece.
    const big = Uint8Array.from({ length: 3 << 20 }, (_, i) => (i * 7919) & 0xff);
    for (const split of [1, (1 << 20) + 3, 3 << 20]) {
      expect(crc32Combine(crc32(big.subarray(0, split)), crc32(big.subarray(split)), big.length - split)).toBe(zlib.crc32(big));
    }
  });

  test("pieces deflated apart and joined in order are one deflate stream, wherever they are cut", () => {
    // The last byte of a piece's blocks may be filled to any bit: random content and cuts reach every case.
    const piece = fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string({ maxLength: 400 }).map((t) => new TextEncoder().encode(`<c r="A1"><v>${t}</v></c>`.repeat(20))));
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.constantFrom(1 as const, 6 as const), (pieces, level) => {
      const joined = Buffer.concat([...pieces.map((p) => deflatePiece(p, level)), DEFLATE_END]);
      expect(zlib.inflateRawSync(joined).equals(Buffer.concat(pieces))).toBe(true);
    }), { numRuns: 300 });
    const text = new TextEncoder().encode("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>".repeat(60_000));
    const pieces = [text.subarray(0, 1 << 20), text.subarray(1 << 20, 2 << 20), text.subarray(2 << 20)];
    const joined = Buffer.concat([...pieces.map((p) => deflatePiece(p, 1)), DEFLATE_END]);
    expect(joined.length).toBeLessThan(text.length / 10);
    expect(zlib.inflateRawSync(joined).equals(Buffer.from(text))).toBe(true);
  });

  /** A helper in this thread that answers each piece a few tasks later; `misbehave` decides what it does instead. */
  function standIn(misbehave: (request: HelperRequest, n: number) => "error" | "silent" | null = () => null): DeflateHelper & { requests: number } {
    const helper: DeflateHelper & { requests: number } = {
      requests: 0, onmessage: null, onerror: null,
      postMessage(request) {
        const what = misbehave(request, helper.requests++);
        if (what === "silent") return;
        setImmediate(() => setImmediate(() => helper.onmessage?.({
          data: what === "error" ? { id: request.id, error: "no room" } : { id: request.id, bytes: deflatePiece(request.chunk, request.level), crc: crc32(request.chunk) },
        })));
      },
    };
    return helper;
  }
  // Several megabytes of sheet XML: many 1 MB pieces, and a few small parts.
  const big: SheetToWrite = { ...TRICKY, name: "Big", rows: Array.from({ length: 60_000 }, (_, i) => TRICKY.rows.at(i % 5) ?? []) };
  const collect = async (compression: Compression) => {
    const chunks: Uint8Array[] = [];
    await writeXlsxAsync([TRICKY, big], (c) => chunks.push(c.slice()), { compression, level: 1 });
    return Buffer.concat(chunks);
  };

  test("where each piece is deflated changes no byte; the workbook reads as the one-thread writer's", async () => {
    const alone = helperCompression(null);
    const helper = standIn();
    const shared = helperCompression(helper);
    try {
      const bytes = await collect(shared);
      expect(shared.counts().helper).toBeGreaterThan(0);
      expect(shared.counts().here).toBeGreaterThan(0);
      expect(helper.requests).toBe(shared.counts().helper);
      const hereOnly = await collect(alone);
      expect(alone.counts().helper).toBe(0);
      expect(bytes.equals(hereOnly)).toBe(true);
      expect(readXlsx(new Uint8Array(bytes)).sheets.map((s) => s.rows)).toEqual(readXlsx(write([TRICKY, big])).sheets.map((s) => s.rows));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(wb.getWorksheet("Big")?.rowCount).toBe(60_001);
    } finally {
      alone.close();
      shared.close();
    }
  }, 60_000);

  test("a helper that fails or stops answering leaves its pieces to the writer: the same bytes, no hang", async () => {
    const alone = helperCompression(null);
    const failing = helperCompression(standIn((_, n) => (n === 1 ? "error" : null)));
    const silent = helperCompression(standIn((_, n) => (n >= 2 ? "silent" : null)), 200);
    try {
      const expected = await collect(alone);
      expect((await collect(failing)).equals(expected)).toBe(true);
      const started = Date.now();
      expect((await collect(silent)).equals(expected)).toBe(true);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      [alone, failing, silent].forEach((c) => c.close());
    }
  }, 60_000);

  test("the one-go writer refuses a compression that answers by messages, instead of writing half a file", () => {
    const compression = helperCompression(standIn());
    try {
      expect(() => writeXlsx([big], () => undefined, { compression, level: 1 })).toThrow(/asynchronously/);
    } finally {
      compression.close();
    }
  });
});

describe("inflate on a second thread (the command line's .xlsx reading)", () => {
  test("reads the same cells as the portable inflate, over more pieces than the worker runs ahead", async () => {
    // 60,000 rows is several megabytes of sheet XML: many 1 MB pieces; every part goes through the worker.
    const big: SheetToWrite = { ...TRICKY, name: "Big", rows: Array.from({ length: 60_000 }, (_, i) => TRICKY.rows.at(i % 5) ?? []) };
    const bytes = write([TRICKY, big]);
    const threaded = threadedInflation(0);
    try {
      const book = readXlsx(bytes, { inflate: threaded.inflate });
      expect(book.sheets.map((s) => s.rows.length)).toEqual([TRICKY.rows.length + 1, 60_001]);
      expect(book).toEqual(readXlsx(bytes));
      // The same worker serves a second workbook.
      expect(readXlsx(bytes, { inflate: threaded.inflate })).toEqual(book);
    } finally {
      await threaded.close();
    }
  }, 60_000);

  test("a damaged sheet part fails with the part's name, at once, instead of hanging", async () => {
    const bytes = write([TRICKY]).slice();
    const entry = readZipDirectory(bytes).find((e) => e.name === "xl/worksheets/sheet1.xml");
    if (!entry) throw new Error("no sheet part");
    rawEntryData(bytes, entry).fill(0xff);
    const threaded = threadedInflation(0);
    try {
      const started = Date.now();
      expect(() => readXlsx(bytes, { inflate: threaded.inflate })).toThrow(/^the workbook's part xl\/worksheets\/sheet1\.xml is damaged \(.+\); open it in Excel and save it again$/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await threaded.close();
    }
  });
});

describe("other tools read what we write", () => {
  const bytes = write([TRICKY]);

  test("ExcelJS: cell types, number formats, the table, no formulas", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("Tricky") as ExcelJS.Worksheet;
    expect(ws.getCell("A2").value).toBe("=SUM(A1:A2)");
    expect(ws.getCell("A2").type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell("B2").value).toBe(1250);
    expect(ws.getCell("B2").numFmt).toBe("#,##0.00");
    expect(ws.getCell("C2").value).toEqual(new Date(Date.UTC(2026, 7, 27)));
    expect(ws.getCell("D2").value).toBe(1);
    expect(ws.getCell("B4").value).toBe(0);
    expect(ws.getCell("C4").value).toBeNull();
    expect(ws.getCell("F6").value).toBe("Ünïcødé 日本 🚀");
    expect(Object.keys((ws as unknown as { tables: Record<string, unknown> }).tables)).toEqual(["Tricky"]);
  });

  test("SheetJS: the same values", () => {
    const wb = XLSX.read(bytes, { type: "array" });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Tricky, { header: 1, raw: true, defval: null });
    expect(rows[1]).toEqual(["=SUM(A1:A2)", 1250, 46261, 1, 125, "plain"]);
    expect(rows[3]).toEqual(["-T-001", 0, null, null, 0.000001, "  padded  "]);
  });
});

describe("we read what other tools write", () => {
  test("ExcelJS workbook: shared strings, rich text, formulas with cached results, errors, dates, booleans", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Transactions");
    ws.addRow(["Transaction", "Quantity", "Date", "Billable", "Note"]);
    ws.addRow(["T-1", 4, new Date(Date.UTC(2026, 7, 27)), true, { richText: [{ text: "Rich " }, { font: { bold: true }, text: "text" }] }]);
    ws.addRow([{ formula: "\"T-\"&2", result: "T-2" }, { formula: "2+2", result: 4 }, null, false, { error: "#N/A" }]);
    ws.getCell("C2").numFmt = "dd/mm/yyyy";
    ws.getRow(5).getCell(2).value = 0.1;
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const rows = readXlsx(bytes).sheets[0].rows;
    expect(rows[0]).toEqual(["Transaction", "Quantity", "Date", "Billable", "Note"]);
    expect(rows[1]).toEqual(["T-1", 4, "2026-08-27", true, "Rich text"]);
    expect(rows[2]).toEqual(["T-2", 4, null, false, "#N/A"]);
    expect(rows[3]).toEqual([]);
    expect(rows[4]).toEqual([null, 0.1]);
  });

  test("shared strings holding a character past Latin-1 read as they are, the others too", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Transactions");
    const long = `Júlia ${"x".repeat(300)}`;
    ws.addRow(["Transaction", "Resource", "Note"]);
    ws.addRow(["T-1", "Łucja Nowak", long]);
    ws.addRow(["T-2", "Júlia Funderburk", "€ 5 & <more>"]);
    const rows = readXlsx(new Uint8Array(await wb.xlsx.writeBuffer())).sheets[0].rows;
    expect(rows).toEqual([["Transaction", "Resource", "Note"], ["T-1", "Łucja Nowak", long], ["T-2", "Júlia Funderburk", "€ 5 & <more>"]]);
  });

  test("a sheet part holding a character past Latin-1 gives its other text cells one byte a character, to its end", () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [`T-${i}`, i === 1 ? "Łucja Nowak" : `Resource ${i % 5}`, `Note ${i}`]);
    const bytes = write([{ name: "Transactions", asTable: false, columns: [{ name: "Transaction", kind: "text" }, { name: "Resource", kind: "text" }, { name: "Note", kind: "text" }], rows }]);
    const read = readXlsx(bytes).sheets[0].rows;
    expect(read.slice(1)).toEqual(rows);
    expect(read.flat().filter((c) => !storedOneByte(c as string))).toEqual(["Łucja Nowak"]);
  });

  test("an ExcelJS workbook in the 1904 date system says so, and its date cells read as the dates they show", async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet("Transactions");
    ws.addRow(["Date", "Serial"]);
    ws.addRow([new Date(Date.UTC(2026, 7, 27)), 44799]);
    const book = readXlsx(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(book.date1904).toBe(true);
    expect(book.sheets[0].rows[1]).toEqual(["2026-08-27", 44799]);
    // Output dates added to that workbook are written as its serials, so they show the same day.
    const out = write([{ name: "Dates", asTable: true, columns: [{ name: "Date", kind: "date" }], rows: [["2026-08-27"]] }], new Uint8Array(await wb.xlsx.writeBuffer()));
    const back = readXlsx(out);
    expect(back.sheets.find((s) => s.name === "Dates")?.rows[1]).toEqual(["2026-08-27"]);
    const check = new ExcelJS.Workbook();
    await check.xlsx.load(Buffer.from(out) as unknown as ArrayBuffer);
    expect(check.getWorksheet("Dates")?.getCell("A2").value).toEqual(new Date(Date.UTC(2026, 7, 27)));
  });

  test("SheetJS workbook with a header that does not start on row 1", () => {
    const ws = XLSX.utils.sheet_add_aoa(XLSX.utils.aoa_to_sheet([]), [["Title"], [], ["Key", "Value"], ["Accounting currency", "USD"]], { origin: "B3" });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, "Parameters");
    const bytes = new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" }) as ArrayBuffer);
    const sheet = readXlsx(bytes).sheets[0];
    expect(sheet.firstRow).toBe(3);
    expect(sheet.rows[0]).toEqual([null, "Title"]);
    expect(sheet.rows[2]).toEqual([null, "Key", "Value"]);
  });
});

describe("adding results to an existing workbook", () => {
  async function baseWorkbook(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const input = wb.addWorksheet("Transactions");
    input.addRow(["Transaction", "Quantity"]);
    input.addRow(["T-1", 4]);
    input.getCell("D1").value = { formula: "SUM(B:B)", result: 4 };
    const old = wb.addWorksheet("Issues");
    old.addRow(["stale output of a previous run"]);
    wb.addWorksheet("Notes").addRow(["kept"]);
    wb.definedNames.add("Notes!$A$1", "NoteCell");
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }
  const issues: OutputTable = { name: "Issues", columns: [{ name: "Severity", kind: "text" }, { name: "Row", kind: "integer" }], rows: [["Error", "7"]] };

  test("input parts are copied byte for byte, the previous output is replaced, other sheets stay", async () => {
    const base = await baseWorkbook();
    const result = write(splitForSheets(issues, true), base, (n) => n.toLowerCase() === "issues");
    const before = new Map(readZipDirectory(base).map((e) => [e.name, e]));
    const after = new Map(readZipDirectory(result).map((e) => [e.name, e]));
    expect(Buffer.from(rawEntryData(result, after.get("xl/worksheets/sheet1.xml")!)).equals(Buffer.from(rawEntryData(base, before.get("xl/worksheets/sheet1.xml")!)))).toBe(true);
    const book = readXlsx(result);
    expect(book.sheets.map((s) => s.name)).toEqual(["Transactions", "Notes", "Issues"]);
    expect(book.sheets[2].rows).toEqual([["Severity", "Row"], ["Error", 7]]);
    expect(book.sheets[0].rows[1]).toEqual(["T-1", 4]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(result) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Transactions", "Notes", "Issues"]);
    expect(wb.getWorksheet("Transactions")?.getCell("D1").value).toEqual({ formula: "SUM(B:B)", result: 4 });
    expect(wb.definedNames.getNames("Notes!$A$1")).toEqual(["NoteCell"]);
    for (const entry of readZipDirectory(result)) {
      if (entry.name.endsWith(".xml") || entry.name.endsWith(".rels")) expect(() => new SaxesParser().write(entryText(result, entry)).close()).not.toThrow();
    }
  });

  test("running twice gives the same workbook as running once", async () => {
    const base = await baseWorkbook();
    const replace = (n: string) => n.toLowerCase() === "issues";
    const once = write(splitForSheets(issues, true), base, replace);
    const twice = write(splitForSheets(issues, true), once, replace);
    expect(readXlsx(twice).sheets.map((s) => [s.name, s.rows])).toEqual(readXlsx(once).sheets.map((s) => [s.name, s.rows]));
  });
});

test("a table longer than a sheet continues on Name 2, Name 3 (SPEC §5)", () => {
  const table: OutputTable = { name: "GLVouchers", columns: [{ name: "N", kind: "integer" }], rows: Array.from({ length: 7 }, (_, i) => [String(i)]) };
  const sheets = splitForSheets(table, true, 3);
  expect(sheets.map((s) => [s.name, s.rows.length])).toEqual([["GLVouchers", 3], ["GLVouchers 2", 3], ["GLVouchers 3", 1]]);
  const book = readXlsx(write(sheets));
  expect(book.sheets.map((s) => s.rows.length)).toEqual([4, 4, 2]);
});

test("a table that would need more than 99 sheets is refused, naming the table; a sheet named like an output with another number is the user's", () => {
  const table: OutputTable = { name: "GLVouchers", columns: [{ name: "N", kind: "integer" }], rows: Array.from({ length: 200 }, (_, i) => [String(i)]) };
  expect(splitForSheets(table, true, 3).map((s) => s.name).slice(-1)).toEqual(["GLVouchers 67"]);
  expect(() => splitForSheets(table, true, 2)).toThrow("GLVouchers has 200 rows, more than 99 sheets hold: write the results to a folder of CSV files instead");
  expect(["GLVouchers", "glvouchers 2", "GLVouchers 99", "GLVouchers 100", "TrialBalance 2025", "Issues 02", "Issues 1", "Notes 2"].map(isOutputSheetName))
    .toEqual([true, true, true, false, false, false, false, false]);
  expect(["GLVouchers", "GLVouchers 2"].map(isOutputFileName)).toEqual([true, false]);
});

test("input sheets longer than an Excel sheet are not written into a workbook: the message says to write CSV", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pbsim-long-"));
  const rows = Array.from({ length: 1_048_577 }, (_, i) => [i === 0 ? "Transaction" : `T-${i}`]);
  const file = path.join(dir, "out.xlsx");
  await expect(writeXlsxFile(file, { sheets: [{ name: "Transactions", rows }] }, [])).rejects.toThrow(
    "input sheet Transactions has 1,048,576 rows, more than an Excel sheet holds (1,048,575): write the results to a folder of CSV files instead");
  expect(fs.readdirSync(dir)).toEqual([]);
});

test("output formats are added to a workbook's cell number formats, never taken from a conditional format's, and added once", () => {
  const ns = SPREADSHEET_NS;
  const xml = `<styleSheet xmlns="${ns}"><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
    `<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></dxf></dxfs></styleSheet>`;
  const once = extendStylesXml(xml);
  // Both formats are new cell number formats, above the conditional format's id 164.
  expect([...once.xml.matchAll(/<numFmts count="(\d+)">(.*?)<\/numFmts>/g)].map((m) => [m[1], m[2]])).toEqual([
    ["2", `<numFmt numFmtId="165" formatCode="#,##0.00"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd"/>`],
  ]);
  expect(once.styles).toEqual({ text: 1, integer: 2, amount: 3, number: 4, date: 5 });
  expect(once.xml).toContain(`<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>`);
  const twice = extendStylesXml(once.xml);
  expect(twice).toEqual(once);
});

test("a table whose rows are filled on demand splits the same way, each part reading its own rows", () => {
  const rows = writtenRows(7, (i, to) => {
    to.decimal(i, 0, 0);
    to.text(`row ${i}`);
  });
  const table: OutputTable = { name: "GLVouchers", columns: [{ name: "N", kind: "integer" }, { name: "Text", kind: "text" }], rows };
  const sheets = splitForSheets(table, true, 3);
  expect(sheets.map((s) => rowsOf(s.rows).map((r) => r[0]))).toEqual([["0", "1", "2"], ["3", "4", "5"], ["6"]]);
  const book = readXlsx(write(sheets));
  expect(book.sheets.map((s) => s.rows.slice(1))).toEqual([[[0, "row 0"], [1, "row 1"], [2, "row 2"]], [[3, "row 3"], [4, "row 4"], [5, "row 5"]], [[6, "row 6"]]]);
});

test("a table that writes its rows gives the same sheet as the same rows as text: numbers as digits, dates as serials", () => {
  const kinds = TRICKY.columns.map((c) => c.kind);
  // Each number cell handed over as its exact parts (units, scale), as the engine's tables do; text as text.
  const parts = (cell: string): [number, number] => {
    const [whole, fraction = ""] = cell.split(".");
    return [Number(whole + fraction), fraction.length];
  };
  const source = TRICKY.rows as (string | null)[][];
  const rows = writtenRows(source.length, (i, to) => {
    source[i].forEach((cell, c) => {
      if (cell === null || kinds[c] === "text" || kinds[c] === "date") to.text(cell);
      else to.decimal(...parts(cell), kinds[c] === "amount" ? 2 : 0);
    });
  });
  expect(rowsOf(rows)).toEqual(source);
  expect(Buffer.from(write([{ ...TRICKY, rows }])).equals(Buffer.from(write([TRICKY])))).toBe(true);

  // A number handed to a text or date column is written as its text; cells past the last column are left out.
  const odd = writtenRows(2, (i, to) => {
    to.decimal(-1250 - i, 2, 2);
    to.decimal(46000 + i, 0, 0);
    to.decimal(5, 1, 2);
    to.text("past the last column");
    to.decimal(1, 0, 0);
  });
  const columns = [{ name: "Note", kind: "text" as const }, { name: "Date", kind: "date" as const }, { name: "Amount", kind: "amount" as const }];
  const asText: SheetToWrite = { name: "Odd", asTable: true, columns, rows: rowsOf(odd) };
  expect(asText.rows.at(1)).toEqual(["-12.51", "46001", "0.50", "past the last column", "1"]);
  expect(Buffer.from(write([{ ...asText, rows: odd }])).equals(Buffer.from(write([asText])))).toBe(true);
  expect(readXlsx(write([{ ...asText, rows: odd }])).sheets[0].rows.slice(1)).toEqual([["-12.50", "46000", 0.5], ["-12.51", "46001", 0.5]]);
});

test("a file that is not a workbook is a readable error", () => {
  expect(() => readXlsx(new TextEncoder().encode("Transaction,Project\nT-1,P-1\n"))).toThrow(/not an \.xlsx workbook/);
});

/** A workbook of one sheet, "Data", whose part is `sheet` as given; with level 0, its parts are stored, not compressed. */
function workbookWithSheet(sheet: string, level?: 0): Uint8Array {
  const part = (xml: string) => new TextEncoder().encode(xml);
  const ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return zipSync({
    "[Content_Types].xml": part(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`),
    "_rels/.rels": part(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    "xl/workbook.xml": part(`<workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    "xl/_rels/workbook.xml.rels": part(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    "xl/worksheets/sheet1.xml": part(sheet),
  }, level === undefined ? {} : { level });
}

const SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

describe("a damaged sheet is said to be damaged, at once, instead of crashing, hanging or losing rows", () => {
  const sheetOf = (rows: string) => `<worksheet xmlns="${SPREADSHEET_NS}"><sheetData>${rows}</sheetData></worksheet>`;
  const damaged = (what: string) => new Error(`the workbook is damaged: sheet 'Data' ${what}; open it in Excel and save it again`);
  const first = `<row r="1"><c r="A1"><v>1</v></c></row>`;

  test("a row number outside Excel's rows 1 to 1,048,576", () => {
    expect(readXlsx(workbookWithSheet(sheetOf(`${first}<row r="1048576"><c r="B1048576"><v>2</v></c></row>`))).sheets[0].rows).toHaveLength(1_048_576);
    for (const r of ["1048577", "4294967296", "0"]) {
      expect(() => readXlsx(workbookWithSheet(sheetOf(`${first}<row r="${r}"><c><v>2</v></c></row>`)))).toThrow(damaged(`has a row numbered ${r}, not one of Excel's rows 1 to 1,048,576`));
    }
  });

  test("a cell outside Excel's columns A to XFD, or of no column", () => {
    expect(readXlsx(workbookWithSheet(sheetOf(`<row r="1"><c r="XFD1"><v>2</v></c></row>`))).sheets[0].rows[0]).toHaveLength(16_384);
    for (const [ref, letters] of [["XFE1", "XFE"], ["ZZZZZZZ1", "ZZZZZZZ"], ["[1", "["], ["GinlineStr", "GinlineStr"]]) {
      expect(() => readXlsx(workbookWithSheet(sheetOf(`<row r="1"><c r="${ref}"><v>2</v></c></row>`)))).toThrow(damaged(`has a cell in column '${letters}', not one of Excel's columns A to XFD`));
    }
    const cells = "<c><v>1</v></c>".repeat(16_385);
    expect(() => readXlsx(workbookWithSheet(sheetOf(`<row r="1">${cells}</row>`)))).toThrow(damaged("has a row of more cells than Excel's 16,384 columns"));
  });

  test("rows or cells that are not closed, at the end or before others, spelt with prefixes or without; rows that close themselves after the last one are fine", () => {
    const unclosed = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${i}</v></c>`).join("");
    expect(() => readXlsx(workbookWithSheet(sheetOf(`${first}${unclosed}`)))).toThrow(damaged("has a row that is not closed"));
    const rowNotClosed = damaged("has a row that is not closed");
    const cellNotClosed = damaged("has a cell that is not closed");
    const prefixed = (rows: string) => `<x:worksheet xmlns:x="${SPREADSHEET_NS}"><x:sheetData>${rows.replace(/<(\/?)(row|c|v|is|t)([\s>/])/g, "<$1x:$2$3")}</x:sheetData></x:worksheet>`;
    for (const sheet of [sheetOf, prefixed]) {
      // Each spelling reads the well-formed rows the same.
      expect(readXlsx(workbookWithSheet(sheet(`${first}<row r="2"><c r="A2"><v>2</v></c></row>`))).sheets[0].rows).toEqual([[1], [2]]);
      expect(() => readXlsx(workbookWithSheet(sheet(`${first}<row r="2"><c r="A2"><v>2</v></c><row r="3"><c r="A3"><v>3</v></c></row>`)))).toThrow(rowNotClosed);
      expect(() => readXlsx(workbookWithSheet(sheet(`${first}<row r="2"><row r="3"><c r="A3"><v>3</v></c></row>`)))).toThrow(rowNotClosed);
      expect(() => readXlsx(workbookWithSheet(sheet(`${first}<row r="2"><c r="A2"><v>2</v><c r="B2"><v>3</v></c></row>`)))).toThrow(cellNotClosed);
      expect(() => readXlsx(workbookWithSheet(sheet(`${first}<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is><c r="B2"><v>3</v></c></row>`)))).toThrow(cellNotClosed);
    }
    expect(() => readXlsx(workbookWithSheet(sheetOf(`${first}<row r="2"><c r="A2"><v>2</v></row>`)))).toThrow(cellNotClosed);
    expect(() => readXlsx(workbookWithSheet(`<worksheet xmlns="${SPREADSHEET_NS}">${first}</worksheet>`))).toThrow(damaged("has rows outside its sheetData"));
    expect(readXlsx(workbookWithSheet(`<worksheet xmlns="${SPREADSHEET_NS}"><sheetData/></worksheet>`)).sheets[0].rows).toEqual([]);
    expect(readXlsx(workbookWithSheet(sheetOf(`${first}<row r="2"/><row r="3" spans="1:2" /></sheetData><rowBreaks count="1"><brk id="2"/></rowBreaks><sheetData>`))).sheets[0].rows).toEqual([[1]]);
  });

  test("rows after sheetData has closed are outside it, in either spelling and however far on", () => {
    const outside = damaged("has rows outside its sheetData");
    const after = (rest: string) => `<worksheet xmlns="${SPREADSHEET_NS}"><sheetData>${first}</sheetData>${rest}</worksheet>`;
    expect(() => readXlsx(workbookWithSheet(after(`<row r="2"><c r="A2"><v>2</v></c></row>`)))).toThrow(outside);
    expect(() => readXlsx(workbookWithSheet(after(`<row r="2"/>`)))).toThrow(outside);
    expect(() => readXlsx(workbookWithSheet(after(`<row r="2"><c r="A2"><v>2</v></c>`)))).toThrow(outside);
    const prefixed = `<x:worksheet xmlns:x="${SPREADSHEET_NS}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData><x:row r="2"><x:c r="A2"><x:v>2</x:v></x:c></x:row></x:worksheet>`;
    expect(() => readXlsx(workbookWithSheet(prefixed))).toThrow(outside);
    // Far enough on to be read in a later piece than the close tag, and ending in a row's close tag as segments do.
    const many = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${i}</v></c></row>`).join("");
    expect(() => readXlsx(workbookWithSheet(after(`<extLst/>${many}`)))).toThrow(outside);
    // What follows sheetData in a sheet that Excel writes reads as before.
    expect(readXlsx(workbookWithSheet(after(`<pageMargins left="0.7" right="0.7"/><rowBreaks count="1"><brk id="2"/></rowBreaks>`))).sheets[0].rows).toEqual([[1]]);
  });

  test("a row number in single quotes counts as one in double quotes", () => {
    expect(readXlsx(workbookWithSheet(sheetOf(`${first}<row r='3'><c><v>3</v></c></row><row r = '5' ><c><v>5</v></c></row>`))).sheets[0].rows).toEqual([[1], [], [3], [], [5]]);
  });

  test("a sheet cut into chunks anywhere (even inside a tag) reads as in one piece", () => {
    const rows = Array.from({ length: 30 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>T-${i}</t></is></c><c r="B${i + 1}"><v>${i}.5</v></c></row>`).join("");
    const expected = Array.from({ length: 30 }, (_, i) => [`T-${i}`, i + 0.5]);
    const prefix = (xml: string) => xml.replace(/<(\/?)(row|c|v|is|t|sheetData|worksheet)([\s>/])/g, "<$1x:$2$3").replace(`<x:worksheet xmlns=`, `<x:worksheet xmlns:x=`);
    for (const xml of [sheetOf(rows), prefix(sheetOf(rows))]) {
      const bytes = workbookWithSheet(xml);
      const whole = new TextEncoder().encode(xml);
      for (const size of [1, 2, 3, 5, 7, 64]) {
        // An inflate that hands the sheet's text over `size` bytes at a time, however the tags fall.
        const inflate = (_: Uint8Array, __: ZipEntry, onChunk: (chunk: Uint8Array) => void) => {
          for (let i = 0; i < whole.length; i += size) onChunk(whole.subarray(i, i + size));
        };
        expect(readXlsx(bytes, { inflate }).sheets[0].rows).toEqual(expected);
      }
    }
  });

  test("a part whose content does not match its checksum is damaged, on either inflate, also where reading would have failed first", async () => {
    const message = "the workbook's part xl/worksheets/sheet1.xml is damaged (its content does not match its checksum); open it in Excel and save it again";
    /** The workbook with its sheet part's recorded CRC-32 (in its local header and in the directory) changed by one bit. */
    const withWrongChecksum = (bytes: Uint8Array) => {
      const entry = readZipDirectory(bytes).find((e) => e.name === "xl/worksheets/sheet1.xml");
      const le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
      const bad = bytes.slice();
      const [from, to] = [le(entry!.crc32), le((entry!.crc32 ^ 1) >>> 0)];
      let changed = 0;
      for (let i = 0; i + 4 <= bad.length; i++) if (from.every((b, k) => bad[i + k] === b)) to.forEach((b, k) => (bad[i + k] = b)), changed++;
      expect(changed).toBe(2);
      return bad;
    };
    const good = workbookWithSheet(sheetOf(first.repeat(50)));
    const bad = withWrongChecksum(good);
    // A sheet the reader refuses on its own ("a row that is not closed"), with a wrong checksum: the checksum speaks.
    const unreadable = withWrongChecksum(workbookWithSheet(sheetOf(`${first}<row r="2"><c><v>2</v></c>`.repeat(50))));
    expect(() => readXlsx(bad)).toThrow(new Error(message));
    expect(() => readXlsx(unreadable)).toThrow(new Error(message));
    const threaded = threadedInflation(0);
    try {
      expect(readXlsx(good, { inflate: threaded.inflate }).sheets[0].rows).toEqual([[1]]);
      expect(() => readXlsx(bad, { inflate: threaded.inflate })).toThrow(new Error(message));
      expect(() => readXlsx(unreadable, { inflate: threaded.inflate })).toThrow(new Error(message));
    } finally {
      await threaded.close();
    }
    // Stored content with a byte changed so that a row no longer closes: the checksum names the cause.
    const stored = workbookWithSheet(sheetOf(first.repeat(50)), 0);
    expect(readXlsx(stored).sheets[0].rows).toEqual([[1]]);
    const close = new TextEncoder().encode("</row>");
    const at = stored.findIndex((_, i) => close.every((b, k) => stored[i + k] === b));
    stored[at + 5] = "x".charCodeAt(0);
    expect(() => readXlsx(stored)).toThrow(new Error(message));
  });

  test("a part whose deflate stream is damaged names the part", () => {
    const bytes = workbookWithSheet(sheetOf(first.repeat(50)));
    const entry = readZipDirectory(bytes).find((e) => e.name === "xl/worksheets/sheet1.xml");
    const raw = rawEntryData(bytes, entry!);
    // A block type of 3 does not exist.
    raw[0] = raw[0] | 0b110;
    expect(() => readXlsx(bytes)).toThrow(/^the workbook's part xl\/worksheets\/sheet1\.xml is damaged \(.+\); open it in Excel and save it again$/);
  });

  test("a ZIP directory whose entry has no name, or no entry where one should be, is damaged", () => {
    const directoryDamaged = new Error("the workbook's ZIP directory is damaged; open it in Excel and save it again");
    const central = (bytes: Uint8Array) => {
      // The first entry of the central directory: its signature PK\x01\x02.
      for (let i = 0; i + 4 <= bytes.length; i++) if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 1 && bytes[i + 3] === 2) return i;
      throw new Error("no central directory");
    };
    const noName = workbookWithSheet(sheetOf(first));
    const at = central(noName);
    noName[at + 28] = 0;
    noName[at + 29] = 0;
    expect(() => readXlsx(noName)).toThrow(directoryDamaged);
    const noEntry = workbookWithSheet(sheetOf(first));
    noEntry[central(noEntry)] = 0;
    expect(() => readXlsx(noEntry)).toThrow(directoryDamaged);
  });
});

test("a character reference past U+10FFFF is a damaged workbook, said so; references to characters read as them", () => {
  const cell = (text: string) => `<worksheet xmlns="${SPREADSHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`;
  expect(readXlsx(workbookWithSheet(cell("a&#233;&#x1F600;&#x10FFFF;"))).sheets[0].rows).toEqual([["a\u00e9\u{1F600}\u{10FFFF}"]]);
  for (const reference of ["&#1114112;", "&#x110000;", "&#9999999999999999999999;", "&#xFFFFFFFFFF;"]) {
    expect(() => readXlsx(workbookWithSheet(cell(`T-${reference}`)))).toThrow(new Error(`the workbook is damaged: '${reference}' in sheet 'Data' is not a character; open it in Excel and save it again`));
  }
});

test("sheet XML as other writers spell it: prefixes, single quotes, spacing, attribute order, missing references, runs", () => {
  const ns = SPREADSHEET_NS;
  const sheet =
    `<x:worksheet xmlns:x="${ns}"><x:sheetData>` +
    `<x:row r='1'><x:c t='inlineStr' r='A1'><x:is><x:t>Id</x:t></x:is></x:c><x:c r = "B1"  t = "inlineStr" ><x:is><x:t xml:space="preserve"> Name </x:t></x:is></x:c></x:row>` +
    `<x:row><x:c t="inlineStr"><x:is><x:r><x:t>T-</x:t></x:r><x:r><x:t>1 &amp; 2</x:t></x:r></x:is></x:c><x:c s='0'><x:v> 42.5 </x:v></x:c><x:c r="D2"><x:v>7</x:v></x:c></x:row>` +
    `<row xmlns="${ns}" r="3"><c r="C3" t="str"><f>A1</f><v>cached</v></c><c r="A3" t="b"><v>1</v></c></row>` +
    `</x:sheetData></x:worksheet>`;
  const bytes = workbookWithSheet(sheet);
  const [data] = readXlsx(bytes).sheets;
  expect(data.name).toBe("Data");
  expect(data.rows).toEqual([["Id", " Name "], ["T-1 & 2", 42.5, null, 7], [true, null, "cached"]]);
});

test("rows and cells found by their tags read as the patterns read them: self-closing, empty, spaced and look-alike elements", () => {
  // Unprefixed sheets (as Excel writes them) are read by searching for tags; prefixed ones, and any stretch that
  // names a prefixed row or cell, by patterns. The same rows in each spelling must read the same.
  const rows = (p: string) =>
    `<${p}row r='1'><${p}c t='inlineStr' r='A1'><${p}is><${p}t>Id</${p}t></${p}is></${p}c><${p}c r = "B1"  t = "inlineStr" ><${p}is><${p}t xml:space="preserve"> Name </${p}t></${p}is></${p}c></${p}row>` +
    `<${p}row><${p}c t="inlineStr"><${p}is><${p}r><${p}t>T-</${p}t></${p}r><${p}r><${p}t>1 &amp; 2</${p}t></${p}r></${p}is></${p}c><${p}c s='0'><${p}v> 42.5 </${p}v></${p}c><${p}c/><${p}c r="E2"><${p}v>7</${p}v></${p}c></${p}row>` +
    `<${p}row r="3" spans="1:3"/>` +
    `<${p}row r="4" ht="15"  ><${p}cfoo>skipped</${p}cfoo><${p}c r="A4" t="str"><${p}f>A1</${p}f><${p}v>cached</${p}v></${p}c><${p}c r="B4" t="b" /><${p}c r="C4" t="b"><${p}v>1</${p}v></${p}c><${p}c r="D4" s="0"><${p}v>1e3</${p}v></${p}c><${p}cfoo><${p}v>9</${p}v></${p}cfoo><${p}c><${p}v>5</${p}v></${p}c></${p}row>`;
  const expected = [["Id", " Name "], ["T-1 & 2", 42.5, null, null, 7], [], ["cached", null, true, 1000, 5]];
  const read = (xml: string) => readXlsx(workbookWithSheet(xml)).sheets[0].rows;
  const byTags = read(`<worksheet xmlns="${SPREADSHEET_NS}"><sheetData>${rows("")}</sheetData></worksheet>`);
  const byPatterns = read(`<x:worksheet xmlns:x="${SPREADSHEET_NS}"><x:sheetData>${rows("x:")}</x:sheetData></x:worksheet>`);
  expect(byTags).toEqual(expected);
  expect(byPatterns).toEqual(expected);
  // Text that looks like a prefixed tag sends an unprefixed stretch to the patterns: the same rows, and that text.
  const mixed = read(`<worksheet xmlns="${SPREADSHEET_NS}"><sheetData>${rows("")}<row r="5"><c r="A5" t="inlineStr"><is><t>ratio a:c, not :row</t></is></c></row></sheetData></worksheet>`);
  expect(mixed).toEqual([...expected, ["ratio a:c, not :row"]]);
});
