/**
 * The posted integration journal as columns, for writing on another thread: numbers as units and scale in
 * typed arrays, texts as indexes into tables of the distinct texts, transaction ids as one list. `recordJournal`
 * makes them from the engine's journal (once per transaction, per line and per voucher, not per output cell);
 * they go to a worker whole (the typed arrays shared, the text tables copied once), where `journalTables`
 * gives back the IntegrationJournal table and the journal vouchers' rows of GLVouchers: the same cells, in the
 * same order, as the engine's `integrationJournalTable` and `glVoucherTable` give for them, so that the same CSV
 * writer makes the same bytes of them.
 */
import { Decimal } from "../../engine/core/decimal";
import type { Dimensions } from "../../engine/1-parse/dimensions";
import type { AppliedRate } from "../../engine/2-rules/currency";
import type { Account } from "../../engine/2-rules/posting-setup";
import type { PostedJournal } from "../../engine";
import { JOURNAL_VOUCHERS } from "../../engine/2-rules/journal-posting";
import { glVoucherColumns, integrationJournalColumns } from "../../engine/4-output/tables";
import { sequenceText } from "../../engine/3-ledger/voucher";
import { writtenRows, type CellWriter, type OutputColumn, type OutputTable } from "../../engine/workbook";

/** A number column's scale that says the cell is empty, or that the value is kept as text (`NumberColumn.wide`). */
const COLUMN_EMPTY = -1;
const COLUMN_WIDE = -2;

/** A journal voucher's rows in GLVouchers: its debit, then its credit. */
export const JOURNAL_VOUCHER_ROWS = 2;

/** Exact numbers by row: units at `scales` decimals; a value with no fast form as its text in `wide`. */
export interface NumberColumn {
  readonly units: Float64Array;
  readonly scales: Int8Array;
  readonly wide: Map<number, string>;
}

function numberColumn(length: number, space: Arena): NumberColumn {
  return { units: space.float64(length), scales: space.int8(length), wide: new Map() };
}

/**
 * Typed arrays cut one after another out of a single shared buffer of `bytes` (each at a multiple of its element's
 * size, so `bytes` allows up to 7 bytes of padding per array). Memory outside the heap makes V8 start a full
 * collection when it grows past a limit, which costs a few hundred milliseconds on the engine's heap at a full
 * sheet: thirty buffers started three, one `ArrayBuffer` one, one `SharedArrayBuffer` none (`--trace-gc`). Shared,
 * the buffer also goes to the worker without a copy or a transfer; this thread no longer writes it once it is handed
 * over.
 */
class Arena {
  readonly buffer: SharedArrayBuffer;
  private at = 0;

  constructor(bytes: number) {
    this.buffer = new SharedArrayBuffer(bytes);
  }

  private take(length: number, size: number): number {
    const at = Math.ceil(this.at / size) * size;
    if (at + length * size > this.buffer.byteLength) throw new Error("the journal's record does not fit its buffer");
    this.at = at + length * size;
    return at;
  }
  float64(length: number): Float64Array {
    return new Float64Array(this.buffer, this.take(length, 8), length);
  }
  int32(length: number): Int32Array {
    return new Int32Array(this.buffer, this.take(length, 4), length);
  }
  int8(length: number): Int8Array {
    return new Int8Array(this.buffer, this.take(length, 1), length);
  }
  uint8(length: number): Uint8Array {
    return new Uint8Array(this.buffer, this.take(length, 1), length);
  }
}

function putNumber(column: NumberColumn, row: number, value: Decimal | null): void {
  if (value === null) column.scales[row] = COLUMN_EMPTY;
  else if (Number.isNaN(value.fastUnits)) {
    column.scales[row] = COLUMN_WIDE;
    column.wide.set(row, value.toString());
  } else {
    column.units[row] = value.fastUnits;
    column.scales[row] = value.fastScale;
  }
}

/** As `Decimal.writePlain` writes the value. */
function writeNumber(column: NumberColumn, row: number, to: CellWriter, minPlaces: number, negated = false): void {
  const scale = column.scales[row];
  if (scale === COLUMN_EMPTY) to.text(null);
  else if (scale === COLUMN_WIDE) new Decimal(column.wide.get(row) as string).writePlain(to, minPlaces, negated);
  else {
    const units = column.units[row];
    to.decimal(negated && units !== 0 ? -units : units, scale, minPlaces);
  }
}

/** Distinct texts, each given an index once; null is -1. */
class TextTable {
  readonly texts: string[] = [];
  private readonly indexes = new Map<string, number>();

  of(text: string | null): number {
    if (text === null) return -1;
    let index = this.indexes.get(text);
    if (index === undefined) {
      index = this.texts.push(text) - 1;
      this.indexes.set(text, index);
    }
    return index;
  }

  /** `of` for one column, remembering the text met last: rows in a row often repeat it. */
  column(): (text: string | null) => number {
    let last: string | null = null;
    let lastIndex = -1;
    return (text) => {
      if (text !== last) {
        lastIndex = this.of(text);
        last = text;
      }
      return lastIndex;
    };
  }
}

/** Distinct objects (rates, dimension sets), each given an index once, remembering the one met last. */
class ObjectIndex<T extends object> {
  readonly objects: T[] = [];
  private readonly indexes = new Map<T, number>();
  private last: T | null = null;
  private lastIndex = -1;

  of(object: T | null): number {
    if (object === null) return -1;
    if (object === this.last) return this.lastIndex;
    let index = this.indexes.get(object);
    if (index === undefined) {
      index = this.objects.push(object) - 1;
      this.indexes.set(object, index);
    }
    this.last = object;
    this.lastIndex = index;
    return index;
  }
}

/** A journal line's flags. */
const SALES = 1;
const BLOCKED = 2;

/** The posted journal as columns (structured-clonable; its typed arrays lie in shared buffers, which a copy shares). */
export interface JournalRecord {
  readonly integrationJournalColumns: readonly OutputColumn[];
  readonly glVoucherColumns: readonly OutputColumn[];
  readonly texts: readonly string[];
  /** Per transaction. */
  readonly ids: readonly string[];
  readonly project: Int32Array;
  readonly category: Int32Array;
  readonly resource: Int32Array;
  readonly date: Int32Array;
  readonly quantity: NumberColumn;
  readonly costPrice: NumberColumn;
  readonly salesPrice: NumberColumn;
  /** Per journal line. */
  readonly transaction: Int32Array;
  readonly flags: Uint8Array;
  /** The line's journal, as a text index. */
  readonly journalName: Int32Array;
  readonly lineNumber: Int32Array;
  /** The line's voucher's serial (`JOURNAL_VOUCHERS`), 0 for none. */
  readonly serial: Int32Array;
  readonly amount: NumberColumn;
  readonly currency: Int32Array;
  /** An index into `rates`, -1 for none. */
  readonly rate: Int32Array;
  readonly accountingAmount: NumberColumn;
  readonly salesTaxGroup: Int32Array;
  readonly itemSalesTaxGroup: Int32Array;
  /** An index into `dimensionCells`. */
  readonly dimensions: Int32Array;
  /** The shown rate of each distinct rate. */
  readonly rates: NumberColumn;
  /** The `Dim …` cells of each distinct set of dimensions, in the columns' order. */
  readonly dimensionCells: readonly (readonly (string | null)[])[];
  /** Per journal voucher, in GLVouchers' order: its journal line, and its accounts (an index into `accounts`). */
  readonly voucherLine: Int32Array;
  readonly voucherAccounts: Int32Array;
  /** Per pair of accounts: debit main account, name and posting type, then the credit's, as text indexes. */
  readonly accounts: readonly (readonly number[])[];
}

/** The journal and its vouchers as columns. */
export function recordJournal({ journal, vouchers, dimensions }: PostedJournal): JournalRecord {
  const texts = new TextTable();
  const transactions = journal.transactions;
  const t = transactions.length;
  const n = journal.length;
  const v = vouchers.length;
  // Five number columns (units and scales), 15 index columns, the flags; up to 7 bytes of padding before each.
  const space = new Arena(9 * (3 * t + 2 * n) + 4 * (4 * t + 9 * n + 2 * v) + n + 7 * 26);
  const quantity = numberColumn(t, space);
  const costPrice = numberColumn(t, space);
  const salesPrice = numberColumn(t, space);
  const amount = numberColumn(n, space);
  const accountingAmount = numberColumn(n, space);
  const ids: string[] = new Array<string>(t);
  const project = space.int32(t);
  const category = space.int32(t);
  const resource = space.int32(t);
  const date = space.int32(t);
  for (let i = 0; i < t; i++) {
    const x = transactions[i];
    ids[i] = x.id;
    project[i] = texts.of(x.project);
    category[i] = texts.of(x.category);
    resource[i] = texts.of(x.resource);
    date[i] = texts.of(x.date);
    putNumber(quantity, i, x.quantity);
    putNumber(costPrice, i, x.costPrice);
    putNumber(salesPrice, i, x.salesPrice);
  }

  const [transaction, journalName, lineNumber, serial, currency, rate, salesTaxGroup, itemSalesTaxGroup, dimensionIndex] =
    Array.from({ length: 9 }, () => space.int32(n));
  const [voucherLine, voucherAccounts] = [space.int32(v), space.int32(v)];
  const flags = space.uint8(n);
  const rates = new ObjectIndex<AppliedRate>();
  const dimensionSets = new ObjectIndex<Dimensions>();
  const journalText = texts.column();
  const currencyText = texts.column();
  const taxGroupText = texts.column();
  const itemTaxGroupText = texts.column();
  for (let i = 0; i < n; i++) {
    transaction[i] = journal.transactionIndex(i);
    flags[i] = (journal.isSales(i) ? SALES : 0) | (journal.isPosted(i) ? 0 : BLOCKED);
    journalName[i] = journalText(journal.journal(i));
    lineNumber[i] = journal.lineNumber(i);
    const units = journal.amountUnitsAt(i);
    if (Number.isNaN(units)) putNumber(amount, i, journal.amount(i));
    else {
      amount.units[i] = units;
      amount.scales[i] = journal.amountScaleAt(i);
    }
    const accountingUnits = journal.accountingUnitsAt(i);
    if (Number.isNaN(accountingUnits)) putNumber(accountingAmount, i, journal.accountingAmount(i));
    else {
      accountingAmount.units[i] = accountingUnits;
      accountingAmount.scales[i] = journal.accountingScaleAt(i);
    }
    currency[i] = currencyText(journal.currency(i));
    rate[i] = rates.of(journal.rate(i));
    salesTaxGroup[i] = taxGroupText(journal.salesTaxGroup(i));
    itemSalesTaxGroup[i] = itemTaxGroupText(journal.itemSalesTaxGroup(i));
    dimensionIndex[i] = dimensionSets.of(journal.dimensions(i));
  }

  const shownRates = numberColumn(rates.objects.length, new Arena(9 * rates.objects.length + 8));
  rates.objects.forEach((r, i) => putNumber(shownRates, i, r.shown));
  const keys = dimensions.columns().map((d) => d.key);
  const dimensionCells = dimensionSets.objects.map((set) => keys.map((key) => set.get(key) ?? null));

  // The pairs of accounts met (a handful: one per posting rule), found by their account objects and posting types.
  const pairs: { debit: Account; credit: Account; debitType: string; creditType: string }[] = [];
  const accounts: number[][] = [];
  for (let k = 0; k < v; k++) {
    const voucher = vouchers[k];
    if (voucher.lineCount !== JOURNAL_VOUCHER_ROWS) throw new Error(`journal voucher ${voucher.number} has ${voucher.lineCount} lines, not ${JOURNAL_VOUCHER_ROWS}`);
    voucherLine[k] = voucher.journalLine;
    // Read here, in the vouchers' order, rather than through each line's posting.
    serial[voucher.journalLine] = voucher.serial;
    const debit = voucher.account(0);
    const credit = voucher.account(1);
    const debitType = voucher.postingType(0);
    const creditType = voucher.postingType(1);
    let index = 0;
    while (index < pairs.length) {
      const p = pairs[index];
      if (p.debit === debit && p.credit === credit && p.debitType === debitType && p.creditType === creditType) break;
      index++;
    }
    if (index === pairs.length) {
      pairs.push({ debit, credit, debitType, creditType });
      accounts.push([debit.mainAccount, debit.accountName, debitType, credit.mainAccount, credit.accountName, creditType].map((part) => texts.of(part)));
    }
    voucherAccounts[k] = index;
  }

  return {
    integrationJournalColumns: integrationJournalColumns(dimensions), glVoucherColumns: glVoucherColumns(dimensions), texts: texts.texts,
    ids, project, category, resource, date, quantity, costPrice, salesPrice,
    transaction, flags, journalName, lineNumber, serial, amount, currency, rate, accountingAmount, salesTaxGroup, itemSalesTaxGroup,
    dimensions: dimensionIndex, rates: shownRates, dimensionCells, voucherLine, voucherAccounts, accounts,
  };
}

/** The IntegrationJournal table, and the first rows of GLVouchers (the journal vouchers'), from a record. */
export function journalTables(r: JournalRecord): { integrationJournal: OutputTable; journalVouchers: OutputTable } {
  const texts = r.texts;
  const text = (index: number) => (index < 0 ? null : texts[index]);
  const dimensionCells = (to: CellWriter, set: number) => {
    const cells = r.dimensionCells[set];
    for (let i = 0; i < cells.length; i++) to.text(cells[i]);
  };
  const voucherNumber = (serial: number) => sequenceText(JOURNAL_VOUCHERS, serial);

  const integrationJournal: OutputTable = {
    name: "IntegrationJournal",
    columns: r.integrationJournalColumns,
    rows: writtenRows(r.transaction.length, (i, to) => {
      const t = r.transaction[i];
      const sales = (r.flags[i] & SALES) !== 0;
      const rate = r.rate[i];
      to.text(text(r.journalName[i]));
      to.decimal(r.lineNumber[i], 0, 0);
      to.text(r.serial[i] === 0 ? null : voucherNumber(r.serial[i]));
      to.text(r.ids[t]);
      to.text(text(r.project[t]));
      to.text(text(r.category[t]));
      to.text(sales ? "Sales" : "Cost");
      to.text(text(r.resource[t]));
      to.text(text(r.date[t]));
      writeNumber(r.quantity, t, to, 0);
      writeNumber(sales ? r.salesPrice : r.costPrice, t, to, 0);
      writeNumber(r.amount, i, to, 2);
      to.text(text(r.currency[i]));
      if (rate < 0) to.text(null);
      else writeNumber(r.rates, rate, to, 0);
      writeNumber(r.accountingAmount, i, to, 2);
      to.text(text(r.salesTaxGroup[i]));
      to.text(text(r.itemSalesTaxGroup[i]));
      to.text(r.flags[i] & BLOCKED ? "Blocked" : "Posted");
      dimensionCells(to, r.dimensions[i]);
    }),
  };

  // A voucher's two rows follow one another: its number is made once.
  let current = -1;
  let currentNumber = "";
  const journalVouchers: OutputTable = {
    name: "GLVouchers",
    columns: r.glVoucherColumns,
    rows: writtenRows(JOURNAL_VOUCHER_ROWS * r.voucherLine.length, (row, to) => {
      const k = (row / JOURNAL_VOUCHER_ROWS) | 0;
      const credit = row % JOURNAL_VOUCHER_ROWS === 1;
      const line = r.voucherLine[k];
      const t = r.transaction[line];
      if (k !== current) {
        current = k;
        currentNumber = voucherNumber(r.serial[line]);
      }
      const accounts = r.accounts[r.voucherAccounts[k]];
      const rate = r.rate[line];
      to.text(currentNumber);
      to.text(text(r.date[t]));
      to.text("Journal");
      to.text(r.ids[t]);
      const at = credit ? 3 : 0;
      to.text(text(accounts[at]));
      to.text(text(accounts[at + 1]));
      to.text(text(accounts[at + 2]));
      to.text(text(r.project[t]));
      to.text(text(r.currency[line]));
      writeNumber(r.amount, line, to, 2, credit);
      if (rate < 0) to.text(null);
      else writeNumber(r.rates, rate, to, 0);
      writeNumber(r.accountingAmount, line, to, 2, credit);
      dimensionCells(to, r.dimensions[line]);
    }),
  };
  return { integrationJournal, journalVouchers };
}
