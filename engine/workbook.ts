/**
 * The engine's contract with its hosts (Excel, a browser file, the command line): the workbook goes
 * in as plain tables of cell values and comes out as plain tables. Hosts only move these in and out.
 */
import { plainDecimal } from "./core/plain-decimal";

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
 * Receives a row's cells one after another, in column order. Numbers come as their exact parts, so a
 * writer that produces bytes can write their digits without making text of them first.
 */
export interface CellWriter {
  text(value: string | null): void;
  /**
   * The number units ÷ 10^scale (|units| ≤ 2^53, scale ≤ 15), whose cell text is `plainDecimal(units, scale,
   * minPlaces)`: at least `minPlaces` decimals (2 for amounts, 0 for quantities, prices, rates and integers).
   */
  decimal(units: number, scale: number, minPlaces: number): void;
}

/**
 * The rows of an output table. A plain array is one; the engine's tables are views that format a row only
 * when a writer asks for it, so millions of output rows never sit in memory as text all at once.
 */
export interface RowSource {
  readonly length: number;
  at(index: number): readonly OutputCell[] | undefined;
  /** Hands row `index`'s cells to `to`: for writers that go row by row and keep no row. */
  writeRow?(index: number, to: CellWriter): void;
}

export interface OutputTable {
  readonly name: string;
  readonly columns: readonly OutputColumn[];
  readonly rows: RowSource;
}

/** A row's cells as text, in a new array. */
class CellTexts implements CellWriter {
  readonly cells: OutputCell[] = [];

  text(value: string | null): void {
    this.cells.push(value);
  }

  decimal(units: number, scale: number, minPlaces: number): void {
    this.cells.push(plainDecimal(units, scale, minPlaces));
  }
}

/** Rows computed on demand from their index: `write` hands the row's cells to a writer in column order. */
export function writtenRows(length: number, write: (index: number, to: CellWriter) => void): RowSource {
  return {
    length,
    at: (index) => {
      if (index < 0 || index >= length) return undefined;
      const texts = new CellTexts();
      write(index, texts);
      return texts.cells;
    },
    writeRow: write,
  };
}

/** `length` rows of another source from row `from` on, read (and written, where it can) through it. */
export function sliceRows(rows: RowSource, from: number, length: number): RowSource {
  const slice: RowSource = { length, at: (index) => (index >= 0 && index < length ? rows.at(from + index) : undefined) };
  const { writeRow } = rows;
  return writeRow ? { ...slice, writeRow: (index, to) => writeRow.call(rows, from + index, to) } : slice;
}

/** Every row, as arrays (for small tables, messages between threads and tests). */
export function rowsOf(rows: RowSource): (readonly OutputCell[])[] {
  const all: (readonly OutputCell[])[] = [];
  for (let i = 0; i < rows.length; i++) all.push(rows.at(i) ?? []);
  return all;
}
