import * as fs from "node:fs";
import * as path from "node:path";
import { rowsOf, type CellValue, type InputWorkbook, type OutputTable } from "../../engine/workbook";
import { parseCsv } from "../../src/io/csv";

export const COHO_FOLDER = path.resolve(__dirname, "../fixtures/coho-winery");

/** Reads a CSV folder synchronously (tests only). */
export function readCsvFolderSync(folder: string): InputWorkbook {
  const files = fs.readdirSync(folder).filter((f) => f.endsWith(".csv")).sort();
  return { sheets: files.map((f) => ({ name: f.slice(0, -4), rows: parseCsv(fs.readFileSync(path.join(folder, f), "utf8")) })) };
}

/** Replaces (or adds) a sheet of a workbook. */
export function withSheet(book: InputWorkbook, name: string, rows: CellValue[][]): InputWorkbook {
  return { sheets: [...book.sheets.filter((s) => s.name !== name), { name, rows }] };
}

export function withoutSheet(book: InputWorkbook, name: string): InputWorkbook {
  return { sheets: book.sheets.filter((s) => s.name !== name) };
}

export function sheetRows(book: InputWorkbook, name: string): CellValue[][] {
  const sheet = book.sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet.rows.map((r) => [...r]);
}

/** A table as objects keyed by column name, for readable assertions. */
export function records(table: OutputTable | undefined): Record<string, string | null>[] {
  if (!table) throw new Error("table missing");
  return rowsOf(table.rows).map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])));
}

export function table(tables: readonly OutputTable[], name: string): OutputTable {
  const found = tables.find((t) => t.name === name);
  if (!found) throw new Error(`no output table ${name}`);
  return found;
}
