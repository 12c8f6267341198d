/**
 * The ledger takes in every voucher as it is posted: the balance invariant per voucher and the trial
 * balance. Voucher lines are derived when read, so the posting steps hand over what they have in hand
 * (an invoice's lines; a journal voucher's two accounts and amount) instead of the ledger reading the
 * lines again; closing then only lists each voucher's line count for the GL table.
 */
import { DecimalSum, type Decimal } from "../core/decimal";
import type { IssueLog } from "../core/issues";
import { TrialBalanceBuilder, type TrialBalance } from "./trial-balance";
import { checkVoucherBalance, lineOf, type Voucher, type VoucherLineParts } from "./voucher";

export interface ClosedLedger {
  /** Every voucher sums to exactly zero in the accounting currency. */
  readonly balanced: boolean;
  readonly trialBalance: TrialBalance;
  /** Lines per voucher, in voucher order. */
  readonly lineCounts: Int32Array;
}

interface LedgerAccount {
  readonly mainAccount: string;
  readonly accountName: string;
}

export class Ledger {
  private readonly builder = new TrialBalanceBuilder();
  private balanced = true;
  private taken = 0;

  constructor(private readonly issues: IssueLog) {}

  /**
   * Takes in a voucher with its first `count` lines as parts (as `Voucher.readLine` gives them): checks its balance
   * and adds it to the trial balance. The parts are read during the call only (the caller may fill them again).
   */
  addParts(voucher: Voucher, parts: readonly VoucherLineParts[], count: number): void {
    this.taken++;
    const total = new DecimalSum();
    for (let i = 0; i < count; i++) {
      const p = parts[i];
      if (p.negated) {
        total.subtract(p.accountingAmount);
        this.builder.addNegatedAmount(p.mainAccount, p.accountName, p.accountingAmount);
      } else {
        total.add(p.accountingAmount);
        this.builder.addAmount(p.mainAccount, p.accountName, p.accountingAmount);
      }
    }
    if (total.value.isZero()) return;
    // Not balanced: the error quotes the lines.
    this.balanced = false;
    checkVoucherBalance(voucher, parts.slice(0, count).map((p) => lineOf(p)), this.issues);
  }

  /** Takes in a two-line voucher, `accountingAmount` on `debit` and its negation on `credit`: balanced as made. */
  addTransfer(debit: LedgerAccount, credit: LedgerAccount, accountingAmount: Decimal): void {
    this.taken++;
    this.builder.addAmount(debit.mainAccount, debit.accountName, accountingAmount);
    this.builder.addNegatedAmount(credit.mainAccount, credit.accountName, accountingAmount);
  }

  /** The ledger of `vouchers`, every one of which the posting steps handed in. */
  close(vouchers: readonly Voucher[]): ClosedLedger {
    if (this.taken !== vouchers.length) throw new Error(`the ledger took in ${this.taken} vouchers, not the ${vouchers.length} posted`);
    const lineCounts = new Int32Array(vouchers.length);
    for (let i = 0; i < vouchers.length; i++) lineCounts[i] = vouchers[i].lineCount;
    return { balanced: this.balanced, trialBalance: this.builder.result(), lineCounts };
  }
}
