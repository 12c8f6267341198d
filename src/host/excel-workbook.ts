/**
 * The workbook adapter over Office.js: the only module that calls the Excel API.
 * - Reads input sheets by name in row blocks sized under Excel on the web's 5 MB request limit
 *   (used range, then `getRangeByIndexes`), halving a block that is still refused.
 * - Writes each output sheet in blocks, number formats set before values (so ids and text starting with
 *   =, +, - or @ stay text), calculation and screen updating suspended, then makes it an Excel table.
 * - Writes the new sheets under temporary names and only then replaces the previous output sheets, so a
 *   failure half-way leaves the earlier results as they were; input sheets are never touched.
 */
import type { CellValue, ColumnKind, InputSheet, InputWorkbook, OutputCell, OutputColumn, OutputTable } from "../../engine";
import { INPUT_SHEETS } from "../../engine";
import { DAYS_1904, isoToExcelSerial } from "../../engine/core/dates";
import { isInputSheetName, outputTableOfSheet } from "../io/workbook-sheets";
import { sheetRanges } from "../io/xlsx/write";
import { columnLetters } from "../io/xlsx/xml";
import { stopIfCancelled } from "./host";

/** Excel on the web refuses requests and responses above 5 MB; blocks aim well below. */
export const PAYLOAD_BUDGET = 4 * 1024 * 1024;
const FIRST_BLOCK_ROWS = 2_000;

export type BlockProgress = (done: number, total: number) => void;

const NUMBER_FORMAT: Record<ColumnKind, string> = { text: "@", integer: "0", amount: "#,##0.00", number: "General", date: "yyyy-mm-dd" };

function isPayloadError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? "";
  const message = (error as { message?: string }).message ?? "";
  return /PayloadSizeLimitExceeded/i.test(code) || /payload size/i.test(message);
}

/** Rows per block so that a block of `columns` columns stays under the budget, from a measured sample. */
function rowsForBudget(sample: unknown[][], columns: number): number {
  const bytes = JSON.stringify(sample).length;
  const perRow = Math.max(8 * Math.max(1, columns), bytes / Math.max(1, sample.length));
  return Math.max(1, Math.floor((PAYLOAD_BUDGET * 0.8) / perRow));
}

/**
 * Queues one block of rows at a time and syncs it; a block Excel refuses for its size is halved and
 * queued again. `done` sees each accepted block and may return the next block size.
 */
async function syncInBlocks<T>(
  context: Excel.RequestContext, total: number, firstBlock: number,
  queue: (start: number, count: number) => T | Promise<T>, done: (block: T, start: number, count: number) => number | void, signal?: AbortSignal,
): Promise<void> {
  let blockRows = firstBlock;
  for (let start = 0; start < total; ) {
    stopIfCancelled(signal);
    const count = Math.min(blockRows, total - start);
    const block = await queue(start, count);
    try {
      await context.sync();
    } catch (error) {
      if (!isPayloadError(error) || count === 1) throw error;
      blockRows = Math.max(1, Math.floor(count / 2));
      continue;
    }
    blockRows = done(block, start, count) ?? blockRows;
    start += count;
  }
}

/**
 * Whether the workbook counts dates from 1904: Office.js reads and writes dates as serial numbers of the
 * workbook's own system, and DATE(1904,1,1) is 0 in the 1904 system, 1462 in the 1900 system.
 */
async function usesDate1904(context: Excel.RequestContext): Promise<boolean> {
  const probe = context.workbook.functions.date(1904, 1, 1);
  probe.load("value");
  await context.sync();
  return probe.value === 0;
}

/** Reads every sheet the engine knows (by its name rules) in blocks. */
export async function readInputWorkbook(onProgress: BlockProgress, signal?: AbortSignal): Promise<InputWorkbook> {
  return Excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name");
    await context.sync();
    const inputs = worksheets.items.filter((s) => isInputSheetName(s.name));
    const used = inputs.map((sheet) => {
      const range = sheet.getUsedRangeOrNullObject(true);
      range.load("rowIndex,columnIndex,rowCount,columnCount");
      return range;
    });
    await context.sync();
    const date1904 = await usesDate1904(context);
    const total = used.reduce((sum, r) => sum + (r.isNullObject ? 0 : r.rowCount), 0);
    let done = 0;
    const sheets: InputSheet[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const range = used[i];
      if (range.isNullObject) {
        sheets.push({ name: inputs[i].name, rows: [] });
        continue;
      }
      const rows: CellValue[][] = [];
      await syncInBlocks(context, range.rowCount, FIRST_BLOCK_ROWS, (start, count) => {
        const block = inputs[i].getRangeByIndexes(range.rowIndex + start, range.columnIndex, count, range.columnCount);
        block.load("values");
        return block;
      }, (block, start, count) => {
        const values = block.values as unknown[][];
        for (const row of values) rows.push(row.map(toCellValue));
        done += count;
        onProgress(done, total);
        return start === 0 ? rowsForBudget(values.slice(0, 500), range.columnCount) : undefined;
      }, signal);
      sheets.push({ name: inputs[i].name, rows, firstRow: range.rowIndex + 1 });
    }
    return { sheets, date1904 };
  });
}

function toCellValue(value: unknown): CellValue {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return String(value);
}

/** A cell as Excel should hold it: numbers for numeric kinds, date serials, text otherwise. */
function toExcelValue(cell: string | null, kind: ColumnKind, date1904: boolean): string | number {
  if (cell === null) return "";
  if (kind === "text") return cell;
  if (kind === "date") return /^\d{4}-\d{2}-\d{2}$/.test(cell) ? isoToExcelSerial(cell) - (date1904 ? DAYS_1904 : 0) : cell;
  const n = Number(cell);
  return Number.isFinite(n) && cell.trim() !== "" ? n : cell;
}

const TEMP_PREFIX = "~pbsim ";
/** Runs of this page so far: with the time, what makes a run's provisional table names its own. */
let runs = 0;
/** An earlier output sheet set aside while the new ones take their names: `~was GLVouchers 2`. */
const ASIDE_PREFIX = "~was ";

/**
 * An output table to write: its rows are asked for a block at a time (from the engine's worker, which keeps them),
 * so that the pane never holds a run's results all at once.
 */
export interface TableSource {
  readonly name: string;
  readonly columns: readonly OutputColumn[];
  readonly length: number;
  rows(start: number, count: number): Promise<readonly (readonly OutputCell[])[]> | readonly (readonly OutputCell[])[];
}

/** Tables whose rows are at hand, as sources. */
export function tableSources(tables: readonly OutputTable[]): TableSource[] {
  return tables.map((t) => ({
    name: t.name, columns: t.columns, length: t.rows.length,
    rows: (start, count) => Array.from({ length: count }, (_, k) => t.rows.at(start + k) ?? []),
  }));
}

/**
 * Writes the output tables (split at Excel's row limit) and then replaces the previous output sheets (all of
 * them, or with `replaceOnly` just those of the same names). Nothing is deleted until the new sheets hold their
 * final names: the earlier outputs are first set aside under `~was …`, and come back if a step fails. A run that
 * was stopped before it could clean up (the pane closed, Excel busy) is tidied at the start of the next one.
 */
export async function writeOutputTables(
  tables: readonly (TableSource | OutputTable)[], onProgress: BlockProgress, replaceOnly = false, signal?: AbortSignal,
): Promise<string[]> {
  const sources = tables.map((t) => (typeof t.rows === "function" ? (t as TableSource) : tableSources([t as OutputTable])[0]));
  const sheets: TableSource[] = sources.flatMap((t) => sheetRanges(t.name, t.length).map(({ name, start, count }) => ({
    name, columns: t.columns, length: count, rows: (from: number, n: number) => t.rows(start + from, n),
  })));
  const total = sheets.reduce((sum, s) => sum + s.length + 1, 0);
  const written = new Set(sheets.map((s) => s.name.toLowerCase()));
  let done = 0;
  const temps: string[] = [];
  /** Earlier output sheets set aside: their names, and the names they were set aside under. */
  const asides: { name: string; aside: string }[] = [];
  let renamed = false;
  let replaced = false;
  // Provisional table names of this run: a table left under one by an earlier run cannot be in the way.
  const run = `${Date.now().toString(36)}${(runs++).toString(36)}`;
  await recoverInterruptedRun();
  try {
    await Excel.run(async (context) => {
      const screen = Office.context.requirements.isSetSupported("ExcelApi", "1.9");
      const date1904 = await usesDate1904(context);
      const worksheets = context.workbook.worksheets;
      worksheets.load("items/name");
      await context.sync();
      const taken = new Set(worksheets.items.map((s) => s.name.toLowerCase()));
      const newTables: Excel.Table[] = [];
      for (const sheet of sheets) {
        let temp = `${TEMP_PREFIX}${temps.length + 1}`;
        while (taken.has(temp.toLowerCase())) temp += "~";
        taken.add(temp.toLowerCase());
        temps.push(temp);
        newTables.push(await writeSheet(context, worksheets.add(temp), sheet, { screen, date1904, provisional: `pbsim_new_${run}_${temps.length}`, signal }, (rows) => {
          done += rows;
          onProgress(done, total);
        }));
      }
      // The last moment a cancel takes: past it the earlier outputs are being replaced, which is quick.
      stopIfCancelled(signal);
      // Every new sheet is complete. The sheets as they are now (the user may have renamed or deleted some while this
      // wrote): the earlier outputs (never an input sheet) step aside, renamed, not deleted.
      worksheets.load("items/name");
      await context.sync();
      for (const sheet of worksheets.items) taken.add(sheet.name.toLowerCase());
      const old = worksheets.items.filter((s) => {
        const table = outputTableOfSheet(s.name);
        return table !== null && !isInputSheetName(s.name) && (!replaceOnly || written.has(table));
      });
      for (const sheet of old) {
        let aside = `${ASIDE_PREFIX}${sheet.name}`;
        while (taken.has(aside.toLowerCase())) aside += "~";
        taken.add(aside.toLowerCase());
        asides.push({ name: sheet.name, aside });
        sheet.name = aside;
      }
      await context.sync();
      // The new sheets take their names; only then do the earlier ones go.
      renamed = true;
      for (let i = 0; i < sheets.length; i++) worksheets.getItem(temps[i]).name = sheets[i].name;
      await context.sync();
      // The new results are in place. The earlier ones go; one Excel will not delete now is tidied by the next run.
      replaced = true;
      for (const { aside } of asides) worksheets.getItem(aside).delete();
      await context.sync().catch(() => undefined);
      // The earlier tables went with their sheets: the new ones can take their names now. The results are in place
      // whatever happens here; a table Excel will not rename keeps its provisional name, unique to this run.
      for (let i = 0; i < sheets.length; i++) newTables[i].name = tableName(sheets[i].name);
      await context.sync().catch(() => undefined);
    });
  } catch (error) {
    if (replaced) throw error;
    await Excel.run(async (context) => {
      const worksheets = context.workbook.worksheets;
      worksheets.load("items/name");
      await context.sync();
      const byName = new Map(worksheets.items.map((sheet) => [sheet.name.toLowerCase(), sheet]));
      // The new sheets go, under whichever name they hold (once renaming began, a final name is held by a new
      // sheet: the earlier one of that name is set aside); then the earlier ones come back.
      for (const temp of temps) byName.get(temp.toLowerCase())?.delete();
      if (renamed) for (const name of written) byName.get(name)?.delete();
      await context.sync();
      for (const { name, aside } of asides) {
        const sheet = byName.get(aside.toLowerCase());
        if (sheet) sheet.name = name;
      }
      await context.sync();
    }).catch(() => undefined);
    throw error;
  }
  return sheets.map((s) => s.name);
}

/**
 * Tidies what a run that was stopped half-way left (the pane closed, or Excel refused a step and the clean-up too):
 * new sheets still under a temporary name go; an earlier output set aside comes back when its name is free, and
 * goes when new results hold it.
 */
async function recoverInterruptedRun(): Promise<void> {
  await Excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name");
    await context.sync();
    const names = new Set(worksheets.items.map((s) => s.name.toLowerCase()));
    let changed = false;
    for (const sheet of worksheets.items) {
      if (sheet.name.startsWith(TEMP_PREFIX)) {
        sheet.delete();
        changed = true;
      }
    }
    for (const sheet of worksheets.items) {
      if (!sheet.name.startsWith(ASIDE_PREFIX)) continue;
      const name = sheet.name.slice(ASIDE_PREFIX.length).replace(/~+$/, "");
      if (outputTableOfSheet(name) === null) continue;
      if (names.has(name.toLowerCase())) sheet.delete();
      else {
        sheet.name = name;
        names.add(name.toLowerCase());
      }
      changed = true;
    }
    if (changed) await context.sync();
  });
}

async function writeSheet(
  context: Excel.RequestContext, sheet: Excel.Worksheet, data: TableSource,
  { screen, date1904, provisional, signal }: { screen: boolean; date1904: boolean; provisional: string; signal?: AbortSignal }, progress: (rows: number) => void,
): Promise<Excel.Table> {
  const columns = Math.max(1, data.columns.length);
  const formats = data.columns.map((c) => NUMBER_FORMAT[c.kind]);
  const header = sheet.getRangeByIndexes(0, 0, 1, columns);
  header.numberFormat = [formats.map(() => "@")];
  header.values = [data.columns.map((c) => c.name)];
  await context.sync();
  progress(1);
  const first = await data.rows(0, Math.min(500, data.length));
  const blockRows = rowsForBudget(first.map((r) => [...r, ...formats]), columns * 2);
  await syncInBlocks(context, data.length, blockRows, async (start, count) => {
    // The rows that sized the blocks are the first block's, when it is no larger.
    const slice = start === 0 && count <= first.length ? first.slice(0, count) : await data.rows(start, count);
    const block = sheet.getRangeByIndexes(start + 1, 0, count, columns);
    // Formats first: a text format makes Excel keep "=A1" or "-T-001" as text, never a formula.
    block.numberFormat = slice.map(() => formats);
    block.values = slice.map((row) => data.columns.map((c, i) => toExcelValue(row[i] ?? null, c.kind, date1904)));
    context.workbook.application.suspendApiCalculationUntilNextSync();
    if (screen) context.workbook.application.suspendScreenUpdatingUntilNextSync();
    return block;
  }, (_block, _start, count) => {
    progress(count);
  }, signal);
  const last = `${columnLetters(columns - 1)}${Math.max(2, data.length + 1)}`;
  const table = sheet.tables.add(`A1:${last}`, true);
  // A provisional name: the previous run's table of the final name still exists until its sheet goes.
  table.name = provisional;
  sheet.freezePanes.freezeRows(1);
  await context.sync();
  return table;
}

/** Table names are letters, digits and _; unique per workbook (our outputs are replaced together). */
function tableName(sheetName: string): string {
  return `pbsim_${sheetName.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** Selects the cell an issue names: its sheet, its worksheet row, and the column whose header has that name. */
export async function selectIssueCell(sheetName: string, row: number | null, column: string): Promise<void> {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(sheetName);
    await context.sync();
    if (sheet.isNullObject) return;
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load("rowIndex,columnIndex,columnCount");
    await context.sync();
    let columnIndex = 0;
    let headerRow = 0;
    if (!used.isNullObject) {
      headerRow = used.rowIndex;
      const header = sheet.getRangeByIndexes(used.rowIndex, used.columnIndex, 1, used.columnCount);
      header.load("values");
      await context.sync();
      const key = column.toLowerCase().replace(/[\s_-]+/g, "");
      const found = (header.values[0] as unknown[]).findIndex((h) => String(h).toLowerCase().replace(/[\s_-]+/g, "") === key);
      columnIndex = used.columnIndex + Math.max(0, found);
    }
    sheet.activate();
    sheet.getRangeByIndexes(row === null ? headerRow : row - 1, columnIndex, 1, 1).select();
    await context.sync();
  });
}

/** Adds every input sheet the workbook lacks, with its header row and column formats; existing sheets are left alone. */
export async function insertTemplateSheets(): Promise<string[]> {
  return Excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name");
    await context.sync();
    const added: string[] = [];
    for (const spec of INPUT_SHEETS) {
      if (worksheets.items.some((s) => isInputSheetName(s.name) && s.name.toLowerCase().replace(/[\s_-]+/g, "") === spec.name.toLowerCase())) continue;
      const sheet = worksheets.add(spec.name);
      const columns = spec.columns.length;
      const formats = spec.columns.map((c) => (c.type === "date" ? "yyyy-mm-dd" : c.type === "decimal" ? "General" : "@"));
      // The column formats apply to the first thousand rows a user types into.
      sheet.getRangeByIndexes(0, 0, 1000, columns).numberFormat = Array.from({ length: 1000 }, () => formats);
      const header = sheet.getRangeByIndexes(0, 0, 1, columns);
      header.values = [spec.columns.map((c) => c.name)];
      header.format.font.bold = true;
      sheet.freezePanes.freezeRows(1);
      added.push(spec.name);
    }
    await context.sync();
    return added;
  });
}
