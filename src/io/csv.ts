/**
 * CSV as the workbook contract reads and writes it (SPEC §6): UTF-8, comma separated, a header row, fields quoted
 * with `"` where needed. Read: an optional BOM, CRLF or LF, every cell as text, exactly as a user would type it into
 * a sheet. Written: a BOM (as Excel's "CSV UTF-8"), LF line ends. Pure: no file system here.
 */
import type { CellValue, CellWriter, OutputCell, OutputTable } from "../../engine/workbook";
import { Utf8Pieces } from "./utf8-pieces";
import { ColumnValues } from "./column-values";
import { PAST_LATIN1, startsOrEndsWithSpace } from "./text";

/** `String.prototype.charCodeAt`, held by this module: why, at `codeAt` in text.ts. */
const codeAt: (this: string, index: number) => number = String.prototype.charCodeAt;

/** Parses CSV text into rows of cells; empty fields are null. */
export function parseCsv(text: string): CellValue[][] {
  const rows: CellValue[][] = [];
  let row: CellValue[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let field = "";
  let quoted = false;
  let atFieldStart = true;
  const columns: ColumnValues[] = [];
  /** The field's value when it was read in one run where it lies (`ColumnValues.sharedRange`); otherwise `field` holds it. */
  let value: string | null = null;
  // Checked at once where the text is stored with one byte a character.
  const wide = PAST_LATIN1.test(text);
  const columnOf = (index: number) => columns[index] ?? (columns[index] = new ColumnValues(wide));
  const endField = () => {
    row.push(value !== null ? value : field === "" && !quoted ? null : columnOf(row.length).shared(field));
    value = null;
    field = "";
    quoted = false;
    atFieldStart = true;
  };
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (atFieldStart && ch === 34 /* " */) {
      quoted = true;
      atFieldStart = false;
      i++;
      // Quoted field: up to the closing quote; "" is one quote.
      let start = i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          field += text.slice(start);
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          field += text.slice(start, q + 1);
          i = q + 2;
          start = i;
          continue;
        }
        field += text.slice(start, q);
        i = q + 1;
        break;
      }
      continue;
    }
    atFieldStart = false;
    if (ch === 44 /* , */) {
      endField();
      i++;
    } else if (ch === 10 || ch === 13) {
      endField();
      rows.push(row);
      row = [];
      i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      // Unquoted run up to the next separator or line end. A whole field (most are) is looked up where it lies.
      const column = !quoted && field === "" ? columnOf(row.length) : null;
      let j = i;
      if (column && column.sharing) {
        // `textHash` of the field, worked out in the same scan that finds its end.
        let hash = 0;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          hash = (Math.imul(hash, 31) + c) | 0;
          j++;
        }
        value = column.sharedRange(text, i, j, hash);
      } else {
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        field += text.slice(i, j);
      }
      i = j;
    }
  }
  if (!atFieldStart || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** A text cell holding one of these (quote, comma, line break) is quoted. */
const QUOTED_CHARACTERS = new Uint8Array(128);
for (const c of [34, 44, 10, 13]) QUOTED_CHARACTERS[c] = 1;

/** Whether a text cell must be quoted: it holds a quote, comma or line break, or starts or ends with white space. */
function needsQuotes(value: string): boolean {
  if (startsOrEndsWithSpace(value)) return true;
  for (let i = 0; i < value.length; i++) {
    const c = codeAt.call(value, i);
    if (c < 128 && QUOTED_CHARACTERS[c]) return true;
  }
  return false;
}

function quoteField(value: string): string {
  return needsQuotes(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(row: readonly (CellValue | OutputCell)[]): string {
  let line = "";
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    if (i > 0) line += ",";
    if (cell !== null && cell !== undefined) line += quoteField(String(cell));
  }
  return line;
}

/** Writes rows of cells as CSV text (LF line ends, no BOM). */
export function formatCsvRows(rows: readonly (readonly CellValue[])[]): string {
  return rows.map(csvLine).join("\n") + "\n";
}

const COMMA = 44;
const LF = 10;

/** A row's cells as CSV: text quoted where needed, numbers as their digits. */
class CsvRow implements CellWriter {
  /** Cells written in the current row. */
  count = 0;

  constructor(private readonly out: Utf8Pieces) {}

  text(value: string | null): void {
    const out = this.out;
    if (this.count++ > 0) out.byte(COMMA);
    if (value === null || value === undefined) return;
    if (startsOrEndsWithSpace(value) || !out.textUnless(value, QUOTED_CHARACTERS)) out.text(quoteField(value));
  }

  decimal(units: number, scale: number, minPlaces: number): void {
    if (this.count++ > 0) this.out.byte(COMMA);
    this.out.decimal(units, scale, minPlaces);
  }
}

/**
 * A file's first bytes: the byte order mark by which Excel, opening a CSV file, knows it is UTF-8 (Excel's own
 * "CSV UTF-8" starts so). Without it, Excel reads the file in the computer's code page and a name such as
 * `Société` shows as `SociÃ©tÃ©`. The contract's readers take it (SPEC §6: "UTF-8, optional BOM").
 */
const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/**
 * An output table as UTF-8 CSV in pieces of at most `size` bytes, row by row: a byte order mark, the header, then
 * the cells as the engine gives them. Numbers go out as their digits (a table that writes its rows hands them over
 * as exact parts; in a table of text rows, cells of number, amount and date columns are plain decimal or
 * ISO text, workbook.ts); text cells are quoted where needed. Each piece is a buffer of its own, so a
 * consumer may hold on to it (a file write still under way, say) while the next is made, and hand it back
 * to `spare` when done with it. Without `header`, the rows alone (the rest of a file whose head is written).
 */
export function* csvPieces(
  table: OutputTable, size = 1 << 20, spare: Uint8Array[] = [], { header = true }: { header?: boolean } = {},
): Generator<Uint8Array, void, undefined> {
  const ready: Uint8Array[] = [];
  const out = new Utf8Pieces((bytes) => ready.push(bytes), size, spare);
  if (header) {
    // As bytes: as text, the mark made the header a string of two bytes a character, and such strings passing
    // through the writers made every table's write 40-60% slower (docs/performance.md, twelfth round).
    out.bytes(BOM);
    out.text(`${csvLine(table.columns.map((c) => c.name))}\n`);
  }
  const plain = table.columns.map((c) => c.kind !== "text");
  const width = plain.length;
  const rows = table.rows;
  const row = new CsvRow(out);
  for (let r = 0; r < rows.length; r++) {
    if (rows.writeRow) {
      row.count = 0;
      rows.writeRow(r, row);
    } else {
      const cells = rows.at(r) ?? [];
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[i];
        if (i > 0) out.byte(COMMA);
        if (cell === null || cell === undefined) continue;
        if (i < width && plain[i]) out.text(cell);
        else if (!startsOrEndsWithSpace(cell) && out.textUnless(cell, QUOTED_CHARACTERS)) continue;
        else out.text(quoteField(cell));
      }
    }
    out.byte(LF);
    if (ready.length > 0) {
      yield* ready;
      ready.length = 0;
    }
  }
  out.flush(true);
  yield* ready;
}

/** The same pieces handed to `emit` one by one. */
export function csvBytes(table: OutputTable, emit: (bytes: Uint8Array) => void, size = 1 << 20): void {
  for (const piece of csvPieces(table, size)) emit(piece);
}
