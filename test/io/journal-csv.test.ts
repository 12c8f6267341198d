/**
 * The posted journal written on another thread (journal-columns.ts, journal-csv.ts): its columns, recorded when the
 * journal is posted, give the same CSV bytes as the engine's final IntegrationJournal table and the journal vouchers'
 * rows of GLVouchers, after the copy a worker receives (so nothing after posting may change them); and a CSV folder
 * written so is the folder written on one thread, byte for byte.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { simulate, type InputWorkbook, type PostedJournal, type SimulationResult } from "../../engine";
import { sliceRows, type CellValue, type OutputTable } from "../../engine/workbook";
import { generateWorkbook } from "../../scripts/generate-workbook";
import { csvPieces } from "../../src/io/csv";
import { CsvFolderWriter, writeCsvFolder } from "../../src/io/csv-folder";
import { journalTables, recordJournal, type JournalRecord } from "../../src/io/journal-columns";
import * as journalCsv from "../../src/io/journal-csv";
import * as journalColumns from "../../src/io/journal-columns";
import { writeJournalFiles } from "../../src/io/journal-csv";
import { baseSheets, withTransactions, workbook } from "../helpers/build";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "pbsim-journal-"));

// Starting a worker from the sources transpiles them first: a second or so, more beside the browser tests on two cores.
jest.setTimeout(30_000);

function csvText(table: OutputTable): string {
  return Buffer.concat([...csvPieces(table, 4096)]).toString("utf8");
}

/** The engine's run, with the journal as the worker receives it: recorded when posted, then cloned (its shared buffers shared). */
function runRecorded(book: InputWorkbook): { result: SimulationResult; record: JournalRecord } {
  let record: JournalRecord | null = null;
  const result = simulate(book, {
    onJournalPosted: (posted: PostedJournal) => {
      const made = recordJournal(posted);
      record = structuredClone(made);
    },
  });
  if (!record) throw new Error("the journal was not posted");
  return { result, record };
}

/** A generated workbook with some setup broken: rates missing (lines without a rate), accounts missing (blocked lines), dimensions. */
function brokenWorkbook(seed: number): InputWorkbook {
  const book = generateWorkbook({ transactions: 150 + seed * 40, seed });
  const sheets = book.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => [...r]) }));
  const rows = (name: string): CellValue[][] => sheets.find((s) => s.name === name)?.rows ?? [];
  if (seed % 3 === 1) rows("ExchangeRates").splice(1, 2);
  if (seed % 3 === 2) rows("PostingSetup").splice(1, 1);
  // A text cell CSV must quote, and one past ASCII.
  const transactions = rows("Transactions");
  if (transactions.length > 3) {
    transactions[1][0] = `${transactions[1][0]}, "quoted"`;
    transactions[2][0] = `${transactions[2][0]}-Ünïcode`;
  }
  return { sheets };
}

describe("the posted journal as columns", () => {
  test.each([1, 2, 3, 4, 5, 6])("generated workbook %i: the same IntegrationJournal and journal vouchers' GLVouchers bytes as the engine's tables", (seed) => {
    const { result, record } = runRecorded(brokenWorkbook(seed));
    const { integrationJournal, journalVouchers } = journalTables(record);
    const engineJournal = result.tables.find((t) => t.name === "IntegrationJournal") as OutputTable;
    const engineVouchers = result.tables.find((t) => t.name === "GLVouchers") as OutputTable;
    expect(integrationJournal.rows.length).toBe(result.journal.length);
    expect(csvText(integrationJournal)).toBe(csvText(engineJournal));
    const journalRows = journalVouchers.rows.length;
    expect(journalRows).toBeGreaterThan(0);
    expect(csvText(journalVouchers)).toBe(csvText({ ...engineVouchers, rows: sliceRows(engineVouchers.rows, 0, journalRows) }));
    // They are all of the journal vouchers' rows, and only they: the folder writer appends the rest after them.
    const sources = Array.from({ length: engineVouchers.rows.length }, (_, i) => engineVouchers.rows.at(i)?.[2]);
    expect(sources.slice(0, journalRows).every((source) => source === "Journal")).toBe(true);
    expect(sources.slice(journalRows).includes("Journal")).toBe(false);
  });

  test("invoices follow the journal vouchers in the generated cases", () => {
    const result = runRecorded(brokenWorkbook(4)).result;
    expect(result.summary.invoices).toBeGreaterThan(0);
  });

  test("blocked lines, lines without a rate and text to quote are among the generated cases", () => {
    const texts = [1, 2, 3].map((seed) => csvText(journalTables(runRecorded(brokenWorkbook(seed)).record).integrationJournal));
    expect(texts.some((t) => t.includes(",Blocked"))).toBe(true);
    expect(texts.some((t) => /,USD,,(,|$)/m.test(t) || /,(GBP|EUR),,/.test(t))).toBe(true);
    expect(texts[0]).toContain('"');
  });

  test("amounts past 2^53 hundredths go over as text and come out exact, negated on the credit line", () => {
    // 123,456,789 × 987,654,321.12 = 121,932,631,127,450,083.68, past 2^53 hundredths.
    const book = workbook(withTransactions(baseSheets(), [["T1", "P-USD", 1, "Design", "2026-05-04", 123456789, 987654321.12, "987654321.13"]]));
    const { record } = runRecorded(book);
    expect(record.amount.wide.size).toBe(2);
    const text = csvText(journalTables(record).journalVouchers);
    expect(text).toContain(",121932631127450083.68,");
    expect(text).toContain(",-121932631127450083.68,");
  });
});

/** Every file of a folder, by name. */
function folderFiles(folder: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(folder).sort().map((file) => [file, fs.readFileSync(path.join(folder, file))]));
}

const wideWorkbook = () => workbook(withTransactions(baseSheets(), [
  ["T1", "P-USD", 1, "Design", "2026-05-04", 123456789, 987654321.12, "987654321.13"],
  ["T2", "P-USD", 1, "Design", "2026-05-05", 2, 10.5, 20],
]));

describe("a CSV folder with the journal written on another thread", () => {
  // A test that fails half-way leaves no spy behind for the next.
  afterEach(() => jest.restoreAllMocks());

  test.each([["a generated workbook", () => brokenWorkbook(4)], ["amounts past 2^53", wideWorkbook]])("%s: the folder written on one thread, byte for byte", async (_, make) => {
    const book = make();
    const single = path.join(tmp(), "out");
    await writeCsvFolder(single, simulate(book).tables);
    const threaded = path.join(tmp(), "out");
    const started = jest.spyOn(journalCsv, "writeJournalFiles");
    const folder = new CsvFolderWriter(threaded, { threadFrom: 0 });
    const result = simulate(book, { onJournalPosted: folder.journalPosted });
    await folder.write(result.tables);
    expect(started).toHaveBeenCalledTimes(1);
    started.mockRestore();
    expect(folderFiles(threaded)).toEqual(folderFiles(single));
  });

  test("from the threshold on, and not below it", async () => {
    const book = brokenWorkbook(3);
    const lines = simulate(book).journal.length;
    for (const [threadFrom, calls] of [[lines, 1], [lines + 1, 0]]) {
      const started = jest.spyOn(journalCsv, "writeJournalFiles");
      const folder = new CsvFolderWriter(path.join(tmp(), "out"), { threadFrom });
      await folder.write(simulate(book, { onJournalPosted: folder.journalPosted }).tables);
      expect(started).toHaveBeenCalledTimes(calls);
      started.mockRestore();
    }
  });

  test("a journal that cannot go to another thread is written on this one, with the same result", async () => {
    const book = brokenWorkbook(5);
    const single = path.join(tmp(), "out");
    await writeCsvFolder(single, simulate(book).tables);
    const refused = jest.spyOn(journalColumns, "recordJournal").mockImplementation(() => {
      throw new RangeError("Array buffer allocation failed");
    });
    const out = path.join(tmp(), "out");
    const folder = new CsvFolderWriter(out, { threadFrom: 0 });
    await folder.write(simulate(book, { onJournalPosted: folder.journalPosted }).tables);
    expect(refused).toHaveBeenCalledTimes(1);
    refused.mockRestore();
    expect(folderFiles(out)).toEqual(folderFiles(single));
  });

  test("a journal shorter than the threshold is written on this thread", async () => {
    const started = jest.spyOn(journalCsv, "writeJournalFiles");
    const out = path.join(tmp(), "out");
    const folder = new CsvFolderWriter(out);
    const result = simulate(brokenWorkbook(1), { onJournalPosted: folder.journalPosted });
    await folder.write(result.tables);
    expect(started).not.toHaveBeenCalled();
    expect(fs.readFileSync(path.join(out, "IntegrationJournal.csv"), "utf8").split("\n").length).toBe(result.journal.length + 2);
    started.mockRestore();
  });

  test("a worker that does not finish (it could not start, say): the journal's files are written on this thread, the same", async () => {
    const book = brokenWorkbook(6);
    const single = path.join(tmp(), "out");
    await writeCsvFolder(single, simulate(book).tables);
    const stopped = jest.fn(async () => undefined);
    const failing = jest.spyOn(journalCsv, "writeJournalFiles").mockImplementation((posted) => {
      const failure = Promise.reject(new Error("Cannot find module 'journal-csv-worker.js'"));
      failure.catch(() => undefined);
      return { glVoucherRows: 2 * posted.vouchers.length, glVoucherBytes: failure as Promise<never>, written: failure as Promise<never>, stop: stopped };
    });
    const out = path.join(tmp(), "out");
    const folder = new CsvFolderWriter(out, { threadFrom: 0 });
    await folder.write(simulate(book, { onJournalPosted: folder.journalPosted }).tables);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(stopped).toHaveBeenCalled();
    failing.mockRestore();
    expect(folderFiles(out)).toEqual(folderFiles(single));
  });

  test("a worker that cannot write says why, with the system's code", async () => {
    let posted: PostedJournal | null = null;
    simulate(brokenWorkbook(1), { onJournalPosted: (p) => (posted = p) });
    const files = writeJournalFiles(posted as unknown as PostedJournal, path.join(tmp(), "missing", "folder"));
    await expect(files.written).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("a write that fails leaves the previous results and no staging folder", async () => {
    const out = path.join(tmp(), "out");
    await writeCsvFolder(out, simulate(brokenWorkbook(2)).tables);
    const before = folderFiles(out);
    const folder = new CsvFolderWriter(out, { threadFrom: 0 });
    const result = simulate(brokenWorkbook(5), { onJournalPosted: folder.journalPosted });
    const failing: OutputTable = { name: "Issues", columns: [{ name: "Message", kind: "text" }], rows: { length: 1, at: () => { throw new Error("a row that cannot be made"); } } };
    await expect(folder.write([...result.tables.filter((t) => t.name !== "Issues"), failing])).rejects.toThrow("a row that cannot be made");
    expect(folderFiles(out)).toEqual(before);
    expect(fs.readdirSync(out).filter((f) => f.startsWith(".pbsim-"))).toEqual([]);
  });
});
