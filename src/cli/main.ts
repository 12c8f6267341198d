/**
 * `pbsim simulate INPUT [--out OUTPUT] [--json] [--journal FILE]` (SPEC §6): reads a workbook or a
 * CSV folder, runs the engine and writes the results. Exit 0 on success, 1 when the input has errors
 * (everything unaffected is still computed and written), 2 on bad usage.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { simulate, type InputWorkbook, type SimulationResult } from "../../engine";
import { CsvFolderWriter, readCsvFolder } from "../io/csv-folder";
import { formatLedgerJournal } from "../io/ledger-journal";
import { readXlsxFile, writeXlsxFile } from "../io/xlsx-file";
import { parseArgs, USAGE, type SimulateCommand } from "./args";

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const nodeIo: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

export async function main(argv: readonly string[], io: CliIo = nodeIo): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case "help":
      io.stdout(`${USAGE}\n`);
      return 0;
    case "version":
      io.stdout(`${(await import("../../package.json")).version}\n`);
      return 0;
    case "error":
      io.stderr(`pbsim: ${args.message}\n\n${USAGE}\n`);
      return 2;
    case "simulate":
      return runSimulate(args, io);
  }
}

type InputKind = "xlsx" | "csv";

async function inputKind(input: string): Promise<InputKind | string> {
  let stat;
  try {
    stat = await fs.stat(input);
  } catch {
    return `INPUT '${input}' does not exist.`;
  }
  if (stat.isDirectory()) return "csv";
  if (/\.xlsx$/i.test(input)) return "xlsx";
  return `INPUT '${input}' is neither an .xlsx workbook nor a folder of CSV files.`;
}

async function runSimulate(args: SimulateCommand, io: CliIo): Promise<number> {
  const kind = await inputKind(args.input);
  if (kind !== "xlsx" && kind !== "csv") {
    io.stderr(`pbsim: ${kind}\n`);
    return 2;
  }
  const refused = await refusedDestination(args, kind);
  if (refused) {
    io.stderr(`pbsim: ${refused}\n`);
    return 2;
  }
  let book: InputWorkbook | null;
  try {
    book = kind === "csv" ? await readCsvFolder(args.input) : await readXlsxFile(args.input);
  } catch (error) {
    io.stderr(`pbsim: cannot read '${args.input}': ${(error as Error).message}\n`);
    return 1;
  }
  // The input rows are needed again only to write a workbook made from CSV files; otherwise the engine
  // may drop them as it reads them (on a full sheet they are several hundred MB).
  const keepInput = !!args.out && /\.xlsx$/i.test(args.out) && kind === "csv";
  const written: string[] = [];
  let writing = "";
  // A folder of CSV results is begun before the engine runs: the journal's files can be written while it invoices.
  const folder = args.out && !/\.xlsx$/i.test(args.out) ? new CsvFolderWriter(args.out) : null;
  let result: SimulationResult;
  try {
    result = simulate(book, { consumeInput: !keepInput, onJournalPosted: folder?.journalPosted });
  } catch (error) {
    // The engine's own failure is what to report, not one in clearing up after it.
    await folder?.discard().catch(() => undefined);
    throw error;
  }
  if (!keepInput) book = null;
  try {
    if (args.out) {
      writing = args.out;
      if (folder) await folder.write(result.tables);
      else await writeXlsxFile(args.out, book ?? { sheets: [] }, result.tables, kind === "xlsx" ? args.input : undefined);
      written.push(args.out);
    }
    if (args.journal) {
      writing = args.journal;
      const gl = result.tables.find((t) => t.name === "GLVouchers");
      if (gl) {
        await writeAtomically(args.journal, formatLedgerJournal(gl, result.accountingCurrency ?? ""));
        written.push(args.journal);
      }
    }
  } catch (error) {
    // The run's counts still go out (a script reads them with --json); the exit code says the results are not all written.
    io.stderr(`pbsim: cannot write '${writing}': ${writeFailure(error as NodeJS.ErrnoException)}${written.length ? ` (${written.join(", ")} was written)` : ""}\n`);
    io.stdout(args.json ? `${JSON.stringify(jsonSummary(result, written))}\n` : textSummary(args.input, result, written, written.includes(args.out ?? "")));
    return 1;
  }
  io.stdout(args.json ? `${JSON.stringify(jsonSummary(result, written))}\n` : textSummary(args.input, result, written, !!args.out));
  return result.summary.errors > 0 ? 1 : 0;
}

/** What went wrong writing, in the user's terms: the system's own text names temporary files the user never asked for. */
function writeFailure(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "EBUSY":
    case "EPERM":
    case "EACCES":
      return "it is open in another program (Excel?) or the folder is read-only; close it, or choose another path, and run again";
    case "ENOSPC":
      return "the disk is full";
    case "EROFS":
      return "the disk is read-only";
    case "ENOTDIR":
    case "EISDIR":
    case "EEXIST":
      return "a folder and a file are in each other's way on that path";
    default:
      return error.message.replace(/'[^']*\.\d+\.tmp'/g, "a temporary file");
  }
}

/** Extensions of files that are workbooks or sheets: a results folder or a journal named so is a mistyped path. */
const SHEET_FILE = /\.(xls|xlsm|xlsb|xltx|ods|csv)$/i;

/**
 * Why the destinations cannot be written, before anything is read or written (SPEC §5: input sheets are never
 * changed): --out must not be the input workbook, and names an .xlsx workbook or a folder; --journal must not be
 * the input, --out, a workbook or CSV file, or a folder.
 */
async function refusedDestination(args: SimulateCommand, kind: InputKind): Promise<string | null> {
  const input = path.resolve(args.input);
  const out = args.out ? path.resolve(args.out) : null;
  if (out !== null && kind === "xlsx" && (await sameFile(out, input))) return "--out must not be the input workbook: input sheets are never changed in place.";
  if (args.out && SHEET_FILE.test(args.out)) {
    return `--out '${args.out}': results are written as an .xlsx workbook or as a folder of CSV files; give a path ending in .xlsx, or a folder.`;
  }
  if (out !== null && (await readOnlyFile(out))) return `--out '${args.out}' is a read-only file: make it writable, or choose another path.`;
  if (!args.journal) return null;
  const journal = path.resolve(args.journal);
  if (await readOnlyFile(journal)) return `--journal '${args.journal}' is a read-only file: make it writable, or choose another path.`;
  if ((await sameFile(journal, input)) || (kind === "csv" && path.dirname(journal) === input && /\.csv$/i.test(journal))) {
    return `--journal '${args.journal}' would overwrite the input: input sheets are never changed; give the journal a file of its own, e.g. gl.journal.`;
  }
  if (out !== null && ((await sameFile(journal, out)) || (!/\.xlsx$/i.test(out) && path.dirname(journal) === out && /\.csv$/i.test(journal)))) {
    return `--journal '${args.journal}' would overwrite the results of --out; give the journal a file of its own, e.g. gl.journal.`;
  }
  if (/\.xlsx$/i.test(journal) || SHEET_FILE.test(journal)) {
    return `--journal '${args.journal}': the journal is a text file for hledger or ledger, not a workbook or CSV file; give it a name such as gl.journal.`;
  }
  if (await isFolder(journal)) return `--journal '${args.journal}' is a folder; give a file path such as ${path.join(args.journal, "gl.journal")}.`;
  return null;
}

/**
 * Whether two paths name the same file: the same file on disk when both exist (whatever their case on a file system
 * that ignores it, or links), otherwise the same path, compared without case where the system ignores case.
 */
async function sameFile(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  try {
    const [x, y] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return (process.platform === "win32" || process.platform === "darwin") && a.toLowerCase() === b.toLowerCase();
  }
}

/** Whether `file` is an existing file nobody may write (replacing it would go around that, as a rename does). */
async function readOnlyFile(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() && (stat.mode & 0o222) === 0;
  } catch {
    return false;
  }
}

async function isFolder(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isDirectory();
  } catch {
    return false;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(temp, text, "utf8");
    await fs.rename(temp, file);
  } catch (error) {
    // A failed write leaves nothing behind: neither the temporary file nor a part of the journal.
    await fs.rm(temp, { force: true });
    throw error;
  }
}

function jsonSummary(result: SimulationResult, written: string[]) {
  const s = result.summary;
  return {
    vouchers: s.vouchers, voucherLines: s.voucherLines, balanced: s.balanced, proposals: s.proposals, invoices: s.invoices,
    errors: s.errors, warnings: s.warnings, journalLines: s.journalLines, blockedLines: s.blockedLines, cutover: s.cutover, reconciliation: s.reconciliation, written,
  };
}

function textSummary(input: string, result: SimulationResult, written: string[], resultsWritten: boolean): string {
  const s = result.summary;
  const lines = [
    `Project Billing Simulator: ${input}`,
    `  Integration journal  ${s.journalLines} lines, ${s.blockedLines} blocked`,
    `  GL vouchers          ${s.vouchers} vouchers, ${s.voucherLines} lines, ${s.balanced ? "every voucher balances" : "NOT BALANCED"}`,
    `  Invoice proposals    ${s.proposals}, ${s.invoices} posted invoices`,
    ...(s.cutover
      ? [`  Cutover rehearsal    ${s.cutover.failed ? `${s.cutover.failed} checks FAIL` : "every check passes"}; ledger impact ${s.cutover.ledgerImpact}${result.accountingCurrency ? ` ${result.accountingCurrency}` : ""}`]
      : []),
    ...(s.reconciliation
      ? [`  Reconciliation       ${s.reconciliation.Match} match, ${s.reconciliation.Difference} differ, ${s.reconciliation["Only simulated"]} only simulated, ${s.reconciliation["Only posted"]} only posted`]
      : []),
    `  Issues               ${s.errors} errors, ${s.warnings} warnings`,
  ];
  for (const issue of result.issues.slice(0, 10)) {
    lines.push(`    ${issue.severity} ${issue.sheet}${issue.row === null ? "" : ` row ${issue.row}`}${issue.column ? ` [${issue.column}]` : ""}: ${issue.message}`);
  }
  if (result.issues.length > 10) {
    const more = result.issues.length - 10;
    lines.push(resultsWritten ? `    … ${more} more in the Issues sheet` : `    … ${more} more: --out writes them all (the Issues sheet)`);
  }
  for (const file of written) lines.push(`  Written              ${file}`);
  return `${lines.join("\n")}\n`;
}
