/**
 * The Project Operations integration journal (SPEC §4, DOMAIN.md §2): each transaction gives a cost
 * line and, when billable with a sales price on a time-and-material contract line, an unbilled-sales
 * line, with its exchange rate, tax groups and dimensions. Posting is in journal-posting.ts.
 */
import { Decimal, ZERO } from "../core/decimal";
import { roundTo } from "../core/money";
import type { IsoDate } from "../core/dates";
import { SheetOrderIssues, type IssueLog, type IssueSink } from "../core/issues";
import { mergeDimensions, type Dimensions } from "../1-parse/dimensions";
import { contractLineKey, missingReference, type ParsedWorkbook } from "../1-parse/read-workbook";
import type { Category, Contract, ContractLine, JournalPeriod, Project, ProjectGroup, Transaction, TransactionType } from "../1-parse/model";
import { SAME_CURRENCY, currencyProblem, currencyRounding, rateProblem, resolveExchangeRate, toAccountingAmount, type AppliedRate, type RateTable } from "./currency";
import { defaultItemSalesTaxGroup, defaultSalesTaxGroup } from "./tax-groups";
import { TRANSACTION_TYPES } from "../1-parse/schema";
import { NumberSequence } from "../3-ledger/voucher";
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

/** What the rules know about a transaction's project, resolved once per project. */
interface ProjectContext {
  readonly project: Project;
  readonly group: ProjectGroup | null;
  readonly contract: Contract | null;
  /** The contract's lines by line id, and transaction dimensions merged over the project's, as first asked. */
  readonly contractLines: Map<string, ContractLine | null>;
  readonly merged: Map<Dimensions, Dimensions>;
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
  constructor(private readonly transactions: readonly Transaction[], private readonly accountingCurrency: string, private readonly capacity: number) {
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
    transactionAt: number, context: ProjectContext | null, category: Category | undefined, sales: boolean, blocked: boolean, amount: Decimal,
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
  private context(i: number): ProjectContext | null {
    return this.references[i * REFERENCES + CONTEXT] as ProjectContext | null;
  }

  transaction(i: number): Transaction {
    return this.transactions[this.numbers[i * NUMBERS + TRANSACTION_AT]];
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

/**
 * The journal lines of every transaction, in journal order. Transactions are worked through journal by journal,
 * so that the lines are made in the order posting and the writers read them; issues still come out in sheet
 * order, as if the transactions had been worked through one after another (`SheetOrderIssues`).
 */
export function buildIntegrationJournal(book: ParsedWorkbook, rates: RateTable, log: IssueLog): IntegrationJournal {
  const issues = new SheetOrderIssues(log);
  const sheet = book.sheets.get("Transactions") ?? "Transactions";
  const projectsSheet = book.sheets.get("Projects") ?? "Projects";
  const accounting = book.parameters.accountingCurrency;
  const accountingRounding = currencyRounding(book, accounting);
  const accountingProblem = currencyProblem(book, accounting);
  const contexts = new Map<string, ProjectContext | null>();

  /** The context of a transaction's project id; null when Projects does not list it. */
  const projectContext = (id: string): ProjectContext | null => {
    let context = contexts.get(id);
    if (context === undefined) {
      const project = book.projects.get(id);
      context = null;
      if (project) {
        const group = book.projectGroups.get(project.projectGroup) ?? null;
        const contract = book.contracts.get(project.contract) ?? null;
        context = { project, group, contract, contractLines: new Map(), merged: new Map() };
      }
      contexts.set(id, context);
    }
    // Reported at the project's first transaction in the sheet, whichever journal meets the project first.
    if (context && !context.group) {
      const { project } = context;
      issues.first(`project-group:${project.id}`, "Error", projectsSheet, project.row, "Project group", `Project ${project.id} has project group '${project.projectGroup}', which ProjectGroups does not list; its transactions are blocked`);
    }
    return context;
  };
  const contractLineOf = (context: ProjectContext, contract: Contract, line: string): ContractLine | null => {
    let found = context.contractLines.get(line);
    if (found === undefined) context.contractLines.set(line, (found = book.contractLines.get(contractLineKey(contract.id, line)) ?? null));
    return found;
  };
  const dimensionsOf = (t: Transaction, context: ProjectContext | null): Dimensions => {
    if (!context) return t.dimensions;
    if (!t.dimensions.size) return context.project.dimensions;
    let merged = context.merged.get(t.dimensions);
    if (!merged) context.merged.set(t.dimensions, (merged = mergeDimensions(context.project.dimensions, t.dimensions)));
    return merged;
  };

  // A transaction makes at most two lines.
  const journal = new IntegrationJournal(book.transactions, accounting, 2 * book.transactions.length);
  const { order, starts } = journalOrder(book.transactions, book.parameters.journalPeriod);
  const journals = new NumberSequence("IJ");
  for (let j = 0; j + 1 < starts.length; j++) {
    const first = journal.length;
    for (let k = starts[j]; k < starts[j + 1]; k++) {
      issues.at(order[k]);
      transactionLines(order[k]);
    }
    // A period whose transactions make no line has no journal.
    if (journal.length !== first) journal.closeJournal(first, journals.take());
  }
  issues.flush();
  return journal;

  /** Adds the cost line and unbilled-sales line of the transaction at `index`, as far as it has them. */
  function transactionLines(index: number): void {
    const t = book.transactions[index];
    const context = projectContext(t.project);
    if (!context) issues.error(sheet, t.row, "Project", missingReference(book, "Projects", "project", t.project, "add it to Projects or correct the transaction"));
    const category = book.categories.get(t.category);
    if (!category) issues.error(sheet, t.row, "Category", missingReference(book, "Categories", "category", t.category, "add it to Categories or correct the transaction"));
    const blocked = !context || !context.group || !category;
    const dimensions = dimensionsOf(t, context);

    const costAmount = roundTo(t.quantity.times(t.costPrice), accountingRounding);
    if (!costAmount.isZero()) {
      if (accountingProblem) issues.once(`currency:${accountingProblem}`, "Error", sheet, t.row, "Cost price", accountingProblem);
      journal.add(index, context, category, false, blocked || accountingProblem !== null, costAmount, SAME_CURRENCY, costAmount, null, null, dimensions);
    }

    if (!t.billable || t.salesPrice === null) return;
    const contract = context?.contract ?? null;
    let salesBlocked = blocked || !contract;
    // Only a sales line needs the contract: a project without one is reported where that happens, once.
    if (context && !contract) {
      const message = missingReference(book, "Contracts", "contract", context.project.contract, "add it to Contracts or correct the project");
      issues.once(`contract-of:${context.project.id}`, "Error", projectsSheet, context.project.row, "Contract", `Project ${context.project.id}: ${message}; its sales lines are blocked`);
    }
    if (context && contract) {
      const contractLine = contractLineOf(context, contract, t.contractLine);
      if (!contractLine) {
        const bad = book.rejected.get("ContractLines")?.get(contractLineKey(contract.id, t.contractLine));
        issues.error(sheet, t.row, "Contract line", bad !== undefined
          ? `Contract line ${contract.id} / ${t.contractLine} is on ContractLines row ${bad}, which has errors: fix that row`
          : `Contract ${contract.id} has no line '${t.contractLine}': add it to ContractLines or correct the transaction`);
        salesBlocked = true;
      } else if (contractLine.billingMethod === "Fixed price") {
        // DOMAIN.md §3.2: a fixed-price line posts only cost; it is billed by milestones.
        issues.once(`fixed-price-sales:${contract.id}:${t.contractLine}`, "Warning", sheet, t.row, "Sales price",
          `Contract line ${contract.id} / ${t.contractLine} is fixed price: its transactions create no unbilled sales, so the sales price is ignored`);
        return;
      } else if (contractLine.project !== t.project) {
        issues.error(sheet, t.row, "Contract line", `Contract line ${contract.id} / ${t.contractLine} belongs to project ${contractLine.project}, not ${t.project}`);
        salesBlocked = true;
      }
    }

    const currency = contract?.currency ?? "";
    const amount = roundTo(t.quantity.times(t.salesPrice), currencyRounding(book, currency));
    // A currency (the contract's or the accounting one) whose Currencies row has errors has no known rounding.
    const unknownRounding = contract ? (currencyProblem(book, currency) ?? accountingProblem) : null;
    if (unknownRounding) {
      issues.once(`currency:${unknownRounding}`, "Error", sheet, t.row, "Sales price", unknownRounding);
      salesBlocked = true;
    }
    let rate: AppliedRate | null = null;
    if (contract && !unknownRounding) {
      const query = { currency, date: t.date, contract: contract.id };
      rate = resolveExchangeRate(book, rates, query);
      if (!rate) {
        // Once per reason (the pair and date, or the row with errors): a missing rate would otherwise repeat on every line.
        const problem = rateProblem(book, rates, query);
        issues.once(`rate:${problem}`, "Error", sheet, t.row, "Date", problem);
        salesBlocked = true;
      }
    }
    const taxGroups = category && context ? billingTaxGroups(book, t, context, category.transactionType, issues) : { salesTaxGroup: t.salesTaxGroup, itemSalesTaxGroup: t.itemSalesTaxGroup, ok: true };
    journal.add(index, context, category, true, salesBlocked || !taxGroups.ok, amount, rate, rate ? toAccountingAmount(amount, rate, accountingRounding) : null,
      taxGroups.salesTaxGroup, taxGroups.itemSalesTaxGroup, dimensions);
  }
}

function billingTaxGroups(book: ParsedWorkbook, t: Transaction, context: ProjectContext, type: TransactionType, issues: IssueSink) {
  const sheet = book.sheets.get("Transactions") ?? "Transactions";
  const contract = context.contract ?? undefined;
  const salesTaxGroup = t.salesTaxGroup ?? defaultSalesTaxGroup(book.parameters.salesTaxGroupMethod, {
    project: context.project, contract, customer: contract ? book.customers.get(contract.customer) : undefined,
  });
  if (t.itemSalesTaxGroup) return { salesTaxGroup, itemSalesTaxGroup: t.itemSalesTaxGroup, ok: true };
  const category = book.categories.get(t.category);
  let product = undefined;
  if (type === "Item" && book.parameters.itemSalesTaxGroupMethod === "Item") {
    if (!t.item) {
      issues.error(sheet, t.row, "Item", "Item transactions need an Item: the item sales tax group comes from the product (parameter Item sales tax group method = Item)");
      return { salesTaxGroup, itemSalesTaxGroup: null, ok: false };
    }
    product = book.products.get(t.item);
    if (!product) {
      issues.error(sheet, t.row, "Item", `Item '${t.item}' has no Products row, so its item sales tax group is unknown: add it to Products or set Item sales tax group on the row`);
      return { salesTaxGroup, itemSalesTaxGroup: null, ok: false };
    }
  }
  const itemSalesTaxGroup = category ? defaultItemSalesTaxGroup(type, book.parameters.itemSalesTaxGroupMethod, category, product) : null;
  return { salesTaxGroup, itemSalesTaxGroup, ok: true };
}

/** The period a transaction date falls in, by the `Journal period` parameter (DOMAIN.md §2.1). */
function periodOf(date: IsoDate, period: JournalPeriod): string {
  switch (period) {
    case "Days":
      return date;
    case "Months":
      return date.slice(0, 7);
    case "Years":
      return date.slice(0, 4);
    case "All":
      return "";
  }
}

/**
 * The transactions by journal: their sheet positions grouped by period, periods in date order, sheet order
 * within each (a stable grouping without sorting a million rows). Journal `j` is `order[starts[j]]` up to
 * `order[starts[j + 1]]`.
 */
function journalOrder(transactions: readonly Transaction[], period: JournalPeriod): { order: Int32Array; starts: number[] } {
  const byPeriod = new Map<string, number[]>();
  // A sheet has few distinct dates: each one's period is worked out once.
  const periods = new Map<IsoDate, number[]>();
  for (let i = 0; i < transactions.length; i++) {
    const date = transactions[i].date;
    let bucket = periods.get(date);
    if (!bucket) {
      const key = periodOf(date, period);
      bucket = byPeriod.get(key);
      if (!bucket) byPeriod.set(key, (bucket = []));
      periods.set(date, bucket);
    }
    bucket.push(i);
  }
  const order = new Int32Array(transactions.length);
  const starts = [0];
  let k = 0;
  for (const key of [...byPeriod.keys()].sort()) {
    const bucket = byPeriod.get(key) as number[];
    for (let i = 0; i < bucket.length; i++) order[k++] = bucket[i];
    starts.push(k);
  }
  return { order, starts };
}
