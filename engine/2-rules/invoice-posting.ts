/**
 * Posting invoice proposals into customer invoices (SPEC §4 "Posting a proposal", DOMAIN.md §4):
 * one voucher per invoice, invoice numbers in pro-forma id order.
 * - time-and-material line: the WIP sales value and accrued revenue its journal posted are reversed at
 *   exactly the accounting amounts they were posted with; Cr Project - invoiced revenue;
 * - milestone line: Cr Project - invoiced revenue on-account;
 * - sales tax: Cr each code's payable account;
 * - Dr Customer balance for the invoice total (net + tax), none when the total is zero.
 * New amounts use the invoice-date rate (or the fixed rate); the customer balance is converted from the
 * invoice total, and what that leaves against the converted lines goes to the penny difference account,
 * so the voucher sums to exactly zero in the accounting currency.
 */
import { DecimalSum, type Decimal } from "../core/decimal";
import type { IssueLog } from "../core/issues";
import type { Dimensions } from "../1-parse/dimensions";
import type { PostingType } from "../1-parse/model";
import type { ParsedWorkbook } from "../1-parse/read-workbook";
import { NumberSequence, copyLineParts, emptyLineParts, lineOf, type Voucher, type VoucherLine, type VoucherLineParts, type VoucherPostingType } from "../3-ledger/voucher";
import type { Ledger } from "../3-ledger/ledger";
import { currencyRounding, displayRate, toAccountingAmount, SAME_CURRENCY, type AppliedRate } from "./currency";
import type { InvoiceProposal, ProposalLine } from "./invoice-proposals";
import type { Account, PostingSetup } from "./posting-setup";

interface PostingContext {
  readonly book: ParsedWorkbook;
  readonly setup: PostingSetup;
  readonly accounting: string;
  readonly accountingRounding: Decimal;
  /** The invoice whose lines `laid` holds (its first `laidCount`), so that a writer reading one line after another lays them out once. */
  laidFor: InvoiceProposal | null;
  laidCount: number;
  readonly laid: VoucherLineParts[];
}

interface MissingAccount {
  readonly type: PostingType;
  readonly group: string;
  readonly category: string;
}

interface InvoiceLayout {
  /** How many of the parts given were filled. */
  readonly count: number;
  readonly missingAccounts: readonly MissingAccount[];
  /** A penny difference with no account to take it. */
  readonly unplacedPenny: Decimal | null;
}

/** Whether a line's amounts are turned (`VoucherLineParts.negated`): a credit of a positive amount is a negative line. */
const CREDIT = true;
const DEBIT = false;

/**
 * The voucher lines of a proposal's invoice, in order, as parts put into `into` (grown as needed): per
 * proposal line its accrual reversal, its revenue and its sales tax; the customer balance; the penny
 * difference. A credit is the proposal's amount as it stands, with `negated` set, so no negation is made.
 * Pure but for `into`: posting calls it to check and number the invoice, and the voucher again when its lines are read.
 */
function layInvoiceLines(ctx: PostingContext, proposal: InvoiceProposal, into: VoucherLineParts[]): InvoiceLayout {
  const { setup, accounting, accountingRounding } = ctx;
  const rate = proposal.rate as NonNullable<InvoiceProposal["rate"]>;
  const shown = displayRate(rate);
  const currency = proposal.currency;
  const missingAccounts: MissingAccount[] = [];
  let count = 0;
  const sum = new DecimalSum();
  const account = (type: PostingType, group: string, category: string): Account | null => {
    const found = setup.resolveAccount(type, group, category);
    if (!found) missingAccounts.push({ type, group, category });
    return found;
  };
  const next = (): VoucherLineParts => into[count] ?? (into[count] = emptyLineParts());
  /** The part just filled becomes the next line, and counts in the voucher's sum. */
  const taken = (p: VoucherLineParts) => {
    if (p.negated) sum.subtract(p.accountingAmount);
    else sum.add(p.accountingAmount);
    count++;
  };
  const put = (
    mainAccount: string, accountName: string, postingType: VoucherPostingType, project: string, lineCurrency: string,
    amount: Decimal, lineRate: Decimal, accountingAmount: Decimal, negated: boolean, dimensions: Dimensions,
  ) => {
    const p = next();
    p.mainAccount = mainAccount;
    p.accountName = accountName;
    p.postingType = postingType;
    p.project = project;
    p.currency = lineCurrency;
    p.amount = amount;
    p.rate = lineRate;
    p.accountingAmount = accountingAmount;
    p.negated = negated;
    p.dimensions = dimensions;
    taken(p);
  };
  // A credit of a proposal amount in the contract currency at the invoice rate. Rounding is half away from zero,
  // so the credit's accounting amount is the amount's, with the other sign.
  const credit = (acc: Account | null, postingType: VoucherPostingType, amount: Decimal, line: ProposalLine) => {
    if (!acc || amount.isZero()) return;
    put(acc.mainAccount, acc.accountName, postingType, line.project, currency, amount, shown, toAccountingAmount(amount, rate, accountingRounding), CREDIT, line.dimensions);
  };

  const lines = proposal.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const group = line.projectGroup?.id ?? "";
    if (line.lineType === "Time and material") {
      // Reverse the accrual exactly as the journal posted it (DOMAIN.md §4.1): its two lines, each with the other sign.
      const posted = line.accrual;
      if (posted) {
        // Its project, currency, amount and dimensions are the proposal line's (taken from the journal line it invoices);
        // the rate and accounting amount are the journal's. Read so, a line costs one visit to the journal, not to the
        // transaction as well: invoices reach their journal lines in no order memory helps with.
        const { journal, journalLine } = posted;
        // A posted accrual has its rate and accounting amount.
        const accrualRate = displayRate(journal.rate(journalLine) as AppliedRate);
        const accrued = journal.accountingAmount(journalLine) as Decimal;
        for (let k = 0; k < posted.lineCount; k++) {
          const { mainAccount, accountName } = posted.account(k);
          // Line 0 of the accrual is its debit: reversed, a credit.
          put(mainAccount, accountName, posted.postingType(k), line.project, currency, line.amount, accrualRate, accrued, k === 0, line.dimensions);
        }
      }
      credit(account("Project - invoiced revenue", group, line.category ?? ""), "Project - invoiced revenue", line.amount, line);
    } else {
      credit(account("Project - invoiced revenue on-account", group, ""), "Project - invoiced revenue on-account", line.amount, line);
    }
    for (let t = 0; t < line.taxes.length; t++) {
      const tax = line.taxes[t];
      const payable = tax.code.value.payableAccount;
      if (tax.amount.isZero()) continue;
      put(payable, setup.accountName(payable), "Sales tax", line.project, currency, tax.amount, shown,
        toAccountingAmount(tax.amount, rate, accountingRounding), CREDIT, line.dimensions);
    }
  }
  const common = commonOf(lines);
  // An invoice that totals zero (a correction against what it corrects) owes the customer nothing: no line, no account needed.
  const customer = (proposal.total as Decimal).isZero() ? null : account("Customer balance", "", "");
  if (customer) {
    put(customer.mainAccount, customer.accountName, "Customer balance", common.project, currency, proposal.total as Decimal, shown,
      proposal.accountingTotal as Decimal, DEBIT, common.dimensions);
  }
  const total = sum.value;
  let unplacedPenny: Decimal | null = null;
  if (!total.isZero() && missingAccounts.length === 0) {
    const penny = ctx.book.parameters.pennyDifferenceAccount;
    if (!penny) unplacedPenny = total.negated();
    else put(penny, setup.accountName(penny), "Penny difference", common.project, accounting, total, SAME_CURRENCY.rate, total, CREDIT, common.dimensions);
  }
  return { count, missingAccounts, unplacedPenny };
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
    const parts: VoucherLineParts[] = [];
    const { count } = layInvoiceLines(this.ctx, this.proposal, parts);
    const lines: VoucherLine[] = [];
    for (let i = 0; i < count; i++) lines.push(lineOf(parts[i]));
    return lines;
  }

  /** A writer reads lines one after another: the invoice's lines are laid out when its first is asked for, and kept until another invoice's are. */
  readLine(index: number, into: VoucherLineParts): void {
    const { ctx } = this;
    if (ctx.laidFor !== this.proposal) lay(ctx, this.proposal);
    if (index >= ctx.laidCount) throw new Error(`invoice voucher ${this.number} has ${ctx.laidCount} lines, not ${index + 1}`);
    copyLineParts(ctx.laid[index], into);
  }
}

/** Lays out the proposal's invoice lines into `ctx.laid`, and says so only once they are all there. */
function lay(ctx: PostingContext, proposal: InvoiceProposal): InvoiceLayout {
  ctx.laidFor = null;
  const layout = layInvoiceLines(ctx, proposal, ctx.laid);
  ctx.laidFor = proposal;
  ctx.laidCount = layout.count;
  return layout;
}

export function postInvoices(
  book: ParsedWorkbook, proposals: readonly InvoiceProposal[], setup: PostingSetup, issues: IssueLog, ledger: Ledger,
): Voucher[] {
  const vouchers: Voucher[] = [];
  const voucherNumbers = new NumberSequence("IV");
  const invoiceNumbers = new NumberSequence("CI");
  const sheet = book.sheets.get("ProformaInvoices") ?? "ProformaInvoices";
  const accounting = book.parameters.accountingCurrency;
  const ctx: PostingContext = { book, setup, accounting, accountingRounding: currencyRounding(book, accounting), laidFor: null, laidCount: 0, laid: [] };

  for (const proposal of proposals) {
    if (proposal.status !== "Posted" || !proposal.rate || !proposal.total) continue;
    const { count, missingAccounts, unplacedPenny } = lay(ctx, proposal);
    const missing: string[] = [];
    for (const { type, group, category } of missingAccounts) {
      const { message, row } = setup.accountProblem(type, group, category);
      issues.once(`account:${type}:${group}:${category}`, "Error", book.sheets.get("PostingSetup") ?? "PostingSetup", row, "Posting type", `${message}; needed to post proposal ${proposal.id}`);
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
    // An invoice whose every amount is zero posts nothing: it has its number, but no voucher (and takes no voucher number).
    if (count === 0) continue;
    const voucher = new InvoiceVoucher(ctx, proposal, voucherNumbers.take(), count);
    vouchers.push(voucher);
    // The lines are in hand: the ledger takes them now rather than deriving them again.
    ledger.addParts(voucher, ctx.laid, count);
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
