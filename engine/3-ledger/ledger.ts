/**
 * Closing the ledger in one pass over every voucher line: the balance invariant per voucher, the trial
 * balance, and each voucher's line count for the GL table. Voucher lines are derived when read, so
 * reading them once here matters on a full sheet.
 */
import type { IssueLog } from "../core/issues";
import { TrialBalanceBuilder, type TrialBalance } from "./trial-balance";
import { checkVoucherBalance, type Voucher } from "./voucher";

export interface ClosedLedger {
  /** Every voucher sums to exactly zero in the accounting currency. */
  readonly balanced: boolean;
  readonly trialBalance: TrialBalance;
  /** Lines per voucher, in voucher order. */
  readonly lineCounts: Int32Array;
}

export function closeLedger(vouchers: readonly Voucher[], issues: IssueLog): ClosedLedger {
  const builder = new TrialBalanceBuilder();
  const lineCounts = new Int32Array(vouchers.length);
  let balanced = true;
  vouchers.forEach((voucher, i) => {
    const lines = voucher.lines;
    lineCounts[i] = lines.length;
    balanced = checkVoucherBalance(voucher, lines, issues) && balanced;
    for (const line of lines) builder.add(line);
  });
  return { balanced, trialBalance: builder.result(), lineCounts };
}
