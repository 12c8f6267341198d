/**
 * Stage 4: typed results become the output tables of SPEC §5, in its column order, with the `Dim …`
 * columns after them where the sheet carries dimensions. Cells are exact: text, or numbers handed to a row
 * writer as their exact parts (workbook.ts).
 */
import type { Decimal } from "../core/decimal";
import { formatAmount, formatNumber } from "../core/money";
import type { Issue } from "../core/issues";
import type { Dimensions } from "../1-parse/dimensions";
import type { DimensionRegistry } from "../1-parse/dimensions";
import { writtenRows, type CellWriter, type ColumnKind, type OutputCell, type OutputColumn, type OutputTable } from "../workbook";
import type { IntegrationJournal } from "../2-rules/integration-journal-store";
import type { JournalPosting } from "../2-rules/journal-posting";
import type { ForecastPreviewLine } from "../2-rules/hour-forecast";
import { displayRate, toAccountingAmount } from "../2-rules/currency";
import type { InvoiceProposal, ProposalLine } from "../2-rules/invoice-proposals";
import type { LineTax } from "../2-rules/sales-tax";
import { documentLineCount, documentLines, type DocumentLine } from "../2-rules/invoice-documents";
import type { CutoverRehearsal } from "../2-rules/cutover";
import type { Reconciliation } from "../3-ledger/reconciliation";
import type { MilestoneStatus } from "../1-parse/model";
import { emptyLineParts, type Voucher, type VoucherLine, type VoucherLineParts } from "../3-ledger/voucher";
import type { TrialBalance } from "../3-ledger/trial-balance";

/** Every output sheet of SPEC §5: a workbook sheet of one of these names (or `Name 2`, …) is replaced on each run. */
export const OUTPUT_SHEET_NAMES = [
  "IntegrationJournal", "GLVouchers", "TrialBalance", "InvoiceProposals", "ProposalLines", "SalesTax", "InvoiceDocuments",
  "ForecastPreview", "CutoverReport", "CutoverMilestones", "Reconciliation", "Issues",
] as const;

const col = (name: string, kind: ColumnKind = "text"): OutputColumn => ({ name, kind });

export const OUTPUT_COLUMNS = {
  IntegrationJournal: [
    col("Journal"), col("Line", "integer"), col("Voucher"), col("Transaction"), col("Project"), col("Category"), col("Line type"),
    col("Resource"), col("Date", "date"), col("Quantity", "number"), col("Price", "number"), col("Amount", "amount"), col("Currency"),
    col("Exchange rate", "number"), col("Accounting amount", "amount"), col("Sales tax group"), col("Item sales tax group"), col("Status"),
  ],
  GLVouchers: [
    col("Voucher"), col("Date", "date"), col("Source"), col("Source id"), col("Main account"), col("Account name"), col("Posting type"),
    col("Project"), col("Currency"), col("Amount", "amount"), col("Exchange rate", "number"), col("Accounting amount", "amount"),
  ],
  TrialBalance: [col("Main account"), col("Account name"), col("Debit", "amount"), col("Credit", "amount"), col("Balance", "amount")],
  ForecastPreview: [
    col("Project"), col("Category"), col("Date", "date"), col("Hours", "number"), col("Sales price", "number"), col("Amount", "amount"),
    col("Currency"), col("Exchange rate", "number"), col("Accounting amount", "amount"),
  ],
  InvoiceProposals: [
    col("Proposal"), col("Contract"), col("Customer"), col("Currency"), col("Invoice date", "date"), col("Status"), col("Invoice"),
    col("Net amount", "amount"), col("Sales tax", "amount"), col("Total", "amount"), col("Exchange rate", "number"), col("Accounting total", "amount"),
    col("Blocked by"),
  ],
  ProposalLines: [
    col("Proposal"), col("Line", "integer"), col("Source"), col("Line type"), col("Project"), col("Category"), col("Quantity", "number"),
    col("Sales price", "number"), col("Amount", "amount"), col("Sales tax group"), col("Item sales tax group"), col("Sales tax", "amount"),
  ],
  SalesTax: [
    col("Proposal"), col("Line", "integer"), col("Tax code"), col("Base", "amount"), col("Rate", "number"), col("Tax amount", "amount"),
    col("Currency"), col("Accounting amount", "amount"),
  ],
  InvoiceDocuments: [
    col("Proposal"), col("Invoice"), col("Format"), col("Line", "integer"), col("Description"), col("Quantity", "number"), col("Amount", "amount"),
  ],
  CutoverReport: [col("Check"), col("Result"), col("Detail")],
  CutoverMilestones: [
    col("Milestone"), col("Contract"), col("Contract line"), col("Amount", "amount"), col("Migrated"), col("Dataverse status"),
    col("Finance status"), col("Ledger impact", "amount"), col("Note"),
  ],
  Reconciliation: [
    col("Source id"), col("Main account"), col("Posting type"), col("Simulated", "amount"), col("Posted", "amount"), col("Difference", "amount"),
    col("Status"), col("Explanation"),
  ],
  Issues: [col("Severity"), col("Sheet"), col("Row", "integer"), col("Column"), col("Message")],
} as const;

const amount = (d: Decimal | null): OutputCell => (d === null ? null : formatAmount(d));
const num = (d: Decimal | null): OutputCell => (d === null ? null : formatNumber(d));

/** The same cells handed to a row writer: an amount with at least two decimals (formatAmount), a number as it is (formatNumber). */
function writeAmount(to: CellWriter, d: Decimal | null, negated = false): void {
  if (d === null) to.text(null);
  else d.writePlain(to, 2, negated);
}
function writeNumber(to: CellWriter, d: Decimal | null): void {
  if (d === null) to.text(null);
  else d.writePlain(to, 0);
}
const writeInteger = (to: CellWriter, n: number): void => to.decimal(n, 0, 0);

function withDimensions(columns: readonly OutputColumn[], dims: DimensionRegistry): OutputColumn[] {
  return [...columns, ...dims.columns().map((d) => col(d.title))];
}

export const integrationJournalColumns = (dims: DimensionRegistry): OutputColumn[] => withDimensions(OUTPUT_COLUMNS.IntegrationJournal, dims);
export const glVoucherColumns = (dims: DimensionRegistry): OutputColumn[] => withDimensions(OUTPUT_COLUMNS.GLVouchers, dims);

/**
 * Writes the cells of a row's dimensions, in the registry's column order. Rows share their dimension maps
 * (one per distinct set of values, dimensions.ts), and a voucher's lines follow one another: the cells of the
 * map met last are kept rather than looked up key by key on every row.
 */
function dimensionCellsOf(dims: DimensionRegistry): (to: CellWriter, values: Dimensions) => void {
  const keys = dims.columns().map((d) => d.key);
  let last: Dimensions | null = null;
  const cells: (string | null)[] = keys.map(() => null);
  return (to, values) => {
    if (values !== last) {
      for (let i = 0; i < keys.length; i++) cells[i] = values.get(keys[i]) ?? null;
      last = values;
    }
    for (let i = 0; i < cells.length; i++) to.text(cells[i]);
  };
}

export function integrationJournalTable(journal: IntegrationJournal, dims: DimensionRegistry): OutputTable {
  const dimensionCells = dimensionCellsOf(dims);
  return {
    name: "IntegrationJournal",
    columns: integrationJournalColumns(dims),
    rows: writtenRows(journal.length, (i, to) => {
      const transaction = journal.transaction(i);
      const posting = journal.posting(i);
      const rate = journal.rate(i);
      to.text(journal.journal(i));
      writeInteger(to, journal.lineNumber(i));
      to.text(posting ? posting.number : null);
      to.text(transaction.id);
      to.text(transaction.project);
      to.text(transaction.category);
      to.text(journal.lineType(i));
      to.text(transaction.resource);
      to.text(transaction.date);
      writeNumber(to, transaction.quantity);
      writeNumber(to, journal.price(i));
      writeJournalAmount(to, journal, i, "amount", false);
      to.text(journal.currency(i));
      writeNumber(to, rate ? displayRate(rate) : null);
      writeJournalAmount(to, journal, i, "accounting amount", false);
      to.text(journal.salesTaxGroup(i));
      to.text(journal.itemSalesTaxGroup(i));
      to.text(journal.status(i));
      dimensionCells(to, journal.dimensions(i));
    }),
  };
}

/**
 * Nested lists (vouchers → lines, proposals → lines → taxes) flattened into table rows: where each outer
 * item's rows begin, so that a row is found as (outer item, place in it). Writers go row by row, so the item
 * found last and the one after it are tried first; any other row is found by binary search. Two numbers per
 * outer item rather than two per row: at a full sheet that is 8 MB for the voucher lines, not 50.
 */
class FlatIndex {
  readonly length: number;
  /** starts[k] is the first row of outer item k; starts[n] is the number of rows. */
  private readonly starts: Int32Array;
  /** The row `locate` found last: its outer item and its place in that item. */
  outer = 0;
  inner = 0;

  constructor(private readonly count: number, rowsOf: (index: number) => number) {
    this.starts = new Int32Array(count + 1);
    let length = 0;
    // Each count once: some (an invoice document's lines) take work to count.
    for (let i = 0; i < count; i++) {
      this.starts[i] = length;
      length += rowsOf(i);
    }
    this.starts[count] = length;
    this.length = length;
  }

  /** Sets `outer` and `inner` to row `row`'s (0 ≤ row < length). */
  locate(row: number): void {
    const s = this.starts;
    let k = this.outer;
    if (row < s[k] || row >= s[k + 1]) {
      if (k + 2 <= this.count && row >= s[k + 1] && row < s[k + 2]) k++;
      else {
        // The last item that begins at or before the row (items without rows begin where the next does).
        let low = 0;
        let high = this.count - 1;
        while (low < high) {
          const mid = (low + high + 1) >> 1;
          if (s[mid] <= row) low = mid;
          else high = mid - 1;
        }
        k = low;
      }
      this.outer = k;
    }
    this.inner = row - s[k];
  }
}

function flatIndex<T>(outer: readonly T[], inner: (item: T, index: number) => number): FlatIndex {
  return new FlatIndex(outer.length, (i) => inner(outer[i], i));
}

const NO_LINES: readonly VoucherLine[] = [];

export function glVoucherTable(vouchers: readonly Voucher[], lineCounts: Int32Array, dims: DimensionRegistry): OutputTable {
  const dimensionCells = dimensionCellsOf(dims);
  const index = flatIndex(vouchers, (_, i) => lineCounts[i]);
  let current: Voucher | null = null;
  let currentLines: Voucher["lines"] = [];
  let currentNumber = "";
  let currentDate = "";
  let currentSource = "";
  // A journal voucher's two lines share everything but account, posting type and sign: read from the journal once per voucher.
  let journal: IntegrationJournal | null = null;
  let line = 0;
  let project = "";
  let currency = "";
  let rate: Decimal | null = null;
  let dimensions: Dimensions = new Map();
  // Any other voucher that can tell a line's parts fills this one object, row after row; others' lines are derived once per voucher.
  const parts = emptyLineParts();
  return {
    name: "GLVouchers",
    columns: glVoucherColumns(dims),
    rows: writtenRows(index.length, (i, to) => {
      index.locate(i);
      const v = vouchers[index.outer];
      // Voucher numbers (and lines, where derived) are made when read; writers go row by row, so keep the current voucher's.
      if (v !== current) {
        current = v;
        currentNumber = v.number;
        currentDate = v.date;
        currentSource = v.sourceId;
        journal = null;
        currentLines = NO_LINES;
        if (isJournalPosting(v)) {
          journal = v.journal;
          line = v.journalLine;
          project = journal.transaction(line).project;
          currency = journal.currency(line);
          const lineRate = journal.rate(line);
          rate = lineRate ? displayRate(lineRate) : null;
          dimensions = journal.dimensions(line);
        } else if (!v.readLine) currentLines = v.lines;
      }
      to.text(currentNumber);
      to.text(currentDate);
      to.text(v.source);
      to.text(currentSource);
      if (journal) {
        const posting = v as JournalPosting;
        const account = posting.account(index.inner);
        const credit = index.inner === 1;
        to.text(account.mainAccount);
        to.text(account.accountName);
        to.text(posting.postingType(index.inner));
        to.text(project);
        to.text(currency);
        writeJournalAmount(to, journal, line, "amount", credit);
        writeNumber(to, rate);
        writeJournalAmount(to, journal, line, "accounting amount", credit);
        dimensionCells(to, dimensions);
        return;
      }
      let l: VoucherLineParts | VoucherLine;
      let negated = false;
      if (v.readLine) {
        v.readLine(index.inner, parts);
        l = parts;
        negated = parts.negated;
      } else l = currentLines[index.inner];
      to.text(l.mainAccount);
      to.text(l.accountName);
      to.text(l.postingType);
      to.text(l.project);
      to.text(l.currency);
      writeAmount(to, l.amount, negated);
      writeNumber(to, l.rate);
      writeAmount(to, l.accountingAmount, negated);
      dimensionCells(to, l.dimensions);
    }),
  };
}

/** A journal line's amount or accounting amount written from the journal's numbers, made as a decimal only when they do not hold it. */
function writeJournalAmount(to: CellWriter, journal: IntegrationJournal, line: number, which: "amount" | "accounting amount", negated: boolean): void {
  const accounting = which === "accounting amount";
  const units = accounting ? journal.accountingUnitsAt(line) : journal.amountUnitsAt(line);
  if (Number.isNaN(units)) writeAmount(to, accounting ? journal.accountingAmount(line) : journal.amount(line), negated);
  else to.decimal(negated && units !== 0 ? -units : units, accounting ? journal.accountingScaleAt(line) : journal.amountScaleAt(line), 2);
}

function isJournalPosting(v: Voucher): v is JournalPosting {
  return v.source === "Journal";
}

export function trialBalanceTable(tb: TrialBalance): OutputTable {
  return {
    name: "TrialBalance",
    columns: OUTPUT_COLUMNS.TrialBalance,
    rows: [...tb.accounts, tb.total].map((a) => [a.mainAccount, a.accountName, amount(a.debit), amount(a.credit), amount(a.balance)]),
  };
}

export function forecastPreviewTable(lines: readonly ForecastPreviewLine[]): OutputTable {
  return {
    name: "ForecastPreview",
    columns: OUTPUT_COLUMNS.ForecastPreview,
    rows: lines.map((l) => [
      l.forecast.project, l.forecast.category, l.forecast.date, num(l.forecast.hours), num(l.forecast.salesPrice), amount(l.amount),
      l.currency, l.rate ? num(displayRate(l.rate)) : null, amount(l.accountingAmount),
    ]),
  };
}

export function invoiceProposalsTable(proposals: readonly InvoiceProposal[]): OutputTable {
  return {
    name: "InvoiceProposals",
    columns: OUTPUT_COLUMNS.InvoiceProposals,
    rows: proposals.map((p) => [
      p.id, p.proforma.contract, p.contract?.customer ?? null, p.currency || null, p.invoiceDate, p.status, p.invoice,
      amount(p.net), amount(p.tax), amount(p.total), p.rate ? num(displayRate(p.rate)) : null, amount(p.accountingTotal),
      p.blockedBy.length ? p.blockedBy.join("; ") : null,
    ]),
  };
}

export function proposalLinesTable(proposals: readonly InvoiceProposal[], dims: DimensionRegistry): OutputTable {
  const dimensionCells = dimensionCellsOf(dims);
  const index = flatIndex(proposals, (p) => p.lines.length);
  return {
    name: "ProposalLines",
    columns: withDimensions(OUTPUT_COLUMNS.ProposalLines, dims),
    rows: writtenRows(index.length, (i, to) => {
      index.locate(i);
      const p = proposals[index.outer];
      const l = p.lines[index.inner];
      to.text(p.id);
      writeInteger(to, l.line);
      to.text(l.source);
      to.text(l.lineType);
      to.text(l.project);
      to.text(l.category);
      writeNumber(to, l.quantity);
      writeNumber(to, l.salesPrice);
      writeAmount(to, l.amount);
      to.text(l.salesTaxGroup);
      to.text(l.itemSalesTaxGroup);
      writeAmount(to, l.tax);
      dimensionCells(to, l.dimensions);
    }),
  };
}

/** One row per proposal line and tax code; the accounting amount at the proposal's rate. */
export function salesTaxTable(proposals: readonly InvoiceProposal[], accountingRounding: Decimal): OutputTable {
  const lines = proposals.flatMap((p) => p.lines.length ? [{ p, lines: p.lines }] : []);
  const index = flatIndex(lines, ({ lines: ls }) => {
    let count = 0;
    for (const l of ls) count += l.taxes.length;
    return count;
  });
  // Taxes of the current proposal, flattened when a writer reaches it, each with its line (two lists, filled again per proposal).
  let current = -1;
  const taxLines: ProposalLine[] = [];
  const taxes: LineTax[] = [];
  return {
    name: "SalesTax",
    columns: OUTPUT_COLUMNS.SalesTax,
    rows: writtenRows(index.length, (i, to) => {
      index.locate(i);
      const { p, lines: ls } = lines[index.outer];
      if (index.outer !== current) {
        current = index.outer;
        taxLines.length = 0;
        taxes.length = 0;
        for (const line of ls) {
          for (const tax of line.taxes) {
            taxLines.push(line);
            taxes.push(tax);
          }
        }
      }
      const l = taxLines[index.inner];
      const t = taxes[index.inner];
      to.text(p.id);
      writeInteger(to, l.line);
      to.text(t.code.code);
      writeAmount(to, t.base);
      writeNumber(to, t.rate);
      writeAmount(to, t.amount);
      to.text(p.currency);
      writeAmount(to, p.rate ? toAccountingAmount(t.amount, p.rate, accountingRounding) : null);
    }),
  };
}

/** The printed documents, laid out one proposal at a time as a writer reaches them. */
export function invoiceDocumentsTable(proposals: readonly InvoiceProposal[]): OutputTable {
  const index = flatIndex(proposals, documentLineCount);
  let current = -1;
  let lines: DocumentLine[] = [];
  return {
    name: "InvoiceDocuments",
    columns: OUTPUT_COLUMNS.InvoiceDocuments,
    rows: writtenRows(index.length, (i, to) => {
      index.locate(i);
      if (index.outer !== current) {
        current = index.outer;
        lines = documentLines(proposals[current]);
      }
      const l = lines[index.inner];
      to.text(l.proposal);
      to.text(l.invoice);
      to.text(l.format);
      writeInteger(to, l.line);
      to.text(l.description);
      writeNumber(to, l.quantity);
      writeAmount(to, l.amount);
    }),
  };
}

export function cutoverReportTable(rehearsal: CutoverRehearsal): OutputTable {
  return { name: "CutoverReport", columns: OUTPUT_COLUMNS.CutoverReport, rows: rehearsal.checks.map((c) => [c.check, c.result, c.detail]) };
}

const STATUS_CODE: Record<MilestoneStatus, number> = {
  "Not ready for invoicing": 192350000, "Ready for invoicing": 192350001, "Customer invoice created": 192350002, "Customer invoice posted": 192350003,
};

export function cutoverMilestonesTable(rehearsal: CutoverRehearsal): OutputTable {
  return {
    name: "CutoverMilestones",
    columns: OUTPUT_COLUMNS.CutoverMilestones,
    rows: rehearsal.milestones.map((m) => [
      m.onAccount.milestone.id, m.onAccount.milestone.contract, m.onAccount.milestone.contractLine, amount(m.onAccount.amount),
      m.migrated ? "Yes" : "No", m.dataverseStatus ? `${m.dataverseStatus} (${STATUS_CODE[m.dataverseStatus]})` : null,
      m.migrated ? m.financeStatus : null, amount(m.ledgerImpact), [...m.exposures, ...m.risks, ...m.notes].join("; ") || null,
    ]),
  };
}

/** The matched pairs, then one summary row per main account (Source id `Account total`). */
export function reconciliationTable(reconciliation: Reconciliation): OutputTable {
  return {
    name: "Reconciliation",
    columns: OUTPUT_COLUMNS.Reconciliation,
    rows: [...reconciliation.rows, ...reconciliation.accounts].map((r) => [
      r.sourceId, r.mainAccount, r.postingType || null, amount(r.simulated), amount(r.posted), amount(r.difference), r.status, r.explanation || null,
    ]),
  };
}

export function issuesTable(issues: readonly Issue[]): OutputTable {
  return {
    name: "Issues",
    columns: OUTPUT_COLUMNS.Issues,
    rows: issues.map((i) => [i.severity, i.sheet, i.row === null ? null : String(i.row), i.column, i.message]),
  };
}
