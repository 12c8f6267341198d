/**
 * Reading one cell as the type its column expects (SPEC §3): exact decimals from Excel numbers or
 * text like `1,000.50`, dates from Excel serials or ISO text, Yes/No in its usual spellings, ids as
 * text (Excel hands over `1` where the sheet means "1"). Each reader returns a value or a message
 * that says what is wrong and what to do.
 */
import type { CellValue } from "../workbook";
import { Decimal } from "../core/decimal";
import { DAYS_1904, excelSerialToIso, isCalendarDay, isoFromParts, type IsoDate } from "../core/dates";

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(message: string): Read<T> => ({ ok: false, message });

const EXCEL_ERROR = /^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)$/i;

/** A cell counts as empty when it holds nothing or only spaces. */
export function isEmptyCell(cell: CellValue | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

export function excelError(cell: CellValue | undefined): string | null {
  // Nearly every cell has no '#': look for one before trimming and matching.
  if (typeof cell !== "string" || cell.indexOf("#") < 0) return null;
  return EXCEL_ERROR.test(cell.trim()) ? cell.trim().toUpperCase() : null;
}

/** The cell's text for a message, at most 60 characters (whole characters: an emoji is never cut in half). */
function quote(cell: CellValue): string {
  const text = String(cell);
  if (text.length <= 60) return `'${text}'`;
  const chars = Array.from(text);
  return chars.length > 60 ? `'${chars.slice(0, 57).join("")}…'` : `'${text}'`;
}

/** Ids are text; a whole number from Excel becomes its digits ("1"), never "1.0". */
export function readId(cell: CellValue): Read<string> {
  // A blank cell is no id (not the text "null").
  if (cell === null || cell === undefined) return ok("");
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return fail(`${quote(cell)} is not a valid id`);
    return ok(Object.is(cell, -0) ? "0" : String(cell));
  }
  if (typeof cell === "boolean") return fail(`${quote(cell)} is not a valid id`);
  const error = excelError(cell);
  if (error) return fail(`the cell holds the Excel error ${error}; fix the formula or type the value`);
  return ok(String(cell).trim());
}

export function readText(cell: CellValue): Read<string> {
  const error = excelError(cell);
  if (error) return fail(`the cell holds the Excel error ${error}; fix the formula or type the value`);
  return ok(typeof cell === "number" ? String(cell) : String(cell).trim());
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
/** Thousands separated by spaces (as many locales print them): 1 234.50, with a space or a no-break space. */
const SPACE_GROUPED_NUMBER = /^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+(\.\d*)?$/;
/** Beyond this magnitude a value is no longer an amount, a price or a quantity anyone enters. */
const LIMIT = new Decimal(1e15);

export function readDecimal(cell: CellValue): Read<Decimal> {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return fail(`${quote(cell)} is not a number`);
    // Excel keeps 15 significant digits and shows them: a formula's cached 0.08499999999999999 is the 0.085
    // the user sees, and 0.1 stays 0.1 (never 0.1000000000000000055).
    const value = new Decimal(cell.toPrecision(15));
    return checkRange(value.isZero() ? new Decimal(0) : value, cell);
  }
  if (typeof cell === "boolean") return fail(`${quote(cell)} is not a number`);
  const error = excelError(cell);
  if (error) return fail(`the cell holds the Excel error ${error}; fix the formula or type a number`);
  let text = String(cell).trim();
  const plain = Decimal.fromPlainText(text);
  if (plain) return checkRange(plain, cell);
  let negative = false;
  // Accounting notation: (1,000.00) is -1,000.00.
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  // Thousands separators only where they group thousands: '1,00.5' or '2 5' stay errors.
  if (GROUPED_NUMBER.test(text)) text = text.replace(/,/g, "");
  else if (SPACE_GROUPED_NUMBER.test(text)) text = text.replace(/[ \u00a0\u202f]/g, "");
  if (!PLAIN_NUMBER.test(text)) return fail(`${quote(cell)} is not a number; type digits with '.' for decimals, e.g. 1000.50 or 1,000.50`);
  let value = new Decimal(text);
  if (negative) value = value.negated();
  if (value.isZero()) value = new Decimal(0);
  return checkRange(value, cell);
}

function checkRange(value: Decimal, cell: CellValue): Read<Decimal> {
  if (value.abs().gte(LIMIT)) return fail(`${quote(cell)} is too large; amounts, prices, quantities and rates must stay below 10^15`);
  return ok(value);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function readDate(cell: CellValue, date1904 = false): Read<IsoDate> {
  if (typeof cell === "number") {
    const iso = excelSerialToIso(date1904 ? cell + DAYS_1904 : cell);
    return iso ? ok(iso) : fail(`${quote(cell)} is not a date Excel can hold`);
  }
  if (typeof cell === "boolean") return fail(`${quote(cell)} is not a date`);
  const error = excelError(cell);
  if (error) return fail(`the cell holds the Excel error ${error}; fix the formula or type a date`);
  const text = String(cell).trim();
  const known = DATE_TEXT.get(text);
  if (known) return known;
  const match = ISO_DATE.exec(text);
  let result: Read<IsoDate>;
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    result = isCalendarDay(y, m, d) ? ok(isoFromParts(y, m, d)) : fail(`${quote(cell)} is not a calendar day`);
    // A sheet holds few distinct dates and many rows: remember what each text reads as.
    if (DATE_TEXT.size < 100_000) DATE_TEXT.set(text, result);
    return result;
  }
  return fail(`${quote(cell)} is not a date; use an Excel date or YYYY-MM-DD text`);
}

const DATE_TEXT = new Map<string, Read<IsoDate>>();

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

export function readYesNo(cell: CellValue): Read<boolean> {
  if (typeof cell === "boolean") return ok(cell);
  if (typeof cell === "number") {
    if (cell === 1) return ok(true);
    if (cell === 0) return ok(false);
  }
  const text = String(cell).trim().toLowerCase();
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail(`${quote(cell)} is not Yes or No`);
}

/** Compares names the way the workbook contract does: case-insensitive, ignoring spaces, `_` and `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

export function readChoice<T extends string>(cell: CellValue, choices: readonly T[], codes?: ReadonlyMap<string, T>): Read<T> {
  const text = typeof cell === "number" ? String(cell) : String(cell ?? "").trim();
  const key = normalizeName(text);
  for (const choice of choices) if (normalizeName(choice) === key) return ok(choice);
  const coded = codes?.get(text);
  if (coded) return ok(coded);
  return fail(`${quote(cell)} is not one of: ${choices.join(", ")}`);
}
