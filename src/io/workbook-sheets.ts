/**
 * Which sheets of a workbook are inputs and which are outputs, and how input rows are written back
 * as typed cells (a workbook made from CSV files keeps its input sheets next to the results).
 */
import { INPUT_SHEETS, OUTPUT_SHEET_NAMES, normalizeName, type ColumnKind, type InputSheet, type InputWorkbook, type OutputCell, type SheetSpec } from "../../engine";
import { excelSerialToIso } from "../../engine/core/dates";
import { MAX_CONTINUATIONS, type SheetToWrite } from "./xlsx/write";

const INPUT_NAMES = new Set(INPUT_SHEETS.map((s) => normalizeName(s.name)));
const OUTPUT_NAMES = new Set(OUTPUT_SHEET_NAMES.map((n) => n.toLowerCase()));

/** Whether a workbook sheet is one the engine reads (by the contract's name matching). */
export function isInputSheetName(name: string): boolean {
  return INPUT_NAMES.has(normalizeName(name));
}

/**
 * The output table (lower case) a workbook sheet holds: `glvouchers` for `GLVouchers` and its continuations
 * `GLVouchers 2` to `GLVouchers 99` (SPEC §5, `splitForSheets`; Excel compares names case-insensitively); null for any
 * other sheet. A sheet such as `TrialBalance 2025` is a user's own, never an output to replace.
 */
export function outputTableOfSheet(name: string): string | null {
  const lower = name.toLowerCase();
  if (OUTPUT_NAMES.has(lower)) return lower;
  const continued = / ([1-9]\d*)$/.exec(lower);
  if (!continued) return null;
  const n = Number(continued[1]);
  const base = lower.slice(0, continued.index);
  return n >= 2 && n <= MAX_CONTINUATIONS && OUTPUT_NAMES.has(base) ? base : null;
}

/** Whether a workbook sheet is an output of a run, to be replaced by the next one (`outputTableOfSheet`). */
export function isOutputSheetName(name: string): boolean {
  return outputTableOfSheet(name) !== null;
}

/** Whether a CSV file (its name without `.csv`) is an output of a run: exactly a table's name, as CSV output never continues. */
export function isOutputFileName(name: string): boolean {
  return OUTPUT_NAMES.has(name.toLowerCase());
}

function specOf(sheet: InputSheet): SheetSpec | undefined {
  return INPUT_SHEETS.find((s) => normalizeName(s.name) === normalizeName(sheet.name));
}

/** Column kinds of an input sheet from the contract: decimals as numbers, dates as dates, the rest text. */
function kindOf(spec: SheetSpec | undefined, header: string): ColumnKind {
  const column = spec?.columns.find((c) => normalizeName(c.name) === normalizeName(header));
  if (column?.type === "decimal") return "number";
  if (column?.type === "date") return "date";
  return "text";
}

function cellText(value: InputSheet["rows"][number][number], kind: ColumnKind): OutputCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") {
    if (kind === "date") return excelSerialToIso(value) ?? String(value);
    return String(value);
  }
  if (kind === "number") {
    const plain = value.trim().replace(/,/g, "");
    return /^-?\d+(\.\d+)?$/.test(plain) ? plain : value;
  }
  return value;
}

export function inputSheetsForWriting(book: InputWorkbook): SheetToWrite[] {
  return book.sheets.map((sheet) => {
    const spec = specOf(sheet);
    const header = (sheet.rows[0] ?? []).map((h) => (h === null ? "" : String(h)));
    const kinds = header.map((h) => kindOf(spec, h));
    const seen = new Set<string>();
    const columns = header.map((name, i) => {
      let unique = name || `Column ${i + 1}`;
      for (let n = 2; seen.has(unique.toLowerCase()); n++) unique = `${name} ${n}`;
      seen.add(unique.toLowerCase());
      return { name: unique, kind: kinds[i] };
    });
    const rows = sheet.rows.slice(1).map((row) => columns.map((c, i) => cellText(row[i] ?? null, c.kind)));
    return { name: spec?.name ?? sheet.name, columns, rows, asTable: false };
  });
}
