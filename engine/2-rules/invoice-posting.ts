/**
 * Posting invoice proposals into customer invoices (SPEC §4 "Posting a proposal", DOMAIN.md §4):
 * one voucher per invoice, invoice numbers in pro-forma id order.
 * - time-and-material line: the WIP sales value and accrued revenue its journal posted are reversed at
 *   exactly the accounting amounts they were posted with; Cr Project - invoiced revenue;
 * - milestone line: Cr Project - invoiced revenue on-account;
 * - sales tax: Cr each code's payable account;
 * - Dr Customer balance for the invoice total (net + tax).
 * New amounts use the invoice-date rate (or the fixed rate); the customer balance is converted from the
 * invoice total, and what that leaves against the converted lines goes to the penny difference account,
 * so the voucher sums to exactly zero in the accounting currency.
 */
import { ZERO, type Decimal } from "../core/decimal";
import type { IssueLog } from "../core/issues";
import type { Dimensions } from "../1-parse/dimensions";
import type { PostingType } from "../1-parse/model";
import type { ParsedWorkbook } from "../1-parse/read-workbook";
import { NumberSequence, type Voucher, type VoucherLine, type VoucherPostingType } from "../3-ledger/voucher";
import type { Ledger } from "../3-ledger/ledger";
import { currencyRounding, displayRate, toAccountingAmount, SAME_CURRENCY } from "./currency";
import type { InvoiceProposal, ProposalLine } from "./invoice-proposals";
import { missingAccountMessage, type Account, type PostingSetup } from "./posting-setup";

interface PostingContext {
  readonly book: ParsedWorkbook;
  readonly setup: PostingSetup;
  readonly accounting: string;
  readonly accountingRounding: Decimal;
}

interface InvoiceLines {
  readonly lines: VoucherLine[];
  readonly missingAccounts: readonly { type: PostingType; group: string; category: string }[];
  /** A penny difference with no account to take it. */
  readonly unplacedPenny: Decimal | null;
}

/**
 * The voucher lines of a proposal's invoice, in order: per proposal line its accrual reversal, its
 * revenue and its sales tax; the customer balance; the penny difference. Pure: posting calls it to check
 * and number the invoice, and the voucher calls it again whenever its lines are read.
 */
function invoiceLines(ctx: PostingContext, proposal: InvoiceProposal): InvoiceLines {
  const { setup, accounting, accountingRounding } = ctx;
  const rate = proposal.rate as NonNullable<InvoiceProposal["rate"]>;
  const shown = displayRate(rate);
  const missingAccounts: { type: PostingType; group: string; category: string }[] = [];
  const account = (type: PostingType, group: string, category: string): Account | null => {
    const found = setup.resolveAccount(type, group, category);
    if (!found) missingAccounts.push({ type, group, category });
    return found;
  };
  const lines: VoucherLine[] = [];
  const newLine = (acc: Account | null, postingType: VoucherPostingType, amount: Decimal, dimensions: Dimensions, project: string) => {
    if (!acc || amount.isZero()) return;
    lines.push({
      mainAccount: acc.mainAccount, accountName: acc.accountName, postingType, project, currency: proposal.currency,
      amount, rate: shown, accountingAmount: toAccountingAmount(amount, rate, accountingRounding), dimensions,
    });
  };

  for (const line of proposal.lines) {
    const group = line.projectGroup?.id ?? "";
    if (line.journalLine) {
      // Reverse the accrual exactly as the journal posted it (DOMAIN.md §4.1).
      const posted = line.journalLine.posting;
      if (posted) for (const l of posted.reversedLines()) lines.push(l);
      newLine(account("Project - invoiced revenue", group, line.category ?? ""), "Project - invoiced revenue", line.amount.negated(), line.dimensions, line.project);
    } else {
      newLine(account("Project - invoiced revenue on-account", group, ""), "Project - invoiced revenue on-account", line.amount.negated(), line.dimensions, line.project);
    }
    for (const tax of line.taxes) {
      newLine({ mainAccount: tax.code.value.payableAccount, accountName: setup.accountName(tax.code.value.payableAccount) }, "Sales tax", tax.amount.negated(), line.dimensions, line.project);
    }
  }
  const common = commonOf(proposal.lines);
  const customer = account("Customer balance", "", "");
  if (customer) {
    lines.push({
      mainAccount: customer.mainAccount, accountName: customer.accountName, postingType: "Customer balance", project: common.project,
      currency: proposal.currency, amount: proposal.total as Decimal, rate: shown, accountingAmount: proposal.accountingTotal as Decimal, dimensions: common.dimensions,
    });
  }
  let sum = ZERO;
  for (const l of lines) sum = sum.plus(l.accountingAmount);
  let unplacedPenny: Decimal | null = null;
  if (!sum.isZero() && missingAccounts.length === 0) {
    const penny = ctx.book.parameters.pennyDifferenceAccount;
    if (!penny) unplacedPenny = sum.negated();
    else {
      lines.push({
        mainAccount: penny, accountName: setup.accountName(penny), postingType: "Penny difference", project: common.project,
        currency: accounting, amount: sum.negated(), rate: SAME_CURRENCY.rate, accountingAmount: sum.negated(), dimensions: common.dimensions,
      });
    }
  }
  return { lines, missingAccounts, unplacedPenny };
}

/** A customer invoice's voucher: its lines are derived from the proposal when read, not stored. */
class InvoiceVoucher implements Voucher {
  readonly source = "Invoice" as const;

  constructor(private readonly ctx: PostingContext, private readonly proposal: InvoiceProposal, readonly number: string, readonly lineCount: number) {}

  get date(): string {
    return this.proposal.invoiceDate;
  }
  get sourceId(): string {
    return this.proposal.id;
  }
  get lines(): readonly VoucherLine[] {
    return invoiceLines(this.ctx, this.proposal).lines;
  }
}

export function postInvoices(
  book: ParsedWorkbook, proposals: readonly InvoiceProposal[], setup: PostingSetup, issues: IssueLog, ledger: Ledger,
): Voucher[] {
  const vouchers: Voucher[] = [];
  const voucherNumbers = new NumberSequence("IV");
  const invoiceNumbers = new NumberSequence("CI");
  const sheet = book.sheets.get("ProformaInvoices") ?? "ProformaInvoices";
  const accounting = book.parameters.accountingCurrency;
  const ctx: PostingContext = { book, setup, accounting, accountingRounding: currencyRounding(book, accounting) };

  for (const proposal of proposals) {
    if (proposal.status !== "Posted" || !proposal.rate || !proposal.total) continue;
    const { lines, missingAccounts, unplacedPenny } = invoiceLines(ctx, proposal);
    const missing: string[] = [];
    for (const { type, group, category } of missingAccounts) {
      const message = missingAccountMessage(type, group, category);
      issues.once(`account:${type}:${group}:${category}`, "Error", book.sheets.get("PostingSetup") ?? "PostingSetup", null, "Posting type", `${message}; needed to post proposal ${proposal.id}`);
      missing.push(message);
    }
    if (unplacedPenny) {
      const message = `Converting proposal ${proposal.id} leaves a penny difference of ${unplacedPenny.toFixed()} ${accounting}: set Parameters 'Penny difference account'`;
      issues.error(sheet, proposal.proforma.row, "Proforma", message);
      missing.push(message);
    }
    if (missing.length) {
      proposal.status = "Waiting";
      for (const m of missing) if (!proposal.blockedBy.includes(m)) proposal.blockedBy.push(m);
      continue;
    }
    proposal.invoice = invoiceNumbers.take();
    const voucher = new InvoiceVoucher(ctx, proposal, voucherNumbers.take(), lines.length);
    vouchers.push(voucher);
    // The lines are in hand: the ledger takes them now rather than deriving them again.
    ledger.add(voucher, lines);
  }
  return vouchers;
}

/** The project and dimension values every line of the invoice shares: they go on the customer balance. */
function commonOf(lines: readonly ProposalLine[]): { project: string; dimensions: Dimensions } {
  const project = lines.every((l) => l.project === lines[0]?.project) ? (lines[0]?.project ?? "") : "";
  const dimensions = new Map<string, string>();
  if (lines.length) {
    for (const [key, value] of lines[0].dimensions) if (lines.every((l) => l.dimensions.get(key) === value)) dimensions.set(key, value);
  }
  return { project, dimensions };
}
