/**
 * The simulation engine: workbook tables in, output tables and issues out. Pure TypeScript on
 * decimal.js; it runs the same in Excel, in a browser and on the command line.
 *
 * The pipeline, in the order of the folders:
 *   1-parse   sheets → typed records + row-level issues
 *   2-rules   currency · posting setup · tax groups · integration journal · hour forecasts ·
 *             milestones · sales tax · invoice proposals · invoice posting · invoice documents ·
 *             cutover rehearsal
 *   3-ledger  vouchers, the balance invariant, trial balance, reconciliation with posted vouchers
 *   4-output  records → output tables (SPEC §5)
 */
import { IssueLog, type Issue } from "./core/issues";
import { ZERO } from "./core/decimal";
import { formatAmount } from "./core/money";
import type { InputWorkbook, OutputTable } from "./workbook";
import { contractLineKey, readWorkbook } from "./1-parse/read-workbook";
import { RateTable } from "./2-rules/currency";
import { PostingSetup } from "./2-rules/posting-setup";
import { buildIntegrationJournal } from "./2-rules/integration-journal";
import { IntegrationJournal } from "./2-rules/integration-journal-store";
import { postIntegrationJournal, type JournalPosting } from "./2-rules/journal-posting";
import type { DimensionRegistry } from "./1-parse/dimensions";
import { previewHourForecasts } from "./2-rules/hour-forecast";
import { onAccountTransactions } from "./2-rules/milestones";
import { SalesTaxSetup } from "./2-rules/sales-tax";
import { createInvoiceProposals, type InvoiceProposal } from "./2-rules/invoice-proposals";
import { postInvoices } from "./2-rules/invoice-posting";
import { currencyRounding } from "./2-rules/currency";
import { rehearseCutover, type CutoverRehearsal } from "./2-rules/cutover";
import type { Voucher } from "./3-ledger/voucher";
import type { TrialBalance } from "./3-ledger/trial-balance";
import { Ledger } from "./3-ledger/ledger";
import { reconcile, type MatchStatus } from "./3-ledger/reconciliation";
import {
  cutoverMilestonesTable, cutoverReportTable, forecastPreviewTable, glVoucherTable, reconciliationTable, integrationJournalTable, invoiceDocumentsTable, invoiceProposalsTable, issuesTable,
  proposalLinesTable, salesTaxTable, trialBalanceTable,
} from "./4-output/tables";

export type { InputWorkbook, InputSheet, CellValue, OutputTable, OutputColumn, OutputCell, ColumnKind } from "./workbook";
export type { Issue, Severity } from "./core/issues";
export { INPUT_SHEETS, PARAMETER_KEYS } from "./1-parse/schema";
export type { SheetSpec, ColumnSpec, ColumnType } from "./1-parse/schema";
export { OUTPUT_SHEET_NAMES } from "./4-output/tables";
export { normalizeName } from "./1-parse/cells";

export interface SimulationSummary {
  readonly journalLines: number;
  readonly blockedLines: number;
  readonly vouchers: number;
  readonly voucherLines: number;
  /** Every voucher sums to zero in the accounting currency. */
  readonly balanced: boolean;
  readonly proposals: number;
  readonly invoices: number;
  readonly errors: number;
  readonly warnings: number;
  /** Cutover rehearsal: checks failed, and what it would cost in accounting currency; null when none was rehearsed. */
  readonly cutover: { readonly failed: number; readonly ledgerImpact: string } | null;
  /** Reconciliation pairs per status; null when the workbook has no PostedVouchers sheet. */
  readonly reconciliation: Readonly<Record<MatchStatus, number>> | null;
}

export interface SimulationResult {
  readonly tables: readonly OutputTable[];
  readonly issues: readonly Issue[];
  readonly summary: SimulationSummary;
  /** Typed results, for hosts and tests that need more than tables. */
  readonly journal: IntegrationJournal;
  readonly vouchers: readonly Voucher[];
  readonly proposals: readonly InvoiceProposal[];
  /** Null when the workbook has no cutover to rehearse (no Legacy invoiced milestone, no CutoverRunbook). */
  readonly cutover: CutoverRehearsal | null;
  readonly trialBalance: TrialBalance | null;
  /** From Parameters; null when the workbook does not say. */
  readonly accountingCurrency: string | null;
}

export type ProgressStage = "parse" | "journal" | "invoicing" | "ledger" | "output";

export interface SimulationOptions {
  /** Called as each stage starts; `fraction` is the share of the work done so far. */
  readonly onProgress?: (stage: ProgressStage, fraction: number) => void;
  /**
   * The caller hands the workbook's rows over: the engine empties each row of the input tables once it has
   * read it, so that a full sheet's text does not stay in memory beside the records made from it.
   */
  readonly consumeInput?: boolean;
  /**
   * Called once the integration journal is posted, before invoicing: nothing later changes the journal or its
   * vouchers, so a host may start writing them meanwhile (the IntegrationJournal table, and the journal vouchers,
   * which are the first of GLVouchers' vouchers, two rows each).
   */
  readonly onJournalPosted?: (posted: PostedJournal) => void;
}

export interface PostedJournal {
  readonly journal: IntegrationJournal;
  /** The journal vouchers in GLVouchers' order. */
  readonly vouchers: readonly JournalPosting[];
  readonly dimensions: DimensionRegistry;
}

export function simulate(book: InputWorkbook, options: SimulationOptions = {}): SimulationResult {
  const progress = options.onProgress ?? (() => undefined);
  const issues = new IssueLog();
  progress("parse", 0);
  const parsed = readWorkbook(book, issues, options.consumeInput ?? false);
  if (!parsed) {
    const all = issues.all();
    return {
      tables: [issuesTable(all)], issues: all, journal: new IntegrationJournal([], "", 0), vouchers: [], proposals: [], cutover: null, trialBalance: null, accountingCurrency: null,
      summary: { journalLines: 0, blockedLines: 0, vouchers: 0, voucherLines: 0, balanced: true, proposals: 0, invoices: 0, errors: issues.count("Error"), warnings: issues.count("Warning"), cutover: null, reconciliation: null },
    };
  }
  progress("journal", 0.3);
  const rates = new RateTable(parsed.exchangeRates, parsed.unreadExchangeRates);
  const setup = new PostingSetup(parsed.postingSetup, parsed.sheets.get("PostingSetup") ?? "PostingSetup", issues, parsed.unreadSetup.postingSetup);
  const journal = buildIntegrationJournal(parsed, rates, issues);
  // Every voucher goes into the ledger as it is posted.
  const ledgerBook = new Ledger(issues);
  const journalVouchers = postIntegrationJournal(parsed, journal, setup, issues, ledgerBook);
  options.onJournalPosted?.({ journal, vouchers: journalVouchers.slice(), dimensions: parsed.dimensions });
  const forecasts = previewHourForecasts(parsed, rates, issues);
  progress("invoicing", 0.5);
  const onAccount = onAccountTransactions(parsed, issues);
  const taxes = new SalesTaxSetup(parsed);
  const proposals = createInvoiceProposals(parsed, rates, taxes, journal, onAccount, issues);
  const invoiceVouchers = postInvoices(parsed, proposals, setup, issues, ledgerBook);
  const vouchers: Voucher[] = journalVouchers;
  for (let i = 0; i < invoiceVouchers.length; i++) vouchers.push(invoiceVouchers[i]);
  const cutover = rehearseCutover(parsed, onAccount, rates, taxes, setup, { journal, proposals }, issues);
  progress("ledger", 0.7);
  const ledger = ledgerBook.close(vouchers);
  const balanced = ledger.balanced;
  const reconciliation = parsed.postedVouchers
    ? reconcile(vouchers, parsed.postedVouchers, {
        accountingCurrency: parsed.parameters.accountingCurrency,
        invoiceToProposal: new Map(proposals.filter((p) => p.invoice).map((p) => [p.invoice as string, p.id])),
        marketRate: (currency, date) => rates.latest(currency, parsed.parameters.accountingCurrency, date)?.rate ?? null,
        fixedRate: (project, currency) => {
          const contract = parsed.projects.get(project)?.contract;
          return parsed.parameters.fixedRateAgreementsEnabled && contract ? (parsed.fixedRateAgreements.get(contractLineKey(contract, currency))?.rate ?? null) : null;
        },
      })
    : null;
  const tb = ledger.trialBalance;
  progress("output", 0.8);
  const all = issues.all();
  const tables = [
    integrationJournalTable(journal, parsed.dimensions),
    glVoucherTable(vouchers, ledger.lineCounts, parsed.dimensions),
    trialBalanceTable(tb),
    invoiceProposalsTable(proposals),
    proposalLinesTable(proposals, parsed.dimensions),
    salesTaxTable(proposals, currencyRounding(parsed, parsed.parameters.accountingCurrency)),
    invoiceDocumentsTable(proposals),
    forecastPreviewTable(forecasts),
    ...(cutover ? [cutoverReportTable(cutover), cutoverMilestonesTable(cutover)] : []),
    ...(reconciliation ? [reconciliationTable(reconciliation)] : []),
    issuesTable(all),
  ];
  progress("output", 1);
  let voucherLines = 0;
  for (let i = 0; i < ledger.lineCounts.length; i++) voucherLines += ledger.lineCounts[i];
  return {
    tables, issues: all, journal, vouchers, proposals, cutover, trialBalance: tb, accountingCurrency: parsed.parameters.accountingCurrency,
    summary: {
      journalLines: journal.length,
      blockedLines: blockedLines(journal),
      vouchers: vouchers.length, voucherLines, balanced,
      proposals: proposals.filter((p) => p.status !== "Rejected").length,
      invoices: proposals.filter((p) => p.status === "Posted").length,
      errors: all.filter((i) => i.severity === "Error").length,
      warnings: all.filter((i) => i.severity === "Warning").length,
      cutover: cutover ? {
        failed: cutover.checks.filter((c) => c.result === "Fail").length,
        ledgerImpact: formatAmount(cutover.milestones.reduce((sum, m) => sum.plus(m.ledgerImpact), ZERO)),
      } : null,
      reconciliation: reconciliation ? reconciliation.counts : null,
    },
  };
}

function blockedLines(journal: IntegrationJournal): number {
  let blocked = 0;
  for (let i = 0; i < journal.length; i++) if (!journal.isPosted(i)) blocked++;
  return blocked;
}
