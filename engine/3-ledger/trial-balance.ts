/**
 * Trial balance in the accounting currency: per main account the debits, the credits (negative) and
 * the balance; a total row last, whose balance is zero when every voucher balances.
 */
import { DecimalSum, ZERO, type Decimal } from "../core/decimal";

export interface TrialBalanceRow {
  readonly mainAccount: string;
  readonly accountName: string;
  readonly debit: Decimal;
  readonly credit: Decimal;
  readonly balance: Decimal;
}

export interface TrialBalance {
  readonly accounts: readonly TrialBalanceRow[];
  readonly total: TrialBalanceRow;
}

interface AccountSums {
  name: string;
  readonly debit: DecimalSum;
  readonly credit: DecimalSum;
}

/** Accumulates voucher lines into a trial balance. */
export class TrialBalanceBuilder {
  private readonly byAccount = new Map<string, AccountSums>();

  /** A signed accounting amount on a main account: a debit when positive, a credit when negative. */
  addAmount(mainAccount: string, accountName: string, accountingAmount: Decimal): void {
    const entry = this.entry(mainAccount, accountName);
    if (accountingAmount.isNegative()) entry.credit.add(accountingAmount);
    else entry.debit.add(accountingAmount);
  }

  /** `addAmount` of the amount's negation (the credit side of a transfer), without making the negation. */
  addNegatedAmount(mainAccount: string, accountName: string, accountingAmount: Decimal): void {
    const entry = this.entry(mainAccount, accountName);
    if (accountingAmount.isPositive() && !accountingAmount.isZero()) entry.credit.subtract(accountingAmount);
    else entry.debit.subtract(accountingAmount);
  }

  private entry(mainAccount: string, accountName: string): AccountSums {
    let entry = this.byAccount.get(mainAccount);
    if (!entry) this.byAccount.set(mainAccount, (entry = { name: accountName, debit: new DecimalSum(), credit: new DecimalSum() }));
    if (!entry.name && accountName) entry.name = accountName;
    return entry;
  }

  result(): TrialBalance {
    const accounts = [...this.byAccount]
      .sort(([a], [b]) => compareAccounts(a, b))
      .map(([mainAccount, e]) => ({ mainAccount, accountName: e.name, debit: e.debit.value, credit: e.credit.value, balance: e.debit.value.plus(e.credit.value) }));
    let debit = ZERO;
    let credit = ZERO;
    for (const a of accounts) {
      debit = debit.plus(a.debit);
      credit = credit.plus(a.credit);
    }
    return { accounts, total: { mainAccount: "Total", accountName: "", debit, credit, balance: debit.plus(credit) } };
  }
}

/** Main accounts in chart order: numerically where both are numbers, else as text. */
function compareAccounts(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
