/**
 * GL vouchers and the invariant every one of them keeps: its lines sum to exactly zero in the
 * accounting currency (SPEC §4). Amounts are signed: debit positive, credit negative.
 */
import { DecimalSum, ZERO, type Decimal } from "../core/decimal";
import type { IsoDate } from "../core/dates";
import type { IssueLog } from "../core/issues";
import { NO_DIMENSIONS, type Dimensions } from "../1-parse/dimensions";
import type { PostingType } from "../1-parse/model";

export type VoucherPostingType = PostingType | "Sales tax" | "Penny difference";

export interface VoucherLine {
  readonly mainAccount: string;
  readonly accountName: string;
  readonly postingType: VoucherPostingType;
  readonly project: string;
  readonly currency: string;
  /** Signed amount in `currency`. */
  readonly amount: Decimal;
  /** Per 100 units of `currency`. */
  readonly rate: Decimal;
  /** Signed amount in the accounting currency. */
  readonly accountingAmount: Decimal;
  readonly dimensions: Dimensions;
}

export type VoucherSource = "Journal" | "Invoice";

export interface Voucher {
  readonly number: string;
  readonly date: IsoDate;
  readonly source: VoucherSource;
  /** The transaction for a journal voucher, the proposal for an invoice voucher. */
  readonly sourceId: string;
  readonly lines: readonly VoucherLine[];
  /** How many lines `lines` gives, known without deriving them. */
  readonly lineCount: number;
  /**
   * Line `index` (as `lines` gives it) put into `into`, for a writer going through millions of lines: a voucher
   * that can tell a line's parts without making the line object offers this.
   */
  readLine?(index: number, into: VoucherLineParts): void;
}

/** A voucher line's parts, filled in place by `Voucher.readLine`: its amounts are `amount` and `accountingAmount` with their sign turned when `negated`. */
export interface VoucherLineParts {
  mainAccount: string;
  accountName: string;
  postingType: VoucherPostingType;
  project: string;
  currency: string;
  amount: Decimal;
  rate: Decimal;
  accountingAmount: Decimal;
  negated: boolean;
  dimensions: Dimensions;
}

/** A parts object to fill (`Voucher.readLine`); its values until then are placeholders. */
export function emptyLineParts(): VoucherLineParts {
  return {
    mainAccount: "", accountName: "", postingType: "Customer balance", project: "", currency: "", amount: ZERO, rate: ZERO, accountingAmount: ZERO,
    negated: false, dimensions: NO_DIMENSIONS,
  };
}

/** `from`'s parts put into `into`. */
export function copyLineParts(from: VoucherLineParts, into: VoucherLineParts): void {
  into.mainAccount = from.mainAccount;
  into.accountName = from.accountName;
  into.postingType = from.postingType;
  into.project = from.project;
  into.currency = from.currency;
  into.amount = from.amount;
  into.rate = from.rate;
  into.accountingAmount = from.accountingAmount;
  into.negated = from.negated;
  into.dimensions = from.dimensions;
}

/** The line that `parts` describe, as its own object. */
export function lineOf(parts: VoucherLineParts): VoucherLine {
  const negate = parts.negated;
  return {
    mainAccount: parts.mainAccount, accountName: parts.accountName, postingType: parts.postingType, project: parts.project, currency: parts.currency,
    amount: negate ? parts.amount.negated() : parts.amount, rate: parts.rate,
    accountingAmount: negate ? parts.accountingAmount.negated() : parts.accountingAmount, dimensions: parts.dimensions,
  };
}

/** The text of the n-th number of a sequence: `JV-000001`. */
export function sequenceText(prefix: string, n: number): string {
  const digits = String(n);
  return digits.length >= 6 ? `${prefix}-${digits}` : `${prefix}-${ZEROS[6 - digits.length]}${digits}`;
}

const ZEROS = ["", "0", "00", "000", "0000", "00000"];

/** Hands out voucher numbers in posting order: `JV-000001`, `JV-000002`, … */
export class NumberSequence {
  private next = 1;
  constructor(private readonly prefix: string) {}
  take(): string {
    return sequenceText(this.prefix, this.takeNumber());
  }
  /** The next number as a count; its text is `sequenceText(prefix, n)`. */
  takeNumber(): number {
    return this.next++;
  }
}

/** The sum of the lines' accounting amounts: zero for a balanced voucher. */
export function linesBalance(lines: readonly VoucherLine[]): Decimal {
  const total = new DecimalSum();
  for (let i = 0; i < lines.length; i++) total.add(lines[i].accountingAmount);
  return total.value;
}

export function voucherBalance(voucher: Voucher): Decimal {
  return linesBalance(voucher.lines);
}

/** The balance invariant for one voucher whose lines are at hand; an unbalanced one is an error quoting it. */
export function checkVoucherBalance(voucher: Voucher, lines: readonly VoucherLine[], issues: IssueLog): boolean {
  const total = linesBalance(lines);
  if (total.isZero()) return true;
  const quoted = lines.map((l) => `${l.mainAccount} ${l.accountingAmount.toFixed()}`).join(", ");
  issues.error("GLVouchers", null, "Accounting amount", `Voucher ${voucher.number} (${voucher.source} ${voucher.sourceId}) does not balance: its lines (${quoted}) sum to ${total.toFixed()}`);
  return false;
}
