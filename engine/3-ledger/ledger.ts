/**
 * Closing the ledger in one pass over every voucher line: the balance invariant per voucher, the trial
 * balance, and each voucher's line count for the GL table. Voucher lines are derived when read, so
 * reading them once matters on a full sheet: a step that already has a voucher's lines in hand (invoice
 * posting) adds them as it goes, and closing reads only the vouchers nobody added.
 */
import type { IssueLog } from "../core/issues";
import { TrialBalanceBuilder, type TrialBalance } from "./trial-balance";
import { checkVoucherBalance, type Voucher, type VoucherLine } from "./voucher";

export interface ClosedLedger {
  /** Every voucher sums to exactly zero in the accounting currency. */
  readonly balanced: boolean;
  readonly trialBalance: TrialBalance;
  /** Lines per voucher, in voucher order. */
  readonly lineCounts: Int32Array;
}

export class Ledger {
  private readonly builder = new TrialBalanceBuilder();
  private readonly counts = new Map<Voucher, number>();
  private balanced = true;

  constructor(private readonly issues: IssueLog) {}

  /** Takes in a voucher with its lines: checks its balance and adds it to the trial balance. */
  add(voucher: Voucher, lines: readonly VoucherLine[]): void {
    this.counts.set(voucher, lines.length);
    this.balanced = checkVoucherBalance(voucher, lines, this.issues) && this.balanced;
    for (const line of lines) this.builder.add(line);
  }

  /** Every voucher, in order: those not added yet are read now. */
  close(vouchers: readonly Voucher[]): ClosedLedger {
    const lineCounts = new Int32Array(vouchers.length);
    vouchers.forEach((voucher, i) => {
      let count = this.counts.get(voucher);
      if (count === undefined) {
        const lines = voucher.lines;
        count = lines.length;
        this.balanced = checkVoucherBalance(voucher, lines, this.issues) && this.balanced;
        for (const line of lines) this.builder.add(line);
      }
      lineCounts[i] = count;
    });
    return { balanced: this.balanced, trialBalance: this.builder.result(), lineCounts };
  }
}
