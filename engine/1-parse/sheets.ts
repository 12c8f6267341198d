/**
 * Finding sheets and columns by name (case-insensitive, ignoring spaces, `_` and `-`, any order) and
 * reading their rows into typed records with row-level issues (SPEC §3).
 */
import type { CellValue, InputSheet, InputWorkbook } from "../workbook";
import type { IssueLog } from "../core/issues";
import type { Decimal } from "../core/decimal";
import type { IsoDate } from "../core/dates";
import type { ColumnSpec, SheetSpec } from "./schema";
import { isEmptyCell, normalizeName, readChoice, readDate, readDecimal, readId, readText, readYesNo, type Read } from "./cells";
import { NO_DIMENSIONS, type DimensionRegistry, type Dimensions } from "./dimensions";
import { ownCopy, worthSharing } from "../core/strings";

export interface LocatedSheet {
  readonly spec: SheetSpec;
  /** The sheet's name as the workbook spells it. */
  readonly name: string;
  readonly rows: readonly (readonly CellValue[])[];
  readonly firstRow: number;
  readonly columns: ReadonlyMap<string, number>;
  readonly dimensionColumns: readonly { readonly key: string; readonly index: number; readonly title: string }[];
  /** Drops a row of the workbook's own table once it has been read (when the caller handed the rows over). */
  readonly release: (index: number) => void;
}

/** Excel's last worksheet row. */
const LAST_WORKSHEET_ROW = 1_048_576;

/**
 * The worksheet row of the sheet's first row, as its host says; one that is no worksheet row (not a whole number
 * from 1 to 1,048,576) is a warning, and rows are counted from 1.
 */
function startRow(sheet: InputSheet, issues: IssueLog): number {
  const first = sheet.firstRow ?? 1;
  if (Number.isInteger(first) && first >= 1 && first <= LAST_WORKSHEET_ROW) return first;
  issues.warning(sheet.name, null, "",
    `Sheet ${sheet.name} is said to start at row ${first}, which is not a worksheet row (1 to 1,048,576): row numbers in messages about this sheet are counted from row 1 and may not match the worksheet`);
  return 1;
}

export function findSheet(book: InputWorkbook, name: string): InputSheet | undefined {
  const key = normalizeName(name);
  return book.sheets.find((s) => normalizeName(s.name) === key);
}

const DIM_PREFIX = /^dim[\s_-]+/i;
const NO_CELLS: readonly CellValue[] = [];

/**
 * Locates a sheet and its columns. Returns null when the sheet is absent (it then reads as empty)
 * or a required column is missing (an error naming it; the sheet's rows are not read).
 */
export function locateSheet(book: InputWorkbook, spec: SheetSpec, issues: IssueLog, dims: DimensionRegistry, consume = false): LocatedSheet | null {
  const sheet = findSheet(book, spec.name);
  if (!sheet) return null;
  // The header is the sheet's first non-empty row (a title or blank lines above it are skipped).
  let headerIndex = 0;
  while (headerIndex < sheet.rows.length - 1 && (sheet.rows[headerIndex] ?? []).every(isEmptyCell)) headerIndex++;
  const rows = headerIndex ? sheet.rows.slice(headerIndex) : sheet.rows;
  const firstRow = startRow(sheet, issues) + headerIndex;
  const header = rows[0] ?? [];
  const byName = new Map<string, number>();
  const dimensionColumns: { key: string; index: number; title: string }[] = [];
  header.forEach((cell, index) => {
    if (isEmptyCell(cell)) return;
    const title = String(cell).trim();
    if (spec.dimensions && DIM_PREFIX.test(title)) {
      const key = dims.register(title.replace(DIM_PREFIX, ""));
      if (dimensionColumns.some((d) => d.key === key)) {
        issues.warning(sheet.name, firstRow, title, `Dimension column '${title}' appears twice; the first one is used`);
      } else dimensionColumns.push({ key, index, title });
      return;
    }
    const key = normalizeName(title);
    if (byName.has(key)) {
      issues.warning(sheet.name, firstRow, title, `Column '${title}' appears twice; the first one is used`);
      return;
    }
    byName.set(key, index);
  });
  const columns = new Map<string, number>();
  let missing = false;
  for (const column of spec.columns) {
    const index = byName.get(normalizeName(column.name));
    if (index !== undefined) columns.set(column.name, index);
    else if (column.required) {
      missing = true;
      issues.error(sheet.name, firstRow, column.name, `Required column '${column.name}' is missing on sheet ${sheet.name}; add it to the header row (row ${firstRow}). The sheet was not read.`);
    }
  }
  if (missing) return null;
  const owned = sheet.rows as (readonly CellValue[])[];
  const release = consume ? (index: number) => void (owned[headerIndex + index] = NO_CELLS) : () => undefined;
  return { spec, name: sheet.name, rows, firstRow, columns, dimensionColumns, release };
}

/**
 * A cell reader that remembers what it read per distinct cell value, so that the values a column repeats
 * (projects, categories, resources, dates, quantities) are read once and shared by every row instead of
 * held once per row. A column of mostly distinct values (ids, prices) stops being remembered (`worthSharing`).
 */
function remembering<T>(read: (cell: CellValue) => Read<T>): (cell: CellValue) => Read<T> {
  let known: Map<CellValue, Read<T>> | null = new Map();
  let reads = 0;
  return (cell) => {
    if (!known) return read(cell);
    reads++;
    const seen = known.get(cell);
    if (seen !== undefined) return seen;
    let result = read(cell);
    // The value is kept for the whole run: not as a view of the input's text.
    if (result.ok && typeof result.value === "string") result = { ok: true, value: ownCopy(result.value) as T };
    known.set(cell, result);
    if (!worthSharing(known.size, reads)) known = null;
    return result;
  };
}

/** A column and the (remembering) reader of its cells, as a row's record asks for them. */
interface ColumnRead {
  readonly column: string;
  readonly read: (cell: CellValue) => Read<unknown>;
  /** The column's index in the row; −1 when the sheet does not have it. */
  readonly index: number;
  readonly reader: (cell: CellValue) => Read<unknown>;
}

/** Typed access to one row's cells. A failed read logs an issue and marks the row as failed. */
export class RowReader {
  /** Worksheet row number (header = 1). */
  row = 0;
  failed = false;
  private cells: readonly CellValue[] = [];

  private readonly readDateCell: (cell: CellValue) => Read<IsoDate>;
  private readonly sharedDimensions = new Map<string, Dimensions>();
  private readonly readers = new Map<(cell: CellValue) => Read<unknown>, Map<string, (cell: CellValue) => Read<unknown>>>();
  /**
   * The column reads the row before asked for, in order, and how many this row has asked for so far. Every row
   * of a sheet is built by the same code, which asks for the same columns in the same order: the read asked for
   * at a step is found by comparing it with the one at that step before, not by looking its column up by name.
   */
  private readonly plan: ColumnRead[] = [];
  private step = 0;

  constructor(private readonly sheet: LocatedSheet, private readonly issues: IssueLog, date1904 = false) {
    this.readDateCell = (cell) => readDate(cell, date1904);
  }

  /** The column's own remembering copy of a reader. */
  private reader<T>(column: string, read: (cell: CellValue) => Read<T>): (cell: CellValue) => Read<T> {
    let byColumn = this.readers.get(read);
    if (!byColumn) this.readers.set(read, (byColumn = new Map()));
    let reader = byColumn.get(column) as ((cell: CellValue) => Read<T>) | undefined;
    if (!reader) byColumn.set(column, (reader = remembering(read)));
    return reader;
  }

  load(index: number): void {
    this.cells = this.sheet.rows[index];
    this.row = this.sheet.firstRow + index;
    this.failed = false;
    this.step = 0;
  }

  /** Column `column` read by `read`: the read planned at this step when it is that one (`plan`). */
  private columnRead<T>(column: string, read: (cell: CellValue) => Read<T>): ColumnRead {
    const step = this.step++;
    const planned = this.plan[step];
    if (planned !== undefined && planned.column === column && planned.read === read) return planned;
    const found: ColumnRead = { column, read, index: this.sheet.columns.get(column) ?? -1, reader: this.reader(column, read) };
    this.plan[step] = found;
    return found;
  }

  private cellAt(index: number): CellValue {
    return index < 0 ? null : (this.cells[index] ?? null);
  }

  get sheetName(): string {
    return this.sheet.name;
  }

  has(column: string): boolean {
    return this.sheet.columns.has(column);
  }

  cell(column: string): CellValue {
    const index = this.sheet.columns.get(column);
    return index === undefined ? null : (this.cells[index] ?? null);
  }

  /** Logs an error on this row and marks it failed. */
  error(column: string, message: string): void {
    this.failed = true;
    this.issues.error(this.sheet.name, this.row, column, message);
  }

  warning(column: string, message: string): void {
    this.issues.warning(this.sheet.name, this.row, column, message);
  }

  private required<T>(column: string, read: (cell: CellValue) => Read<T>, fallback: T): T {
    return this.requiredCell(column, this.cell(column), read, fallback);
  }

  private optional<T>(column: string, read: (cell: CellValue) => Read<T>): T | null {
    return this.optionalCell(column, this.cell(column), read);
  }

  /** `required` through the column's remembering reader, found by the plan (`columnRead`). */
  private requiredRead<T>(column: string, read: (cell: CellValue) => Read<T>, fallback: T): T {
    const c = this.columnRead(column, read);
    return this.requiredCell(column, this.cellAt(c.index), c.reader as (cell: CellValue) => Read<T>, fallback);
  }

  /** `optional` through the column's remembering reader, found by the plan (`columnRead`). */
  private optionalRead<T>(column: string, read: (cell: CellValue) => Read<T>): T | null {
    const c = this.columnRead(column, read);
    return this.optionalCell(column, this.cellAt(c.index), c.reader as (cell: CellValue) => Read<T>);
  }

  private requiredCell<T>(column: string, cell: CellValue, read: (cell: CellValue) => Read<T>, fallback: T): T {
    if (isEmptyCell(cell)) {
      this.error(column, `${column} is required`);
      return fallback;
    }
    return this.check(column, read(cell), fallback);
  }

  private optionalCell<T>(column: string, cell: CellValue, read: (cell: CellValue) => Read<T>): T | null {
    if (isEmptyCell(cell)) return null;
    return this.check<T | null>(column, read(cell), null);
  }

  private check<T>(column: string, result: Read<T>, fallback: T): T {
    if (result.ok) return result.value;
    this.error(column, `${column}: ${result.message}`);
    return fallback;
  }

  id(column: string): string {
    return this.requiredRead(column, readId, "");
  }
  optionalId(column: string): string | null {
    const value = this.optionalRead(column, readId);
    return value === "" ? null : value;
  }
  text(column: string): string {
    return this.requiredRead(column, readText, "");
  }
  optionalText(column: string): string | null {
    return this.optionalRead(column, readText);
  }
  decimal(column: string): Decimal {
    return this.requiredRead(column, readDecimal, null as unknown as Decimal);
  }
  optionalDecimal(column: string): Decimal | null {
    return this.optionalRead(column, readDecimal);
  }
  date(column: string): IsoDate {
    return this.requiredRead(column, this.readDateCell, "");
  }
  optionalDate(column: string): IsoDate | null {
    return this.optionalRead(column, this.readDateCell);
  }
  yesNo(column: string, fallback: boolean): boolean {
    return this.optionalRead(column, readYesNo) ?? fallback;
  }
  requiredYesNo(column: string): boolean {
    return this.required(column, readYesNo, false);
  }
  choice<T extends string>(column: string, choices: readonly T[], codes?: ReadonlyMap<string, T>): T {
    return this.required(column, (c) => readChoice(c, choices, codes), choices[0]);
  }
  optionalChoice<T extends string>(column: string, choices: readonly T[]): T | null {
    return this.optional(column, (c) => readChoice(c, choices));
  }

  /** The row's own `Dim …` cells that hold a value. */
  dimensions(): Dimensions {
    let own: Map<string, string> | null = null;
    let key = "";
    for (const column of this.sheet.dimensionColumns) {
      const cell = this.cells[column.index] ?? null;
      if (isEmptyCell(cell)) continue;
      const value = readText(cell);
      if (value.ok) {
        (own ??= new Map()).set(column.key, value.value);
        key += `${column.key}\u0000${value.value}\u0000`;
      } else this.error(column.title, `${column.title}: ${value.message}`);
    }
    // Rows with the same dimension values share one map (and most rows, with none, share the empty one).
    if (!own) return NO_DIMENSIONS;
    const same = this.sharedDimensions.get(key);
    if (same) return same;
    if (this.sharedDimensions.size < 20_000) this.sharedDimensions.set(key, own);
    return own;
  }
}

export interface SheetRecords<T> {
  readonly records: T[];
  /** Ids of rows that were present but could not be read, so that dependents say "invalid", not "unknown". */
  readonly rejected: Map<string, number>;
  /** Worksheet rows that had errors and were left out. */
  readonly failedRows: number[];
  /** The sheet is there but was not read at all (a required column is missing). */
  readonly notRead: boolean;
  readonly sheetName: string;
}

/**
 * Reads every non-empty row of a sheet through `build`. A row with an error is left out; its id
 * (from `idColumn`) is remembered as rejected.
 */
export function readSheet<T>(
  book: InputWorkbook,
  spec: SheetSpec,
  issues: IssueLog,
  dims: DimensionRegistry,
  build: (row: RowReader) => T,
  idColumn?: ColumnSpec["name"] | readonly ColumnSpec["name"][],
  consume = false,
  unread?: (row: RowReader) => void,
): SheetRecords<T> {
  const records: T[] = [];
  const rejected = new Map<string, number>();
  const failedRows: number[] = [];
  const sheet = locateSheet(book, spec, issues, dims, consume);
  if (!sheet) {
    const present = findSheet(book, spec.name);
    return { records, rejected, failedRows, notRead: present !== undefined, sheetName: present?.name ?? spec.name };
  }
  const reader = new RowReader(sheet, issues, book.date1904 ?? false);
  for (let i = 1; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i];
    if (!cells || cells.every(isEmptyCell)) continue;
    reader.load(i);
    const record = build(reader);
    if (!reader.failed) records.push(record);
    else {
      failedRows.push(reader.row);
      // What can still be read of the row, for the rules that would have used it.
      unread?.(reader);
      if (idColumn) {
        // A composite id (contract + line) is keyed like its index: the parts joined by U+0000.
        const parts = (typeof idColumn === "string" ? [idColumn] : idColumn).map((c) => readId(reader.cell(c)));
        if (parts.every((p) => p.ok && p.value)) rejected.set(parts.map((p) => (p.ok ? p.value : "")).join("\u0000"), reader.row);
      }
    }
    sheet.release(i);
  }
  return { records, rejected, failedRows, notRead: false, sheetName: sheet.name };
}
