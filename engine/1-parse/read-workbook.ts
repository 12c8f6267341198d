/**
 * Stage 1 of the pipeline: the workbook's tables become typed, indexed records plus issues. Nothing
 * here knows an accounting rule; it only reads what the sheets say and where.
 */
import type { CellValue, InputWorkbook } from "../workbook";
import type { IssueLog } from "../core/issues";
import { IdIndex } from "../core/id-index";
import { DEFAULT_ROUNDING } from "../core/money";
import { DimensionRegistry } from "./dimensions";
import { readParameters } from "./parameters";
import { findSheet, readSheet, type RowReader, type SheetRecords } from "./sheets";
import { isEmptyCell, readChoice, readDate, readId } from "./cells";
import {
  BILLING_METHODS, DUAL_WRITE_MAPS, INVOICE_FORMATS, MILESTONE_STATUSES, POSTING_TYPES, PROFORMA_STATUSES,
  ROUNDING_METHODS, RUNBOOK_ACTIONS, TRANSACTION_TYPES, sheetSpec,
} from "./schema";
import type * as M from "./model";

/** Everything the rules need, indexed by id. `sheets` maps a contract sheet name to the workbook's own spelling. */
export interface ParsedWorkbook {
  readonly parameters: M.Parameters;
  readonly dimensions: DimensionRegistry;
  readonly sheets: ReadonlyMap<string, string>;
  readonly currencies: ReadonlyMap<string, M.Currency>;
  readonly exchangeRates: readonly M.ExchangeRateRow[];
  /** ExchangeRates rows with errors: the conversions they would serve are blocked, not made at another rate. */
  readonly unreadExchangeRates: readonly M.UnreadExchangeRate[];
  readonly fixedRateAgreements: ReadonlyMap<string, M.FixedRateAgreement>;
  readonly customers: ReadonlyMap<string, M.Customer>;
  readonly contracts: ReadonlyMap<string, M.Contract>;
  /** Keyed by `contractLineKey(contract, line)`. */
  readonly contractLines: ReadonlyMap<string, M.ContractLine>;
  readonly projectGroups: ReadonlyMap<string, M.ProjectGroup>;
  readonly projects: ReadonlyMap<string, M.Project>;
  readonly categories: ReadonlyMap<string, M.Category>;
  readonly products: ReadonlyMap<string, M.Product>;
  readonly salesTaxCodes: readonly M.SalesTaxCodeValue[];
  readonly salesTaxGroups: readonly M.SalesTaxGroupCode[];
  readonly itemSalesTaxGroups: readonly M.ItemSalesTaxGroupCode[];
  readonly postingSetup: readonly M.PostingSetupRow[];
  /** Setup rows with errors: what they would have decided waits for them. */
  readonly unreadSetup: M.UnreadSetupRows;
  readonly transactions: readonly M.Transaction[];
  /** The same transactions by id. */
  readonly transactionsById: Pick<ReadonlyMap<string, M.Transaction>, "get">;
  /** Transaction ids on rows that could not be read, with their row. */
  readonly rejectedTransactions: ReadonlyMap<string, number>;
  readonly hourForecasts: readonly M.HourForecast[];
  readonly milestones: readonly M.Milestone[];
  readonly rejectedMilestones: ReadonlyMap<string, number>;
  /** Milestone ids that appear on more than one row, with all their rows (the first one is used). */
  readonly duplicateMilestones: ReadonlyMap<string, readonly number[]>;
  readonly proformaInvoices: readonly M.ProformaInvoice[];
  readonly proformaLines: readonly M.ProformaLine[];
  /** Ids on rows that could not be read, per contract sheet name: dependents say "that row has errors", not "unknown". */
  readonly rejected: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Null when the workbook has no CutoverRunbook sheet or it lists no step (the documented procedure applies). */
  readonly runbook: readonly M.RunbookStep[] | null;
  /** CutoverRunbook rows with errors, left out of `runbook`. */
  readonly runbookUnreadRows: readonly number[];
  /** The CutoverRunbook sheet is there but could not be read (a required column is missing): `runbook` is empty. */
  readonly runbookNotRead: boolean;
  readonly postedVouchers: readonly M.PostedVoucherLine[] | null;
}

/** What `index` puts records into. */
interface KeyedRecords<T> {
  get(key: string): T | undefined;
  set(key: string, record: T): unknown;
}

export const contractLineKey = (contract: string, line: string): string => `${contract}\u0000${line}`;

/** Dataverse codes of the milestone invoice status (DOMAIN.md §9.2). */
const MILESTONE_STATUS_CODES = new Map<string, M.MilestoneStatus>(MILESTONE_STATUSES.map((s, i) => [String(192350000 + i), s]));

/** With `consume`, each input row is dropped from the workbook's tables once read (the caller handed them over). */
export function readWorkbook(book: InputWorkbook, issues: IssueLog, consume = false): ParsedWorkbook | null {
  const parameters = readParameters(book, issues);
  if (!parameters) return null;
  const dimensions = new DimensionRegistry();
  const sheets = new Map<string, string>();
  const rejected = new Map<string, Map<string, number>>();
  const read = <T>(name: string, build: Parameters<typeof readSheet<T>>[4], idColumn?: string | readonly string[], unread?: (row: RowReader) => void): SheetRecords<T> => {
    const result = readSheet(book, sheetSpec(name), issues, dimensions, build, idColumn, consume, unread);
    sheets.set(name, result.sheetName);
    if (idColumn) rejected.set(name, result.rejected);
    return result;
  };
  /**
   * Indexes records by key into `map` (for the one sheet of a million rows an `IdIndex`); a repeated key is an error
   * on the later row, and the first row is used.
   */
  const indexInto = <T extends { row: number }, Index extends KeyedRecords<T>>(
    map: Index, result: SheetRecords<T>, key: (r: T) => string, column: string, what: string, duplicates?: Map<string, number[]>,
  ): Index => {
    for (let i = 0; i < result.records.length; i++) {
      const record = result.records[i];
      const k = key(record);
      const first = map.get(k);
      const unreadable = result.rejected.get(k);
      if (!first && unreadable !== undefined && unreadable < record.row) {
        issues.error(result.sheetName, record.row, column, `Duplicate ${what} '${k.replace("\u0000", " / ")}': row ${unreadable} already defines it (and has errors to fix); this row is ignored`);
        continue;
      }
      if (first) {
        issues.error(result.sheetName, record.row, column, `Duplicate ${what} '${k.replace("\u0000", " / ")}': row ${first.row} already defines it; this row is ignored`);
        duplicates?.set(k, [...(duplicates.get(k) ?? [first.row]), record.row]);
      } else map.set(k, record);
    }
    return map;
  };
  const index = <T extends { row: number }>(result: SheetRecords<T>, key: (r: T) => string, column: string, what: string, duplicates?: Map<string, number[]>) =>
    indexInto(new Map<string, T>(), result, key, column, what, duplicates);

  const currencies = index(read<M.Currency & { row: number }>("Currencies", (r) => ({
    row: r.row, code: r.id("Currency"), rounding: r.optionalDecimal("Rounding") ?? DEFAULT_ROUNDING,
  }), "Currency"), (c) => c.code, "Currency", "currency");
  for (const c of currencies.values()) {
    if (c.rounding.lte(0)) {
      issues.error(sheets.get("Currencies") as string, c.row, "Rounding", `Rounding of ${c.code} must be positive, e.g. 0.01; 0.01 is used`);
      currencies.set(c.code, { ...c, rounding: DEFAULT_ROUNDING });
    }
  }

  // Cells of a row with errors, as far as they can be read (undefined: unreadable or blank, so it could be any id;
  // a blank date is null).
  const idOf = (cell: CellValue): string | undefined => {
    if (isEmptyCell(cell)) return undefined;
    const id = readId(cell);
    return id.ok ? id.value : undefined;
  };
  const dateOf = (cell: CellValue): string | null | undefined => {
    if (isEmptyCell(cell)) return null;
    const date = readDate(cell, book.date1904 ?? false);
    return date.ok ? date.value : undefined;
  };

  // A rate row with errors still says which pair (and often from when) it quotes: conversions it would serve are blocked.
  const unreadExchangeRates: M.UnreadExchangeRate[] = [];
  const exchangeRates = read<M.ExchangeRateRow>("ExchangeRates", (r) => {
    const rate = r.decimal("Rate");
    if (rate && rate.lte(0)) r.error("Rate", `Rate must be positive (units of To per 100 units of From), not ${rate.toString()}`);
    return { row: r.row, from: r.id("From currency"), to: r.id("To currency"), startDate: r.date("Start date"), rate };
  }, undefined, (r) => {
    const from = idOf(r.cell("From currency"));
    const to = idOf(r.cell("To currency"));
    if (from && to) unreadExchangeRates.push({ row: r.row, from, to, startDate: dateOf(r.cell("Start date")) ?? null });
  }).records;

  const fixedRateAgreements = index(read<M.FixedRateAgreement>("FixedRateAgreements", (r) => {
    const rate = r.decimal("Rate");
    if (rate && rate.lte(0)) r.error("Rate", `Rate must be positive (accounting-currency units per 100), not ${rate.toString()}`);
    return { row: r.row, contract: r.id("Contract"), currency: r.id("Currency"), rate, reference: r.optionalText("Reference") };
  }, ["Contract", "Currency"]), (a) => contractLineKey(a.contract, a.currency), "Currency", "fixed-rate agreement for contract / currency");

  const customers = index(read<M.Customer>("Customers", (r) => ({
    row: r.row, id: r.id("Customer"), name: r.optionalText("Name"), currency: r.id("Currency"), salesTaxGroup: r.optionalId("Sales tax group"),
  }), "Customer"), (c) => c.id, "Customer", "customer");

  const contracts = index(read<M.Contract>("Contracts", (r) => ({
    row: r.row, id: r.id("Contract"), customer: r.id("Customer"), currency: r.id("Currency"),
    salesTaxGroup: r.optionalId("Sales tax group"), name: r.optionalText("Name"),
  }), "Contract"), (c) => c.id, "Contract", "contract");

  const contractLines = index(read<M.ContractLine>("ContractLines", (r) => ({
    row: r.row, contract: r.id("Contract"), line: r.id("Line"), project: r.id("Project"),
    billingMethod: r.choice("Billing method", BILLING_METHODS), amount: r.optionalDecimal("Amount"), dimensions: r.dimensions(),
  }), ["Contract", "Line"]), (l) => contractLineKey(l.contract, l.line), "Line", "contract line");

  const projectGroups = index(read<M.ProjectGroup>("ProjectGroups", (r) => ({
    row: r.row, id: r.id("Project group"), accrueRevenue: r.requiredYesNo("Accrue revenue"),
  }), "Project group"), (g) => g.id, "Project group", "project group");

  const projects = index(read<M.Project>("Projects", (r) => ({
    row: r.row, id: r.id("Project"), contract: r.id("Contract"), projectGroup: r.id("Project group"),
    salesTaxGroup: r.optionalId("Sales tax group"), dimensions: r.dimensions(),
  }), "Project"), (p) => p.id, "Project", "project");

  const categories = index(read<M.Category>("Categories", (r) => ({
    row: r.row, id: r.id("Category"), transactionType: r.choice("Transaction type", TRANSACTION_TYPES),
    itemSalesTaxGroup: r.optionalId("Item sales tax group"),
  }), "Category"), (c) => c.id, "Category", "category");

  const products = index(read<M.Product>("Products", (r) => ({
    row: r.row, item: r.id("Item"), itemSalesTaxGroup: r.optionalId("Item sales tax group"),
  }), "Item"), (p) => p.item, "Item", "item");

  // Setup rows with errors, as far as they can be read: what they would have decided waits for them (UnreadSetupRows).
  const unreadSetup = { salesTaxGroups: [] as M.UnreadTaxGroupRow[], itemSalesTaxGroups: [] as M.UnreadTaxGroupRow[],
    salesTaxCodes: [] as M.UnreadSetupRows["salesTaxCodes"][number][], postingSetup: [] as M.UnreadPostingSetupRow[] };

  const salesTaxCodes = read<M.SalesTaxCodeValue>("SalesTaxCodes", (r) => ({
    row: r.row, code: r.id("Code"), rate: r.decimal("Rate"), validFrom: r.optionalDate("Valid from"), validTo: r.optionalDate("Valid to"),
    rounding: r.optionalDecimal("Rounding") ?? DEFAULT_ROUNDING, roundingMethod: r.optionalChoice("Rounding method", ROUNDING_METHODS) ?? "Normal",
    payableAccount: r.id("Payable account"),
  }), undefined, (r) => {
    const code = idOf(r.cell("Code"));
    if (code) unreadSetup.salesTaxCodes.push({ row: r.row, code, validFrom: dateOf(r.cell("Valid from")), validTo: dateOf(r.cell("Valid to")) });
  }).records;

  const salesTaxGroups = read<M.SalesTaxGroupCode>("SalesTaxGroups", (r) => ({
    row: r.row, group: r.id("Group"), code: r.id("Code"), exempt: r.yesNo("Exempt", false),
  }), undefined, (r) => {
    const group = idOf(r.cell("Group"));
    if (group) unreadSetup.salesTaxGroups.push({ row: r.row, group, code: idOf(r.cell("Code")) });
  }).records;

  const itemSalesTaxGroups = read<M.ItemSalesTaxGroupCode>("ItemSalesTaxGroups", (r) => ({
    row: r.row, group: r.id("Group"), code: r.id("Code"),
  }), undefined, (r) => {
    const group = idOf(r.cell("Group"));
    if (group) unreadSetup.itemSalesTaxGroups.push({ row: r.row, group, code: idOf(r.cell("Code")) });
  }).records;

  const postingSetup = read<M.PostingSetupRow>("PostingSetup", (r) => ({
    row: r.row, postingType: r.choice("Posting type", POSTING_TYPES), projectGroup: r.optionalId("Project group"),
    category: r.optionalId("Category"), mainAccount: r.id("Main account"), accountName: r.optionalText("Account name"),
  }), undefined, (r) => {
    const type = readChoice(r.cell("Posting type"), POSTING_TYPES);
    if (!type.ok) return;
    const optionalIdOf = (cell: CellValue) => (isEmptyCell(cell) ? "" : idOf(cell));
    unreadSetup.postingSetup.push({ row: r.row, postingType: type.value, projectGroup: optionalIdOf(r.cell("Project group")), category: optionalIdOf(r.cell("Category")) });
  }).records;

  const transactionSheet = read<M.Transaction>("Transactions", (r) => ({
    row: r.row, id: r.id("Transaction"), project: r.id("Project"), contractLine: r.id("Contract line"), category: r.id("Category"),
    item: r.optionalId("Item"), resource: r.optionalText("Resource"), date: r.date("Date"), quantity: r.decimal("Quantity"),
    costPrice: r.decimal("Cost price"), salesPrice: r.optionalDecimal("Sales price"), billable: r.yesNo("Billable", true),
    salesTaxGroup: r.optionalId("Sales tax group"), itemSalesTaxGroup: r.optionalId("Item sales tax group"), dimensions: r.dimensions(),
  }), "Transaction");
  const transactionsById = indexInto(new IdIndex<M.Transaction>(transactionSheet.records.length), transactionSheet, (t) => t.id, "Transaction", "transaction");
  const transactions = [...transactionsById.values()];

  const hourForecasts = read<M.HourForecast>("HourForecasts", (r) => ({
    row: r.row, project: r.id("Project"), category: r.id("Category"), date: r.date("Date"), hours: r.decimal("Hours"), salesPrice: r.decimal("Sales price"),
  })).records;

  const milestoneSheet = read<M.Milestone>("Milestones", (r) => ({
    row: r.row, id: r.id("Milestone"), contract: r.id("Contract"), contractLine: r.id("Contract line"), name: r.optionalText("Name"),
    date: r.date("Date"), amount: r.decimal("Amount"), invoiceStatus: r.choice("Invoice status", MILESTONE_STATUSES, MILESTONE_STATUS_CODES),
    salesTaxGroup: r.optionalId("Sales tax group"), itemSalesTaxGroup: r.optionalId("Item sales tax group"),
    legacyInvoiced: r.yesNo("Legacy invoiced", false), dimensions: r.dimensions(),
  }), "Milestone");

  const duplicateMilestones = new Map<string, number[]>();
  const proformaInvoices = index(read<M.ProformaInvoice>("ProformaInvoices", (r) => ({
    row: r.row, id: r.id("Proforma"), contract: r.id("Contract"), invoiceDate: r.date("Invoice date"),
    status: r.choice("Status", PROFORMA_STATUSES), format: r.optionalChoice("Format", INVOICE_FORMATS) ?? "Detail", post: r.yesNo("Post", true),
  }), "Proforma"), (p) => p.id, "Proforma", "pro-forma invoice");

  const proformaLines = read<M.ProformaLine>("ProformaLines", (r) => ({ row: r.row, proforma: r.id("Proforma"), source: r.id("Source") })).records;

  const hasSheet = (name: string) => findSheet(book, name) !== undefined;
  const runbookSheet = hasSheet("CutoverRunbook")
    ? read<M.RunbookStep>("CutoverRunbook", (r) => ({
        row: r.row, step: r.decimal("Step"), action: r.choice("Action", RUNBOOK_ACTIONS), map: r.optionalChoice("Map", DUAL_WRITE_MAPS), value: r.optionalText("Value"),
      }))
    : null;
  // A CutoverRunbook sheet without a step (the blank template's) is no runbook; one whose steps all have errors, or
  // that cannot be read at all (a required column missing), still is: the user's plan, not the documented one.
  const runbookUnreadRows = runbookSheet?.failedRows ?? [];
  const runbookNotRead = runbookSheet?.notRead ?? false;
  const runbook = runbookSheet && (runbookSheet.records.length || runbookUnreadRows.length || runbookNotRead) ? runbookSheet.records : null;
  const postedVouchers = hasSheet("PostedVouchers")
    ? read<M.PostedVoucherLine>("PostedVouchers", (r) => ({
        row: r.row, voucher: r.id("Voucher"), date: r.date("Date"), mainAccount: r.id("Main account"), postingType: r.optionalText("Posting type"),
        currency: r.optionalId("Currency"), amount: r.optionalDecimal("Amount"), accountingAmount: r.decimal("Accounting amount"),
        project: r.optionalId("Project"), sourceId: r.id("Source id"), dimensions: r.dimensions(),
      })).records
    : null;

  return {
    parameters, dimensions, sheets, currencies, exchangeRates, unreadExchangeRates, unreadSetup, fixedRateAgreements, customers, contracts, contractLines,
    projectGroups, projects, categories, products, salesTaxCodes, salesTaxGroups, itemSalesTaxGroups, postingSetup,
    transactions, transactionsById, rejectedTransactions: transactionSheet.rejected, hourForecasts, rejected,
    milestones: [...index(milestoneSheet, (m) => m.id, "Milestone", "milestone", duplicateMilestones).values()], rejectedMilestones: milestoneSheet.rejected,
    duplicateMilestones,
    proformaInvoices: [...proformaInvoices.values()], proformaLines, runbook, runbookUnreadRows, runbookNotRead, postedVouchers,
  };
}

/**
 * The message for a reference a row needs and the workbook does not give: "Unknown …" when no row holds
 * the id, or a pointer to the row that holds it but could not be read.
 */
export function missingReference(book: ParsedWorkbook, sheet: string, what: string, id: string, remedy: string): string {
  const row = book.rejected.get(sheet)?.get(id);
  if (row !== undefined) return `${what[0].toUpperCase()}${what.slice(1)} '${id}' is on ${book.sheets.get(sheet) ?? sheet} row ${row}, which has errors: fix that row`;
  return `Unknown ${what} '${id}': ${remedy}`;
}
