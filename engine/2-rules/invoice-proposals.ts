/**
 * Invoice proposals from pro-forma invoices (SPEC §4 "Invoice proposals", DOMAIN.md §8):
 * - a Confirmed pro-forma creates a proposal numbered by its id, which the number sequence must allow
 *   (both `Proposal number allows lower` and `… higher`); a Draft creates nothing;
 * - import from staging adds the lines only when every time-and-material line of the pro-forma is
 *   posted in the integration journal; otherwise the proposal waits and names what blocks it;
 * - milestone lines come from Ready-for-invoicing milestones of fixed-price contract lines;
 * - an unknown source, a milestone in another status, or a line of another contract is an error on
 *   that ProformaLines row, and the pro-forma creates no proposal (Rejected).
 * Sales tax is calculated per proposal here; posting is in invoice-posting.ts.
 */
import { ZERO, type Decimal } from "../core/decimal";
import { sortNatural } from "../core/order";
import type { IssueLog } from "../core/issues";
import type { IsoDate } from "../core/dates";
import type { Dimensions } from "../1-parse/dimensions";
import type { Contract, Customer, InvoiceFormat, ProformaInvoice, ProformaLine, Project, ProjectGroup, Transaction } from "../1-parse/model";
import { missingReference, type ParsedWorkbook } from "../1-parse/read-workbook";
import { currencyProblem, currencyRounding, rateProblem, resolveExchangeRate, toAccountingAmount, type AppliedRate, type RateTable } from "./currency";
import type { IntegrationJournal } from "./integration-journal-store";
import type { JournalPosting } from "./journal-posting";
import type { OnAccountTransaction } from "./milestones";
import { calculateSalesTax, type LineTax, type SalesTaxSetup } from "./sales-tax";

export type ProposalStatus = "Posted" | "Pro forma" | "Waiting" | "Rejected";
export type ProposalLineType = "Time and material" | "Milestone";

export interface ProposalLine {
  readonly line: number;
  readonly source: string;
  readonly lineType: ProposalLineType;
  readonly project: string;
  readonly category: string | null;
  readonly resource: string | null;
  readonly date: IsoDate;
  readonly quantity: Decimal | null;
  readonly salesPrice: Decimal | null;
  readonly amount: Decimal;
  readonly salesTaxGroup: string | null;
  readonly itemSalesTaxGroup: string | null;
  readonly taxes: readonly LineTax[];
  readonly tax: Decimal;
  readonly dimensions: Dimensions;
  readonly projectGroup: ProjectGroup | null;
  /** The voucher of the unbilled-sales journal line a time-and-material line invoices, when it posted one (an accrual to reverse). */
  readonly accrual: JournalPosting | null;
  readonly onAccount: OnAccountTransaction | null;
}

export interface InvoiceProposal {
  readonly proforma: ProformaInvoice;
  readonly id: string;
  readonly contract: Contract | null;
  readonly customer: Customer | null;
  readonly currency: string;
  readonly invoiceDate: IsoDate;
  readonly format: InvoiceFormat;
  status: ProposalStatus;
  invoice: string | null;
  lines: ProposalLine[];
  net: Decimal | null;
  tax: Decimal | null;
  total: Decimal | null;
  rate: AppliedRate | null;
  accountingTotal: Decimal | null;
  readonly blockedBy: string[];
}

/** A proposal line while its proposal is built: numbered and taxed once every line is known. */
type DraftLine = Omit<ProposalLine, "line" | "taxes" | "tax"> & { line: number; taxes: readonly LineTax[]; tax: Decimal };

const NO_TAXES: readonly LineTax[] = [];

interface Context {
  readonly book: ParsedWorkbook;
  readonly rates: RateTable;
  readonly taxes: SalesTaxSetup;
  readonly issues: IssueLog;
  readonly journal: IntegrationJournal;
  /** A transaction's unbilled-sales journal line, by the transaction's worksheet row: its index plus one (0: none). */
  readonly salesByRow: Int32Array;
  readonly onAccount: ReadonlyMap<string, OnAccountTransaction>;
  /** The project looked up last (a pro-forma's lines mostly share one): its id and record. */
  lastProjectId: string | null;
  lastProject: Project | undefined;
}

/**
 * The proposals of the confirmed pro-formas, in pro-forma id order. The journal must be posted already: a
 * time-and-material line takes the voucher its unbilled-sales line posted, the accrual that invoicing reverses.
 */
export function createInvoiceProposals(
  book: ParsedWorkbook, rates: RateTable, taxes: SalesTaxSetup, journal: IntegrationJournal,
  onAccount: ReadonlyMap<string, OnAccountTransaction>, issues: IssueLog,
): InvoiceProposal[] {
  const proformaSheet = book.sheets.get("ProformaInvoices") ?? "ProformaInvoices";
  const linesSheet = book.sheets.get("ProformaLines") ?? "ProformaLines";
  // Worksheet rows are unique and dense: per-transaction facts go in arrays by row, not in maps of a million ids.
  let lastRow = 0;
  for (const t of book.transactions) lastRow = Math.max(lastRow, t.row);
  const salesByRow = new Int32Array(lastRow + 1);
  for (let i = 0; i < journal.length; i++) {
    if (!journal.isSales(i)) continue;
    const row = journal.transaction(i).row;
    if (salesByRow[row] === 0) salesByRow[row] = i + 1;
  }
  const context: Context = { book, rates, taxes, issues, journal, salesByRow, onAccount, lastProjectId: null, lastProject: undefined };

  // Confirmed pro-formas by id: only their lines become proposal lines.
  const confirmedById = new Map<string, ProformaInvoice>();
  for (let i = 0; i < book.proformaInvoices.length; i++) {
    const p = book.proformaInvoices[i];
    if (p.status === "Confirmed") confirmedById.set(p.id, p);
  }
  // Every line's transaction found in the sheet's order first: a sheet's lines follow its transactions far more
  // often than a pro-forma's lines do, so the lookups over a million ids read memory in order. The proposal
  // lines are made in pro-forma order (below), the order in which invoicing and the writers read them.
  const lines = book.proformaLines;
  const transactionOf: (Transaction | null)[] = new Array(lines.length).fill(null);
  // A list of line indexes for every pro-forma up front, and whether it is confirmed: each line then costs one
  // lookup, however the sheet orders them.
  const linesByProforma = new Map<string, { readonly lines: number[]; readonly confirmed: boolean }>();
  for (let i = 0; i < book.proformaInvoices.length; i++) {
    const id = book.proformaInvoices[i].id;
    linesByProforma.set(id, { lines: [], confirmed: confirmedById.has(id) });
  }
  // A pro-forma's lines often follow one another: look it up once per run of lines.
  let runId: string | null = null;
  let run: { readonly lines: number[]; readonly confirmed: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.proforma !== runId) {
      runId = line.proforma;
      run = linesByProforma.get(runId);
    }
    if (!run) {
      issues.error(linesSheet, line.row, "Proforma", missingReference(book, "ProformaInvoices", "pro-forma invoice", line.proforma, "add it to ProformaInvoices or correct the line"));
      continue;
    }
    run.lines.push(i);
    if (!run.confirmed) continue;
    transactionOf[i] = book.transactionsById.get(line.source) ?? null;
  }

  const numbering = book.parameters.proposalNumberAllowsLower && book.parameters.proposalNumberAllowsHigher;
  // Each source is claimed by the first confirmed pro-forma that lists it; a rejected pro-forma gives its claims back.
  // By transaction row: the index of the claiming line, plus one (0: unclaimed).
  const claimedByRow = new Int32Array(lastRow + 1);
  const claimedById = new Map<string, ProformaLine>();
  const proposals: InvoiceProposal[] = [];
  const confirmed = sortNatural([...confirmedById.values()], (p) => p.id);
  for (const proforma of confirmed) {
    const contract = book.contracts.get(proforma.contract) ?? null;
    const customer = contract ? (book.customers.get(contract.customer) ?? null) : null;
    const proposal: InvoiceProposal = {
      proforma, id: proforma.id, contract, customer, currency: contract?.currency ?? "", invoiceDate: proforma.invoiceDate, format: proforma.format,
      status: "Rejected", invoice: null, lines: [], net: null, tax: null, total: null, rate: null, accountingTotal: null, blockedBy: [],
    };
    proposals.push(proposal);
    let rejected = false;
    const reject = (sheet: string, row: number, column: string, message: string) => {
      rejected = true;
      issues.error(sheet, row, column, message);
    };
    if (!numbering) {
      rejected = true;
      issues.once("proposal-numbering", "Error", proformaSheet, proforma.row, "Proforma",
        "Invoice proposals are numbered by their pro-forma id, so the number sequence must allow lower and higher numbers: set Parameters 'Proposal number allows lower' and 'Proposal number allows higher' to Yes. No proposal was created");
    }
    if (!contract) reject(proformaSheet, proforma.row, "Contract", missingReference(book, "Contracts", "contract", proforma.contract, "add it to Contracts or correct the pro-forma"));
    else if (!customer) reject(proformaSheet, proforma.row, "Contract", `Contract ${contract.id} has customer '${contract.customer}', which Customers does not list`);
    const sources = linesByProforma.get(proforma.id)?.lines ?? [];
    if (sources.length === 0) reject(proformaSheet, proforma.row, "Proforma", `Pro-forma ${proforma.id} has no ProformaLines: add its transactions or milestones`);

    const drafts: DraftLine[] = [];
    const claimed: number[] = [];
    for (let k = 0; k < sources.length; k++) {
      const i = sources[k];
      const source = lines[i];
      const transaction = transactionOf[i];
      const claim = transaction ? (claimedByRow[transaction.row] > 0 ? lines[claimedByRow[transaction.row] - 1] : undefined) : claimedById.get(source.source);
      if (claim) {
        reject(linesSheet, source.row, "Source", claim.proforma === proforma.id
          ? `'${source.source}' is listed twice on pro-forma ${proforma.id} (rows ${claim.row} and ${source.row}): it would be invoiced twice`
          : `'${source.source}' is already on confirmed pro-forma ${claim.proforma}: it would be invoiced twice`);
        continue;
      }
      if (transaction) claimedByRow[transaction.row] = i + 1;
      else claimedById.set(source.source, source);
      claimed.push(i);
      const outcome = proposalLineFor(context, proforma, source, transaction);
      if (!(outcome instanceof Refusal)) drafts.push(outcome);
      else if (outcome.waitsFor !== null) proposal.blockedBy.push(outcome.waitsFor);
      else reject(linesSheet, source.row, outcome.column, outcome.message);
    }
    if (rejected) {
      for (let k = 0; k < claimed.length; k++) {
        const i = claimed[k];
        const transaction = transactionOf[i];
        if (transaction) claimedByRow[transaction.row] = 0;
        else claimedById.delete(lines[i].source);
      }
      continue;
    }
    if (proposal.blockedBy.length) {
      proposal.status = "Waiting";
      continue;
    }
    completeProposal(context, proposal, drafts);
  }
  return proposals;
}

/** Why a ProformaLines row gives no proposal line: what its proposal waits for, or an error on the row. */
class Refusal {
  private constructor(readonly waitsFor: string | null, readonly column: string, readonly message: string) {}

  static waitsFor(what: string): Refusal {
    return new Refusal(what, "", "");
  }

  static error(column: string, message: string): Refusal {
    return new Refusal(null, column, message);
  }
}

/** The proposal line a pro-forma's line makes, or why it makes none. */
function proposalLineFor(context: Context, proforma: ProformaInvoice, source: ProformaLine, transaction: Transaction | null): DraftLine | Refusal {
  const { book } = context;
  if (transaction) {
    if (transaction.project !== context.lastProjectId) {
      context.lastProjectId = transaction.project;
      context.lastProject = book.projects.get(transaction.project);
    }
    const project = context.lastProject;
    if (project && project.contract !== proforma.contract) {
      return Refusal.error("Source", `Transaction ${transaction.id} belongs to contract ${project.contract}, not ${proforma.contract}`);
    }
    const sales = (context.salesByRow[transaction.row] ?? 0) - 1;
    if (sales < 0) {
      return Refusal.error("Source", `Transaction ${transaction.id} has no unbilled sales to invoice (not billable, no sales price, or on a fixed-price line)`);
    }
    const { journal } = context;
    // Import from staging waits for the unbilled-sales line (DOMAIN.md §1.6); the cost line posts on its own.
    if (!journal.isPosted(sales)) return Refusal.waitsFor(transaction.id);
    return {
      source: transaction.id, lineType: "Time and material", project: transaction.project, category: transaction.category,
      resource: transaction.resource, date: transaction.date, quantity: transaction.quantity, salesPrice: journal.price(sales), amount: journal.amount(sales),
      salesTaxGroup: journal.salesTaxGroup(sales), itemSalesTaxGroup: journal.itemSalesTaxGroup(sales), dimensions: journal.dimensions(sales),
      projectGroup: journal.projectGroup(sales), accrual: journal.posting(sales), onAccount: null, line: 0, taxes: NO_TAXES, tax: ZERO,
    };
  }
  const milestone = context.onAccount.get(source.source);
  if (milestone) {
    const m = milestone.milestone;
    if (m.contract !== proforma.contract) return Refusal.error("Source", `Milestone ${m.id} belongs to contract ${m.contract}, not ${proforma.contract}`);
    if (m.legacyInvoiced) {
      return Refusal.error("Source", `Milestone ${m.id} was invoiced in the legacy system: the cutover rehearsal migrates it, and invoicing it again would bill the customer twice`);
    }
    if (m.invoiceStatus !== "Ready for invoicing") {
      return Refusal.error("Source", `Milestone ${m.id} is '${m.invoiceStatus}': only milestones that are Ready for invoicing can be invoiced`);
    }
    if (milestone.problem) return Refusal.error("Source", `Milestone ${m.id} cannot be invoiced: ${milestone.problem}`);
    return {
      source: m.id, lineType: "Milestone", project: milestone.project?.id ?? "", category: null, resource: null, date: m.date,
      quantity: null, salesPrice: null, amount: milestone.amount, salesTaxGroup: milestone.salesTaxGroup, itemSalesTaxGroup: milestone.itemSalesTaxGroup,
      dimensions: milestone.dimensions, projectGroup: milestone.project ? (book.projectGroups.get(milestone.project.projectGroup) ?? null) : null,
      accrual: null, onAccount: milestone, line: 0, taxes: NO_TAXES, tax: ZERO,
    };
  }
  const badRow = book.rejectedTransactions.get(source.source) ?? book.rejectedMilestones.get(source.source);
  if (badRow !== undefined) return Refusal.waitsFor(source.source);
  return Refusal.error("Source", `Unknown source '${source.source}': name a Transaction or a Milestone id`);
}

/** Rate, tax and totals of a proposal whose lines are all ready. */
function completeProposal(context: Context, proposal: InvoiceProposal, drafts: DraftLine[]): void {
  const { book, issues } = context;
  const sheet = book.sheets.get("ProformaInvoices") ?? "ProformaInvoices";
  const accounting = book.parameters.accountingCurrency;
  const unknownRounding = currencyProblem(book, proposal.currency) ?? currencyProblem(book, accounting);
  if (unknownRounding) {
    issues.once(`currency:${unknownRounding}`, "Error", sheet, proposal.proforma.row, "Contract", unknownRounding);
    proposal.blockedBy.push(unknownRounding);
  }
  const query = { currency: proposal.currency, date: proposal.invoiceDate, contract: proposal.contract?.id ?? null };
  const rate = resolveExchangeRate(book, context.rates, query);
  if (!rate) {
    issues.error(sheet, proposal.proforma.row, "Invoice date", rateProblem(book, context.rates, query));
    proposal.blockedBy.push(`exchange rate ${proposal.currency} → ${accounting} on ${proposal.invoiceDate}`);
  }
  const codes = drafts.map((d) => {
    const result = context.taxes.applicableTaxCodes(d.salesTaxGroup, d.itemSalesTaxGroup, proposal.invoiceDate);
    if (!result.ok) {
      issues.once(`tax:${result.message}`, "Error", sheet, proposal.proforma.row, "Invoice date", `${result.message}; proposal ${proposal.id} waits`);
      if (!proposal.blockedBy.includes(result.message)) proposal.blockedBy.push(result.message);
      return [];
    }
    return result.codes;
  });
  if (proposal.blockedBy.length) {
    proposal.status = "Waiting";
    return;
  }
  const rounding = currencyRounding(book, proposal.currency);
  const taxes = calculateSalesTax(drafts.map((d, i) => ({ base: d.amount, codes: codes[i] })), book.parameters.salesTaxCalculation, rounding);
  drafts.forEach((d, i) => {
    let tax = ZERO;
    for (const t of taxes[i]) tax = tax.plus(t.amount);
    d.line = i + 1;
    d.taxes = taxes[i];
    d.tax = tax;
  });
  proposal.lines = drafts;
  let net = ZERO;
  let tax = ZERO;
  for (const line of proposal.lines) {
    net = net.plus(line.amount);
    tax = tax.plus(line.tax);
  }
  proposal.net = net;
  proposal.tax = tax;
  proposal.total = net.plus(tax);
  proposal.rate = rate;
  proposal.accountingTotal = rate ? toAccountingAmount(proposal.total, rate, currencyRounding(book, accounting)) : null;
  // "Posted" is provisional: invoice posting confirms it, or makes the proposal wait for a missing account.
  proposal.status = proposal.proforma.post ? "Posted" : "Pro forma";
}
