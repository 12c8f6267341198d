/**
 * The integration journal's lines (integration-journal.ts makes them): a store of rows of numbers and references,
 * read by line index, with no object per line.
 */
import { Decimal, ZERO } from "../core/decimal";
import type { Dimensions } from "../1-parse/dimensions";
import type { Category, Contract, ProjectGroup, Transaction, TransactionType } from "../1-parse/model";
import { TRANSACTION_TYPES } from "../1-parse/schema";
import type { AppliedRate } from "./currency";
import type { JournalPosting } from "./journal-posting";

export type JournalLineType = "Cost" | "Sales";
export type JournalLineStatus = "Posted" | "Blocked";

/** One journal line as an object (`IntegrationJournal.line`), for tests. */
export interface IntegrationJournalLine {
  readonly journal: string;
  readonly line: number;
  /** Set when posting creates a voucher for the line (its number is `posting.number`). */
  readonly posting: JournalPosting | null;
  readonly status: JournalLineStatus;
  readonly transaction: Transaction;
  readonly lineType: JournalLineType;
  readonly price: Decimal;
  readonly amount: Decimal;
  readonly currency: string;
  readonly rate: AppliedRate | null;
  readonly accountingAmount: Decimal | null;
  readonly salesTaxGroup: string | null;
  readonly itemSalesTaxGroup: string | null;
  readonly dimensions: Dimensions;
  /** What posting needs to know; null where the workbook does not say. */
  readonly contract: Contract | null;
  readonly projectGroup: ProjectGroup | null;
  readonly transactionType: TransactionType | null;
}

/** What a line knows of its transaction's project: its contract and project group (null where the workbook does not say). */
export interface LineContext {
  readonly contract: Contract | null;
  readonly group: ProjectGroup | null;
}

/** A line's flags: an unbilled-sales line (else a cost line), blocked (else posted), and its transaction type's code above them. */
const SALES = 1;
const BLOCKED = 2;
const TYPE_SHIFT = 2;
/** Code 0 is no type (the category is unknown); the schema's types follow. */
const TYPES_BY_CODE: readonly (TransactionType | null)[] = [null, ...TRANSACTION_TYPES];
const TYPE_CODES = new Map(TYPES_BY_CODE.map((type, code) => [type, code]));
/** A scale that says the amount is not in the columns: a wide value kept aside, or none. */
const WIDE = -1;
const NONE = -2;

/** A line's numbers: four per line, side by side (`numbers`). */
const NUMBERS = 4;
const AMOUNT_UNITS = 0;
const ACCOUNTING_UNITS = 1;
const TRANSACTION_AT = 2;
/** The flags in the low byte, then the amount's scale and the accounting amount's, each plus two (so WIDE and NONE fit a byte). */
const META = 3;
/** A line's references: six per line, side by side (`references`). */
const REFERENCES = 6;
const CONTEXT = 0;
const RATE = 1;
const SALES_TAX_GROUP = 2;
const ITEM_SALES_TAX_GROUP = 3;
const DIMENSIONS = 4;
const POSTING = 5;

/**
 * The integration journal's lines as rows of two arrays and no object per line: a line's numbers (amounts as
 * units, the transaction's index, flags and scales) side by side in a Float64Array, and its references to shared
 * records (project context, rate, tax groups, dimensions, posting) side by side in one array. A full sheet has two
 * million lines; as objects they and their amounts were the largest population in memory. A line's parts lie
 * together because invoicing reads lines out of order (a pro-forma's lines are anywhere in the journal): one line
 * read there costs one or two cache lines, where a column per part cost one each. Readers ask by line index;
 * amounts are made when asked for, young and short-lived.
 */
export class IntegrationJournal {
  private count = 0;
  private readonly numbers: Float64Array;
  // Made at its full length, not grown line by line (growing copies it as it passes each size).
  private readonly references: unknown[];
  /** Amounts that do not fit the numbers (`WIDE`), by line index. */
  private readonly wideAmounts = new Map<number, Decimal>();
  private readonly wideAccounting = new Map<number, Decimal>();
  /** The journal of a line (an index into `journals`) and its number within that journal: read in journal order only. */
  private readonly journalIndex: Int32Array;
  private readonly lineNumbers: Int32Array;
  private readonly journals: string[] = [];
  /** The amounts made last, and their lines: a voucher's two lines ask for the same ones. */
  private lastAmountOf = -1;
  private lastAmount: Decimal = ZERO;
  private lastAccountingOf = -1;
  private lastAccounting: Decimal | null = null;

  /** Room for `capacity` lines of `transactions`; cost lines are in `accountingCurrency`. */
  constructor(readonly transactions: readonly Transaction[], private readonly accountingCurrency: string, private readonly capacity: number) {
    this.numbers = new Float64Array(capacity * NUMBERS);
    this.references = new Array<unknown>(capacity * REFERENCES).fill(null);
    this.journalIndex = new Int32Array(capacity);
    this.lineNumbers = new Int32Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Adds a line of the transaction at `transactionAt` (its index in the sheet's records). */
  add(
    transactionAt: number, context: LineContext | null, category: Category | undefined, sales: boolean, blocked: boolean, amount: Decimal,
    rate: AppliedRate | null, accountingAmount: Decimal | null, salesTaxGroup: string | null, itemSalesTaxGroup: string | null, dimensions: Dimensions,
  ): void {
    if (this.count === this.capacity) throw new Error(`the integration journal has room for ${this.count} lines, not more`);
    const type = TYPE_CODES.get(category?.transactionType ?? null);
    if (type === undefined) throw new Error(`transaction type '${category?.transactionType}' has no code in the integration journal`);
    const i = this.count++;
    const n = i * NUMBERS;
    const flags = (sales ? SALES : 0) | (blocked ? BLOCKED : 0) | (type << TYPE_SHIFT);
    const amountScale = this.put(amount, n + AMOUNT_UNITS, i, this.wideAmounts);
    const accountingScale = accountingAmount === null ? NONE : this.put(accountingAmount, n + ACCOUNTING_UNITS, i, this.wideAccounting);
    this.numbers[n + TRANSACTION_AT] = transactionAt;
    this.numbers[n + META] = flags | ((amountScale + 2) << 8) | ((accountingScale + 2) << 16);
    const r = i * REFERENCES;
    this.references[r + CONTEXT] = context;
    this.references[r + RATE] = rate;
    this.references[r + SALES_TAX_GROUP] = salesTaxGroup;
    this.references[r + ITEM_SALES_TAX_GROUP] = itemSalesTaxGroup;
    this.references[r + DIMENSIONS] = dimensions;
  }

  /** Puts `value`'s units at `at` of the numbers and gives its scale; a value with no fast form goes aside (`WIDE`). */
  private put(value: Decimal, at: number, line: number, wide: Map<number, Decimal>): number {
    const fast = value.fastUnits;
    // A scale must fit its byte of META (plus two); the fast form's are at most 15, so this only guards the packing.
    if (Number.isNaN(fast) || value.fastScale > 253) {
      wide.set(line, value);
      return WIDE;
    }
    this.numbers[at] = fast;
    return value.fastScale;
  }

  /** Lines `first` to the last one added make up journal `journal`, numbered from 1. */
  closeJournal(first: number, journal: string): void {
    const index = this.journals.push(journal) - 1;
    for (let i = first; i < this.count; i++) {
      this.journalIndex[i] = index;
      this.lineNumbers[i] = i - first + 1;
    }
  }

  private flags(i: number): number {
    return this.numbers[i * NUMBERS + META] & 0xff;
  }
  private context(i: number): LineContext | null {
    return this.references[i * REFERENCES + CONTEXT] as LineContext | null;
  }

  transaction(i: number): Transaction {
    return this.transactions[this.numbers[i * NUMBERS + TRANSACTION_AT]];
  }
  /** The index of line `i`'s transaction in `transactions`. */
  transactionIndex(i: number): number {
    return this.numbers[i * NUMBERS + TRANSACTION_AT];
  }
  isSales(i: number): boolean {
    return (this.flags(i) & SALES) !== 0;
  }
  lineType(i: number): JournalLineType {
    return this.flags(i) & SALES ? "Sales" : "Cost";
  }
  isPosted(i: number): boolean {
    return (this.flags(i) & BLOCKED) === 0;
  }
  status(i: number): JournalLineStatus {
    return this.flags(i) & BLOCKED ? "Blocked" : "Posted";
  }
  /** The line cannot post after all (posting found no account for it). */
  block(i: number): void {
    this.numbers[i * NUMBERS + META] = this.numbers[i * NUMBERS + META] | BLOCKED;
  }
  transactionType(i: number): TransactionType | null {
    return TYPES_BY_CODE[this.flags(i) >> TYPE_SHIFT];
  }
  /** The transaction's cost price for a cost line, its sales price for a sales line. */
  price(i: number): Decimal {
    const t = this.transaction(i);
    return this.flags(i) & SALES ? (t.salesPrice as Decimal) : t.costPrice;
  }
  /** The amount; asked for again for the same line (a voucher's two lines), the same object. */
  amount(i: number): Decimal {
    if (i !== this.lastAmountOf) {
      const scale = this.amountScaleAt(i);
      this.lastAmount = scale === WIDE ? (this.wideAmounts.get(i) as Decimal) : Decimal.fromFast(this.numbers[i * NUMBERS + AMOUNT_UNITS], scale);
      this.lastAmountOf = i;
    }
    return this.lastAmount;
  }
  /** The amount's units at `amountScaleAt` decimals (`Decimal.fastUnits`), without making it; NaN when it is a wide value (`amount` gives it). */
  amountUnitsAt(i: number): number {
    return this.amountScaleAt(i) === WIDE ? NaN : this.numbers[i * NUMBERS + AMOUNT_UNITS];
  }
  amountScaleAt(i: number): number {
    return ((this.numbers[i * NUMBERS + META] >> 8) & 0xff) - 2;
  }
  /** Whether the amount is zero, without making it. */
  amountIsZero(i: number): boolean {
    return this.amountScaleAt(i) === WIDE ? (this.wideAmounts.get(i) as Decimal).isZero() : this.numbers[i * NUMBERS + AMOUNT_UNITS] === 0;
  }
  /** Null when the line has no rate to convert it. */
  accountingAmount(i: number): Decimal | null {
    if (i !== this.lastAccountingOf) {
      const scale = this.accountingScaleAt(i);
      this.lastAccounting =
        scale === NONE ? null : scale === WIDE ? (this.wideAccounting.get(i) as Decimal) : Decimal.fromFast(this.numbers[i * NUMBERS + ACCOUNTING_UNITS], scale);
      this.lastAccountingOf = i;
    }
    return this.lastAccounting;
  }
  /** The accounting amount's units at `accountingScaleAt` decimals, without making it; NaN when there is none or it is wide (`accountingAmount` tells). */
  accountingUnitsAt(i: number): number {
    return this.accountingScaleAt(i) < 0 ? NaN : this.numbers[i * NUMBERS + ACCOUNTING_UNITS];
  }
  accountingScaleAt(i: number): number {
    return ((this.numbers[i * NUMBERS + META] >> 16) & 0xff) - 2;
  }
  /** The accounting currency for a cost line; the contract's currency (none without a contract) for a sales line. */
  currency(i: number): string {
    return this.flags(i) & SALES ? (this.context(i)?.contract?.currency ?? "") : this.accountingCurrency;
  }
  rate(i: number): AppliedRate | null {
    return this.references[i * REFERENCES + RATE] as AppliedRate | null;
  }
  salesTaxGroup(i: number): string | null {
    return this.references[i * REFERENCES + SALES_TAX_GROUP] as string | null;
  }
  itemSalesTaxGroup(i: number): string | null {
    return this.references[i * REFERENCES + ITEM_SALES_TAX_GROUP] as string | null;
  }
  dimensions(i: number): Dimensions {
    return this.references[i * REFERENCES + DIMENSIONS] as Dimensions;
  }
  contract(i: number): Contract | null {
    return this.context(i)?.contract ?? null;
  }
  projectGroup(i: number): ProjectGroup | null {
    return this.context(i)?.group ?? null;
  }
  journal(i: number): string {
    return this.journals[this.journalIndex[i]];
  }
  lineNumber(i: number): number {
    return this.lineNumbers[i];
  }
  /** The voucher posting made for the line, if any. */
  posting(i: number): JournalPosting | null {
    return this.references[i * REFERENCES + POSTING] as JournalPosting | null;
  }
  setPosting(i: number, posting: JournalPosting): void {
    this.references[i * REFERENCES + POSTING] = posting;
  }

  /** Line `i` as an object of its own. */
  line(i: number): IntegrationJournalLine {
    return {
      journal: this.journal(i), line: this.lineNumber(i), posting: this.posting(i), status: this.status(i), transaction: this.transaction(i),
      lineType: this.lineType(i), price: this.price(i), amount: this.amount(i), currency: this.currency(i), rate: this.rate(i),
      accountingAmount: this.accountingAmount(i), salesTaxGroup: this.salesTaxGroup(i), itemSalesTaxGroup: this.itemSalesTaxGroup(i),
      dimensions: this.dimensions(i), contract: this.contract(i), projectGroup: this.projectGroup(i), transactionType: this.transactionType(i),
    };
  }

  /** Every line as an object, in journal order. */
  lines(): IntegrationJournalLine[] {
    const lines: IntegrationJournalLine[] = [];
    for (let i = 0; i < this.count; i++) lines.push(this.line(i));
    return lines;
  }
}
