/**
 * The Project Operations integration journal (SPEC §4, DOMAIN.md §2): each transaction gives a cost
 * line and, when billable with a sales price on a time-and-material contract line, an unbilled-sales
 * line, with its exchange rate, tax groups and dimensions. Posting is in journal-posting.ts.
 */
import { roundTo } from "../core/money";
import type { IsoDate } from "../core/dates";
import { SheetOrderIssues, type IssueLog, type IssueSink } from "../core/issues";
import { mergeDimensions, type Dimensions } from "../1-parse/dimensions";
import { contractLineKey, missingReference, type ParsedWorkbook } from "../1-parse/read-workbook";
import type { Contract, ContractLine, JournalPeriod, Project, Transaction, TransactionType } from "../1-parse/model";
import { SAME_CURRENCY, currencyProblem, currencyRounding, rateProblem, resolveExchangeRate, toAccountingAmount, type AppliedRate, type RateTable } from "./currency";
import { defaultItemSalesTaxGroup, defaultSalesTaxGroup } from "./tax-groups";
import { NumberSequence } from "../3-ledger/voucher";
import { IntegrationJournal, type LineContext } from "./integration-journal-store";

/** What the rules know about a transaction's project, resolved once per project. */
interface ProjectContext extends LineContext {
  readonly project: Project;
  /** The contract's lines by line id, and transaction dimensions merged over the project's, as first asked. */
  readonly contractLines: Map<string, ContractLine | null>;
  readonly merged: Map<Dimensions, Dimensions>;
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
