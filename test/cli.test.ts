/** `pbsim simulate` (SPEC §6): inputs, outputs, JSON, journal and exit codes. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../src/cli/main";
import { formatCsvRows, parseCsv } from "../src/io/csv";
import { writeCsvFolder } from "../src/io/csv-folder";
import * as journalCsv from "../src/io/journal-csv";
import { simulate } from "../engine";
import { generateWorkbook } from "../scripts/generate-workbook";
import { readXlsx } from "../src/io/xlsx/read";
import { COHO_FOLDER } from "./helpers/workbooks";

const SAMPLE = path.resolve(__dirname, "../templates/sample.xlsx");

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "pbsim-"));

describe("pbsim simulate", () => {
  test("a CSV folder to a CSV folder: one CSV per output sheet, '.' decimals, no thousands separators", async () => {
    const out = path.join(tmp(), "results");
    const { code, stdout } = await run("simulate", COHO_FOLDER, "--out", out);
    expect(code).toBe(0);
    expect(stdout).toContain("3 vouchers, 8 lines, every voucher balances");
    expect(fs.readdirSync(out).sort()).toEqual([
      "ForecastPreview.csv", "GLVouchers.csv", "IntegrationJournal.csv", "InvoiceDocuments.csv", "InvoiceProposals.csv", "Issues.csv",
      "ProposalLines.csv", "SalesTax.csv", "TrialBalance.csv",
    ]);
    const forecast = parseCsv(fs.readFileSync(path.join(out, "ForecastPreview.csv"), "utf8"));
    expect(forecast[1]).toEqual(["P-COHO", "Design", "2026-08-20", "7", "250", "1750.00", "GBP", "125", "2187.50"]);
  });

  test("a journal of 50,000 lines or more goes to a second thread, and the folder is the one written on one thread", async () => {
    const book = generateWorkbook({ transactions: 26_000, seed: 7 });
    const input = path.join(tmp(), "input");
    fs.mkdirSync(input);
    for (const sheet of book.sheets) fs.writeFileSync(path.join(input, `${sheet.name}.csv`), formatCsvRows(sheet.rows));
    const expected = path.join(tmp(), "expected");
    const result = simulate(book);
    expect(result.journal.length).toBeGreaterThanOrEqual(50_000);
    await writeCsvFolder(expected, result.tables);
    const journal = jest.spyOn(journalCsv, "writeJournalFiles");
    const out = path.join(tmp(), "results");
    expect((await run("simulate", input, "--out", out)).code).toBe(0);
    expect(journal).toHaveBeenCalledTimes(1);
    journal.mockRestore();
    const files = fs.readdirSync(expected).sort();
    expect(fs.readdirSync(out).sort()).toEqual(files);
    for (const file of files) expect(fs.readFileSync(path.join(out, file)).equals(fs.readFileSync(path.join(expected, file)))).toBe(true);
    // Each file, the two written in part by the second thread too, starts with the byte order mark, and holds it once.
    for (const file of files) {
      const text = fs.readFileSync(path.join(out, file), "utf8");
      expect([file, text.indexOf("\uFEFF"), text.lastIndexOf("\uFEFF")]).toEqual([file, 0, 0]);
    }
    // About 3 s alone; more beside the browser tests on two cores.
  }, 60_000);

  test("an .xlsx workbook to an .xlsx workbook: the input sheets kept, the output sheets added", async () => {
    const out = path.join(tmp(), "results.xlsx");
    const { code } = await run("simulate", SAMPLE, "--out", out);
    expect(code).toBe(0);
    const input = readXlsx(new Uint8Array(fs.readFileSync(SAMPLE)));
    const result = readXlsx(new Uint8Array(fs.readFileSync(out)));
    expect(result.sheets.map((s) => s.name)).toEqual([
      ...input.sheets.map((s) => s.name), "IntegrationJournal", "GLVouchers", "TrialBalance", "InvoiceProposals", "ProposalLines", "SalesTax",
      "InvoiceDocuments", "ForecastPreview", "CutoverReport", "CutoverMilestones", "Reconciliation", "Issues",
    ]);
    for (const sheet of input.sheets) expect(result.sheets.find((s) => s.name === sheet.name)?.rows).toEqual(sheet.rows);
    const gl = result.sheets.find((s) => s.name === "GLVouchers");
    expect(gl?.rows.map((r) => [r[4], r[11]])).toEqual([
      ["Main account", "Accounting amount"], ["540100", 480], ["600300", -480], ["161300", 1250], ["420200", -1250],
      ["161300", -1250], ["420200", 1250], ["411100", -1250], ["130100", 1250],
    ]);
  });

  test("the summary and --json report the cutover rehearsal of the sample workbook", async () => {
    const text = await run("simulate", SAMPLE);
    expect(text.stdout).toContain("Cutover rehearsal    every check passes; ledger impact 0.00");
    const json = JSON.parse((await run("simulate", SAMPLE, "--json")).stdout);
    expect(json.cutover).toEqual({ failed: 0, ledgerImpact: "0.00" });
    expect(json.reconciliation).toEqual({ Match: 8, Difference: 0, "Only simulated": 0, "Only posted": 0 });
    expect(text.stdout).toContain("Reconciliation       8 match, 0 differ, 0 only simulated, 0 only posted");
  });

  test("writing results into the input folder, then running again: earlier results are neither read as inputs nor left stale", async () => {
    const folder = tmp();
    for (const f of fs.readdirSync(COHO_FOLDER)) fs.copyFileSync(path.join(COHO_FOLDER, f), path.join(folder, f));
    fs.writeFileSync(path.join(folder, "CutoverReport.csv"), "Check,Result,Detail\nold,Fail,from an earlier workbook\n");
    expect((await run("simulate", folder, "--out", folder)).code).toBe(0);
    expect(fs.existsSync(path.join(folder, "CutoverReport.csv"))).toBe(false);
    expect(fs.existsSync(path.join(folder, "GLVouchers.csv"))).toBe(true);
    const out = path.join(tmp(), "again.xlsx");
    const again = await run("simulate", folder, "--out", out, "--json");
    expect(again.code).toBe(0);
    expect(readXlsx(new Uint8Array(fs.readFileSync(out))).sheets.filter((s) => s.name === "GLVouchers")).toHaveLength(1);
  });

  test("--json prints one object with the counts", async () => {
    const { code, stdout } = await run("simulate", COHO_FOLDER, "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ vouchers: 3, voucherLines: 8, balanced: true, proposals: 1, invoices: 1, errors: 0, warnings: 0 });
  });

  test("--journal writes an hledger journal of the vouchers", async () => {
    const file = path.join(tmp(), "gl.journal");
    await run("simulate", COHO_FOLDER, "--journal", file);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("2026-08-27 (JV-000002) Journal T-001\n    161300    1250.00 USD");
  });

  test("input errors: exit 1, and everything else is still written", async () => {
    const folder = tmp();
    for (const f of fs.readdirSync(COHO_FOLDER)) fs.copyFileSync(path.join(COHO_FOLDER, f), path.join(folder, f));
    fs.appendFileSync(path.join(folder, "Transactions.csv"), "T-002,P-NONE,1,Design,,2026-08-28,2,120,250\n");
    const out = path.join(tmp(), "results");
    const { code, stdout } = await run("simulate", folder, "--out", out, "--json");
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ vouchers: 3, errors: 1 });
    expect(fs.readFileSync(path.join(out, "Issues.csv"), "utf8")).toContain("Error,Transactions,3,Project,Unknown project 'P-NONE'");
  });

  test.each([
    [[], 0],
    [["frobnicate"], 2],
    [["simulate"], 2],
    [["simulate", "/no/such/folder"], 2],
    [["simulate", COHO_FOLDER, "--bogus"], 2],
    [["simulate", COHO_FOLDER, "--out"], 2],
    [["simulate", SAMPLE, "--out", SAMPLE], 2],
  ])("usage %j exits %i", async (argv, expected) => {
    expect((await run(...(argv as string[]))).code).toBe(expected);
  });

  test("--journal never overwrites the input, an input CSV or the results: exit 2 before anything is written", async () => {
    const dir = tmp();
    const book = path.join(dir, "book.xlsx");
    fs.copyFileSync(SAMPLE, book);
    const folder = path.join(dir, "csv");
    fs.mkdirSync(folder);
    for (const f of fs.readdirSync(COHO_FOLDER)) fs.copyFileSync(path.join(COHO_FOLDER, f), path.join(folder, f));
    const transactions = fs.readFileSync(path.join(folder, "Transactions.csv"));
    const out = path.join(dir, "out.xlsx");
    const cases: [string[], RegExp][] = [
      [["simulate", book, "--journal", book], /--journal '.*book\.xlsx' would overwrite the input/],
      [["simulate", folder, "--journal", path.join(folder, "Transactions.csv")], /would overwrite the input: input sheets are never changed/],
      [["simulate", book, "--out", out, "--journal", out], /would overwrite the results of --out/],
      [["simulate", book, "--journal", path.join(dir, "gl.csv")], /not a workbook or CSV file; give it a name such as gl\.journal/],
      [["simulate", book, "--out", out, "--journal", dir], /is a folder; give a file path such as/],
    ];
    for (const [argv, message] of cases) {
      const { code, stderr } = await run(...argv);
      expect([argv.join(" "), code]).toEqual([argv.join(" "), 2]);
      expect(stderr).toMatch(message);
    }
    // Another name for the same file (a link; on Windows and macOS also another case) is the same file.
    const link = path.join(dir, "link.xlsx");
    fs.symlinkSync(book, link);
    expect((await run("simulate", book, "--out", link)).code).toBe(2);
    fs.rmSync(link);
    expect(fs.readFileSync(book).equals(fs.readFileSync(SAMPLE))).toBe(true);
    expect(fs.readFileSync(path.join(folder, "Transactions.csv")).equals(transactions)).toBe(true);
    // Refused before the run: no results, no temporary file left behind.
    expect(fs.readdirSync(dir).sort()).toEqual(["book.xlsx", "csv"]);
  });

  test("a read-only results file or journal is refused, not replaced", async () => {
    const dir = tmp();
    const out = path.join(dir, "locked.xlsx");
    fs.copyFileSync(SAMPLE, out);
    fs.chmodSync(out, 0o444);
    const refused = await run("simulate", SAMPLE, "--out", out);
    expect([refused.code, refused.stderr]).toEqual([2, `pbsim: --out '${out}' is a read-only file: make it writable, or choose another path.\n`]);
    const journal = path.join(dir, "gl.journal");
    fs.writeFileSync(journal, "; kept\n");
    fs.chmodSync(journal, 0o444);
    expect((await run("simulate", SAMPLE, "--journal", journal)).code).toBe(2);
    expect(fs.readFileSync(journal, "utf8")).toBe("; kept\n");
    expect(fs.readFileSync(out).equals(fs.readFileSync(SAMPLE))).toBe(true);
  });

  test("--out that names a sheet file other than .xlsx is refused rather than made a folder; simulate --help prints the usage", async () => {
    const dir = tmp();
    for (const name of ["results.xls", "results.csv", "results.xlsm"]) {
      const { code, stderr } = await run("simulate", SAMPLE, "--out", path.join(dir, name));
      expect([name, code]).toEqual([name, 2]);
      expect(stderr).toContain("results are written as an .xlsx workbook or as a folder of CSV files");
    }
    expect(fs.readdirSync(dir)).toEqual([]);
    const help = await run("simulate", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: pbsim simulate INPUT");
  });

  test("a user's sheets and files named like an output with a year or other number are kept; a run's continuations are replaced", async () => {
    const dir = tmp();
    const folder = path.join(dir, "csv");
    fs.mkdirSync(folder);
    for (const f of fs.readdirSync(COHO_FOLDER)) fs.copyFileSync(path.join(COHO_FOLDER, f), path.join(folder, f));
    // CSV output never continues on a second file: both of these are the user's.
    fs.writeFileSync(path.join(folder, "TrialBalance 2025.csv"), "a,b\n");
    fs.writeFileSync(path.join(folder, "Issues 2.csv"), "a,b\n");
    expect((await run("simulate", folder, "--out", folder)).code).toBe(0);
    expect(fs.existsSync(path.join(folder, "TrialBalance 2025.csv"))).toBe(true);
    expect(fs.existsSync(path.join(folder, "Issues 2.csv"))).toBe(true);
    // In a workbook, `GLVouchers 2` is where an earlier run continued; `TrialBalance 2025` is not one.
    const first = path.join(dir, "first.xlsx");
    expect((await run("simulate", folder, "--out", first)).code).toBe(0);
    const { writeXlsx } = await import("../src/io/xlsx/write");
    const extra = [
      { name: "TrialBalance 2025", columns: [{ name: "Note", kind: "text" as const }], rows: [["kept"]], asTable: false },
      { name: "GLVouchers 2", columns: [{ name: "Old", kind: "text" as const }], rows: [["stale"]], asTable: false },
    ];
    const chunks: Uint8Array[] = [];
    writeXlsx(extra, (c) => chunks.push(c.slice()), { base: new Uint8Array(fs.readFileSync(first)), replace: () => false });
    const withExtra = path.join(dir, "with-extra.xlsx");
    fs.writeFileSync(withExtra, Buffer.concat(chunks));
    const out = path.join(dir, "again.xlsx");
    expect((await run("simulate", withExtra, "--out", out)).code).toBe(0);
    const names = readXlsx(new Uint8Array(fs.readFileSync(out))).sheets.map((s) => s.name);
    expect(names).toContain("TrialBalance 2025");
    expect(names).not.toContain("GLVouchers 2");
  });

  test.each([
    ["a workbook", SAMPLE, "out.xlsx"],
    ["a folder of CSV files", COHO_FOLDER, "results"],
  ])("results that cannot be written (%s): exit 1, a message naming the user's path in plain words, still the counts, nothing made", async (_, input, name) => {
    const dir = tmp();
    const note = path.join(dir, "note.txt");
    fs.writeFileSync(note, "a file where a folder is needed");
    const out = path.join(note, name);
    const { code, stdout, stderr } = await run("simulate", input, "--out", out, "--json");
    expect(code).toBe(1);
    expect(stderr).toBe(`pbsim: cannot write '${out}': a folder and a file are in each other's way on that path\n`);
    expect(JSON.parse(stdout)).toMatchObject({ vouchers: 3, balanced: true, written: [] });
    expect(fs.readdirSync(dir)).toEqual(["note.txt"]);
  });

  test("a CSV saved in the computer's code page or with semicolons is refused with how to save it, not read garbled", async () => {
    const copy = () => {
      const folder = tmp();
      for (const f of fs.readdirSync(COHO_FOLDER)) fs.copyFileSync(path.join(COHO_FOLDER, f), path.join(folder, f));
      return folder;
    };
    const latin = copy();
    // "Jürgen" in Windows-1252: ü is the single byte 0xFC, which UTF-8 never has alone.
    fs.appendFileSync(path.join(latin, "Customers.csv"), Buffer.from([0x43, 0x2d, 0x32, 0x2c, 0x4a, 0xfc, 0x72, 0x67, 0x65, 0x6e, 0x2c, 0x55, 0x53, 0x44, 0x0a]));
    const garbled = await run("simulate", latin, "--out", path.join(latin, "out"));
    expect(garbled.code).toBe(1);
    expect(garbled.stderr).toContain(`Customers.csv is not UTF-8 text (Excel's plain "CSV" uses the computer's code page): save it from Excel as "CSV UTF-8 (Comma delimited)"`);
    const semicolons = copy();
    const parameters = fs.readFileSync(path.join(semicolons, "Parameters.csv"), "utf8");
    fs.writeFileSync(path.join(semicolons, "Parameters.csv"), parameters.replace(/,/g, ";"));
    const separated = await run("simulate", semicolons);
    expect(separated.code).toBe(1);
    expect(separated.stderr).toContain("Parameters.csv is separated by semicolons, not commas");
    expect(fs.existsSync(path.join(latin, "out"))).toBe(false);
  });

  test("a results workbook run again and again keeps one set of the output cell formats", async () => {
    const { entryText, readZipDirectory } = await import("../src/io/xlsx/zip");
    const styles = (file: string) => {
      const bytes = new Uint8Array(fs.readFileSync(file));
      return entryText(bytes, readZipDirectory(bytes).find((e) => e.name === "xl/styles.xml")!);
    };
    const dir = tmp();
    let previous = SAMPLE;
    const parts: string[] = [];
    for (const name of ["a.xlsx", "b.xlsx", "c.xlsx"]) {
      const out = path.join(dir, name);
      expect((await run("simulate", previous, "--out", out)).code).toBe(0);
      parts.push(styles(out));
      previous = out;
    }
    const count = (xml: string) => Number(/<cellXfs count="(\d+)"/.exec(xml)?.[1]);
    expect(count(parts[1])).toBe(count(parts[0]));
    expect(parts[2]).toBe(parts[1]);
  });

  test("a file that is not a workbook: exit 1 with a message, nothing written", async () => {
    const dir = tmp();
    const bad = path.join(dir, "bad.xlsx");
    fs.writeFileSync(bad, "not a zip");
    const { code, stderr } = await run("simulate", bad, "--out", path.join(dir, "out.xlsx"));
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot read .*not an \.xlsx workbook/);
    expect(fs.existsSync(path.join(dir, "out.xlsx"))).toBe(false);
  });
});
