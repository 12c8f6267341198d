/**
 * Stage 4: typed results become the output tables of SPEC §5, in its column order, with the `Dim …`
 * columns after them where the sheet carries dimensions. Cells are exact text (workbook.ts).
 */
import type { Decimal } from "../core/decimal";
import { formatAmount, formatNumber } from "../core/money";
import type { Issue } from "../core/issues";
import type { Dimensions } from "../1-parse/dimensions";
import type { DimensionRegistry } from "../1-parse/dimensions";
import { filledRows, type ColumnKind, type OutputCell, type OutputColumn, type OutputTable } from "../workbook";
import type { IntegrationJournalLine } from "../2-rules/integration-journal";
import type { ForecastPreviewLine } from "../2-rules/hour-forecast";
import { displayRate, toAccountingAmount } from "../2-rules/currency";
import type { InvoiceProposal } from "../2-rules/invoice-proposals";
import { documentLineCount, documentLines, type DocumentLine } from "../2-rules/invoice-documents";
import type { CutoverRehearsal } from "../2-rules/cutover";
import type { Reconciliation } from "../3-ledger/reconciliation";
import type { MilestoneStatus } from "../1-parse/model";
import type { Voucher } from "../3-ledger/voucher";
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

function withDimensions(columns: readonly OutputColumn[], dims: DimensionRegistry): OutputColumn[] {
  return [...columns, ...dims.columns().map((d) => col(d.title))];
}

/**
 * Sets the cells of a row's dimensions from `at` on, in the registry's column order (keys looked up once per
 * table), and returns the row's width.
 */
function dimensionCellsOf(dims: DimensionRegistry): (row: OutputCell[], at: number, values: Dimensions) => number {
  const keys = dims.columns().map((d) => d.key);
  return (row, at, values) => {
    for (const key of keys) row[at++] = values.size ? (values.get(key) ?? null) : null;
    return at;
  };
}

export function integrationJournalTable(lines: readonly IntegrationJournalLine[], dims: DimensionRegistry): OutputTable {
  const dimensionCells = dimensionCellsOf(dims);
  return {
    name: "IntegrationJournal",
    columns: withDimensions(OUTPUT_COLUMNS.IntegrationJournal, dims),
    rows: filledRows(lines.length, (i, cells) => {
      const l = lines[i];
      let k = 0;
      cells[k++] = l.journal;
      cells[k++] = String(l.line);
      cells[k++] = l.posting ? l.posting.number : null;
      cells[k++] = l.transaction.id;
      cells[k++] = l.transaction.project;
      cells[k++] = l.transaction.category;
      cells[k++] = l.lineType;
      cells[k++] = l.transaction.resource;
      cells[k++] = l.transaction.date;
      cells[k++] = num(l.transaction.quantity);
      cells[k++] = num(l.price);
      cells[k++] = amount(l.amount);
      cells[k++] = l.currency;
      cells[k++] = l.rate ? num(displayRate(l.rate)) : null;
      cells[k++] = amount(l.accountingAmount);
      cells[k++] = l.salesTaxGroup;
      cells[k++] = l.itemSalesTaxGroup;
      cells[k++] = l.status;
      return dimensionCells(cells, k, l.dimensions);
    }),
  };
}

/**
 * Flattens nested lists (vouchers → lines, proposals → lines → taxes) into an index of (outer, inner)
 * pairs, so that a table of their inner items can be formatted row by row.
 */
function flatIndex<T>(outer: readonly T[], inner: (item: T, index: number) => number): { length: number; outer: Int32Array; inner: Int32Array } {
  // Each count once: some (an invoice document's lines) take work to count.
  const counts = new Int32Array(outer.length);
  let length = 0;
  for (let i = 0; i < outer.length; i++) length += counts[i] = inner(outer[i], i);
  const o = new Int32Array(length);
  const n = new Int32Array(length);
  for (let i = 0, k = 0; i < counts.length; i++) {
    for (let j = 0; j < counts[i]; j++, k++) {
      o[k] = i;
      n[k] = j;
    }
  }
  return { length, outer: o, inner: n };
}

export function glVoucherTable(vouchers: readonly Voucher[], lineCounts: Int32Array, dims: DimensionRegistry): OutputTable {
  const dimensionCells = dimensionCellsOf(dims);
  const index = flatIndex(vouchers, (_, i) => lineCounts[i]);
  let current: Voucher | null = null;
  let currentLines: Voucher["lines"] = [];
  let currentNumber = "";
  return {
    name: "GLVouchers",
    columns: withDimensions(OUTPUT_COLUMNS.GLVouchers, dims),
    rows: filledRows(index.length, (i, cells) => {
      const v = vouchers[index.outer[i]];
      // Voucher lines and numbers are derived when read; writers go row by row, so keep the current voucher's.
      if (v !== current) {
        current = v;
        currentLines = v.lines;
        currentNumber = v.number;
      }
      const l = currentLines[index.inner[i]];
      let k = 0;
      cells[k++] = currentNumber;
      cells[k++] = v.date;
      cells[k++] = v.source;
      cells[k++] = v.sourceId;
      cells[k++] = l.mainAccount;
      cells[k++] = l.accountName;
      cells[k++] = l.postingType;
      cells[k++] = l.project;
      cells[k++] = l.currency;
      cells[k++] = amount(l.amount);
      cells[k++] = num(l.rate);
      cells[k++] = amount(l.accountingAmount);
      return dimensionCells(cells, k, l.dimensions);
    }),
  };
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
    rows: filledRows(index.length, (i, cells) => {
      const p = proposals[index.outer[i]];
      const l = p.lines[index.inner[i]];
      let k = 0;
      cells[k++] = p.id;
      cells[k++] = String(l.line);
      cells[k++] = l.source;
      cells[k++] = l.lineType;
      cells[k++] = l.project;
      cells[k++] = l.category;
      cells[k++] = num(l.quantity);
      cells[k++] = num(l.salesPrice);
      cells[k++] = amount(l.amount);
      cells[k++] = l.salesTaxGroup;
      cells[k++] = l.itemSalesTaxGroup;
      cells[k++] = amount(l.tax);
      return dimensionCells(cells, k, l.dimensions);
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
  // Taxes of the current proposal, flattened when a writer reaches it.
  let current = -1;
  let taxes: { line: InvoiceProposal["lines"][number]; tax: InvoiceProposal["lines"][number]["taxes"][number] }[] = [];
  return {
    name: "SalesTax",
    columns: OUTPUT_COLUMNS.SalesTax,
    rows: filledRows(index.length, (i, cells) => {
      const { p, lines: ls } = lines[index.outer[i]];
      if (index.outer[i] !== current) {
        current = index.outer[i];
        taxes = ls.flatMap((line) => line.taxes.map((tax) => ({ line, tax })));
      }
      const { line: l, tax: t } = taxes[index.inner[i]];
      let k = 0;
      cells[k++] = p.id;
      cells[k++] = String(l.line);
      cells[k++] = t.code.code;
      cells[k++] = amount(t.base);
      cells[k++] = num(t.rate);
      cells[k++] = amount(t.amount);
      cells[k++] = p.currency;
      cells[k++] = p.rate ? amount(toAccountingAmount(t.amount, p.rate, accountingRounding)) : null;
      return k;
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
    rows: filledRows(index.length, (i, cells) => {
      if (index.outer[i] !== current) {
        current = index.outer[i];
        lines = documentLines(proposals[current]);
      }
      const l = lines[index.inner[i]];
      let k = 0;
      cells[k++] = l.proposal;
      cells[k++] = l.invoice;
      cells[k++] = l.format;
      cells[k++] = String(l.line);
      cells[k++] = l.description;
      cells[k++] = num(l.quantity);
      cells[k++] = amount(l.amount);
      return k;
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
