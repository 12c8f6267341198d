/**
 * The engine's contract with its hosts (Excel, a browser file, the command line): the workbook goes
 * in as plain tables of cell values and comes out as plain tables. Hosts only move these in and out.
 */

/** A cell as a host reads it: formulas arrive as their values, error cells as their text (`#N/A`). */
export type CellValue = string | number | boolean | null;

export interface InputSheet {
  readonly name: string;
  /** rows[0] is the header row; rows[i] is worksheet row firstRow + i. Empty rows may stay in. */
  readonly rows: readonly (readonly CellValue[])[];
  /** Worksheet row number of rows[0]; 1 when omitted. */
  readonly firstRow?: number;
}

export interface InputWorkbook {
  readonly sheets: readonly InputSheet[];
  /** The workbook counts dates from 1904 (Excel for Mac's old default): its serial 0 is 1904-01-01. */
  readonly date1904?: boolean;
}

/** How a host should store a column: numbers with a format, dates as dates, everything else as text. */
export type ColumnKind = "text" | "integer" | "amount" | "number" | "date";

export interface OutputColumn {
  readonly name: string;
  readonly kind: ColumnKind;
}

/**
 * An output cell is exact text: amounts and numbers in decimal notation with '.', dates as
 * YYYY-MM-DD. A host converts by column kind (an Excel number with a format, or CSV text as is).
 */
export type OutputCell = string | null;

/**
 * The rows of an output table. A plain array is one; the engine's tables are views that format a row only
 * when a writer asks for it, so millions of output rows never sit in memory as text all at once.
 */
export interface RowSource {
  readonly length: number;
  at(index: number): readonly OutputCell[] | undefined;
  /** Writes row `index`'s cells into `cells` (its length set to the row's): for writers that go row by row and keep no row. */
  fillRow?(index: number, cells: OutputCell[]): void;
}

export interface OutputTable {
  readonly name: string;
  readonly columns: readonly OutputColumn[];
  readonly rows: RowSource;
}

/**
 * Rows computed on demand from their index. `fill` sets the row's cells from `cells[0]` on and returns
 * how many it set; a writer's array is reused row after row, so every cell is set each time (emptying the
 * array first would hand its storage back and make every row allocate anew).
 */
export function filledRows(length: number, fill: (index: number, cells: OutputCell[]) => number): RowSource {
  return {
    length,
    at: (index) => {
      if (index < 0 || index >= length) return undefined;
      const cells: OutputCell[] = [];
      fill(index, cells);
      return cells;
    },
    fillRow: (index, cells) => {
      const width = fill(index, cells);
      if (cells.length !== width) cells.length = width;
    },
  };
}

/**
 * Reads rows one after another: the returned row is valid until the next call (a source that can fill
 * rows reuses one array, so millions of rows allocate none).
 */
export function rowCursor(rows: RowSource): (index: number) => readonly OutputCell[] {
  const { fillRow } = rows;
  if (!fillRow) return (index) => rows.at(index) ?? [];
  const cells: OutputCell[] = [];
  return (index) => {
    fillRow.call(rows, index, cells);
    return cells;
  };
}

/** `length` rows of another source from row `from` on, read (and filled, where it can) through it. */
export function sliceRows(rows: RowSource, from: number, length: number): RowSource {
  const slice: RowSource = { length, at: (index) => (index >= 0 && index < length ? rows.at(from + index) : undefined) };
  const { fillRow } = rows;
  return fillRow ? { ...slice, fillRow: (index, cells) => fillRow.call(rows, from + index, cells) } : slice;
}

/** Every row, as arrays (for small tables, messages between threads and tests). */
export function rowsOf(rows: RowSource): (readonly OutputCell[])[] {
  const all: (readonly OutputCell[])[] = [];
  for (let i = 0; i < rows.length; i++) all.push(rows.at(i) ?? []);
  return all;
}
