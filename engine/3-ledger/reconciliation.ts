/**
 * Reconciliation of the simulated vouchers against what Finance posted (the PostedVouchers sheet):
 * matched by source id and main account, and by posting type where the export gives one; one row per
 * pair with both amounts, the difference and a status, then one summary row per main account.
 * Differences are explained where the simulation knows why: another exchange rate, a rounding
 * difference, sales tax that was not posted, an accrual reversed at another rate, a missing invoice,
 * an extra posting.
 */
import { Decimal, ZERO } from "../core/decimal";
import { describeAmount } from "../core/money";
import type { PostedVoucherLine } from "../1-parse/model";
import type { Voucher, VoucherLine } from "./voucher";

export type MatchStatus = "Match" | "Difference" | "Only simulated" | "Only posted";

export interface ReconciliationRow {
  readonly sourceId: string;
  readonly mainAccount: string;
  /** Blank when Finance's export gives no posting type for the line. */
  readonly postingType: string;
  readonly simulated: Decimal | null;
  readonly posted: Decimal | null;
  readonly difference: Decimal;
  readonly status: MatchStatus;
  readonly explanation: string;
}

export interface Reconciliation {
  readonly rows: readonly ReconciliationRow[];
  readonly accounts: readonly ReconciliationRow[];
  readonly counts: Readonly<Record<MatchStatus, number>>;
}

interface Side {
  accounting: Decimal;
  amount: Decimal | null;
  currency: string | null;
  lines: number;
  simulatedLines: VoucherLine[];
  voucher: Voucher | null;
}

/** What lets the reconciliation name a cause. */
export interface ReconciliationContext {
  /** Invoice number → proposal id, so that Finance's invoice numbers match the simulation's proposals. */
  readonly invoiceToProposal: ReadonlyMap<string, string>;
  /** The market rate of a currency on a date, if the workbook has one (to recognise a posting at the market rate). */
  readonly marketRate: (currency: string, date: string) => Decimal | null;
  /** The fixed-rate agreement of a project's contract for a currency, when agreements are enabled. */
  readonly fixedRate: (project: string, currency: string) => Decimal | null;
  readonly accountingCurrency: string;
}

const key = (...parts: string[]) => parts.join("\u0000");
const ROUNDING_TOLERANCE = new Decimal("0.05");

export function reconcile(vouchers: readonly Voucher[], posted: readonly PostedVoucherLine[], context: ReconciliationContext): Reconciliation {
  const typed = new Set<string>();
  const untyped = new Set<string>();
  const postedSides = new Map<string, Side & { postingType: string; sourceId: string; mainAccount: string; date: string }>();
  for (const line of posted) {
    const sourceId = context.invoiceToProposal.get(line.sourceId) ?? line.sourceId;
    const postingType = line.postingType ?? "";
    const k = key(sourceId, line.mainAccount, postingType);
    (postingType ? typed : untyped).add(key(sourceId, line.mainAccount));
    const side = postedSides.get(k) ?? { accounting: ZERO, amount: ZERO, currency: line.currency, lines: 0, simulatedLines: [], voucher: null, postingType, sourceId, mainAccount: line.mainAccount, date: line.date };
    side.accounting = side.accounting.plus(line.accountingAmount);
    side.amount = line.amount !== null && side.amount !== null ? side.amount.plus(line.amount) : null;
    side.lines++;
    postedSides.set(k, side);
  }

  // The simulated side, grouped the way each posted pair asks: by posting type, or over all of them.
  const simulatedSides = new Map<string, Side & { postingType: string; sourceId: string; mainAccount: string; date: string }>();
  for (const voucher of vouchers) {
    for (const line of voucher.lines) {
      const pair = key(voucher.sourceId, line.mainAccount);
      const postingType = untyped.has(pair) && !typed.has(pair) ? "" : line.postingType;
      const k = key(voucher.sourceId, line.mainAccount, postingType);
      const side = simulatedSides.get(k) ?? { accounting: ZERO, amount: ZERO, currency: line.currency, lines: 0, simulatedLines: [], voucher, postingType, sourceId: voucher.sourceId, mainAccount: line.mainAccount, date: voucher.date };
      side.accounting = side.accounting.plus(line.accountingAmount);
      side.amount = side.amount && side.currency === line.currency ? side.amount.plus(line.amount) : null;
      side.lines++;
      side.simulatedLines.push(line);
      simulatedSides.set(k, side);
    }
  }

  const rows: ReconciliationRow[] = [];
  const keys = [...new Set([...simulatedSides.keys(), ...postedSides.keys()])];
  for (const k of keys) {
    const sim = simulatedSides.get(k);
    const post = postedSides.get(k);
    const any = (sim ?? post) as NonNullable<typeof sim>;
    const simulated = sim?.accounting ?? null;
    const postedAmount = post?.accounting ?? null;
    const difference = (postedAmount ?? ZERO).minus(simulated ?? ZERO);
    const status: MatchStatus = !post ? "Only simulated" : !sim ? "Only posted" : difference.isZero() ? "Match" : "Difference";
    rows.push({
      sourceId: any.sourceId, mainAccount: any.mainAccount, postingType: any.postingType, simulated, posted: postedAmount, difference, status,
      explanation: explain(status, sim ?? null, post ?? null, difference, context),
    });
  }
  rows.sort((a, b) => compare(a.sourceId, b.sourceId) || compare(a.mainAccount, b.mainAccount) || compare(a.postingType, b.postingType));

  const byAccount = new Map<string, { simulated: Decimal; posted: Decimal }>();
  for (const row of rows) {
    const entry = byAccount.get(row.mainAccount) ?? { simulated: ZERO, posted: ZERO };
    entry.simulated = entry.simulated.plus(row.simulated ?? ZERO);
    entry.posted = entry.posted.plus(row.posted ?? ZERO);
    byAccount.set(row.mainAccount, entry);
  }
  const accounts = [...byAccount].sort(([a], [b]) => compare(a, b)).map(([mainAccount, e]): ReconciliationRow => {
    const difference = e.posted.minus(e.simulated);
    const differing = rows.filter((r) => r.mainAccount === mainAccount && r.status !== "Match").length;
    return {
      sourceId: "Account total", mainAccount, postingType: "", simulated: e.simulated, posted: e.posted, difference,
      status: difference.isZero() && differing === 0 ? "Match" : "Difference",
      explanation: differing ? `${differing} ${differing === 1 ? "pair differs" : "pairs differ"} on this account` : "",
    };
  });
  const counts: Record<MatchStatus, number> = { Match: 0, Difference: 0, "Only simulated": 0, "Only posted": 0 };
  for (const row of rows) counts[row.status]++;
  return { rows, accounts, counts };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function explain(status: MatchStatus, sim: Side | null, post: (Side & { date: string }) | null, difference: Decimal, context: ReconciliationContext): string {
  const types = new Set(sim?.simulatedLines.map((l) => l.postingType) ?? []);
  const source = sim?.voucher?.sourceId ?? "";
  if (status === "Match") return "";
  if (status === "Only posted") return "Posted in Finance, with no simulated counterpart: an extra posting, or a source the workbook does not hold";
  if (status === "Only simulated") {
    if (types.has("Sales tax")) return `Sales tax of ${source} was not posted in Finance: is the tax code missing from the sales tax group or item sales tax group there?`;
    if (sim?.voucher?.source === "Invoice") return `Invoice for proposal ${source} not found among the posted vouchers: not posted in Finance, or exported under another source id`;
    return `Voucher ${sim?.voucher?.number ?? ""} of ${source} not found among the posted vouchers`;
  }
  // Difference.
  const lines = sim?.simulatedLines ?? [];
  const simAmount = sim?.amount ?? null;
  const postAmount = post?.amount ?? null;
  const currency = lines[0]?.currency ?? "";
  const sameTransactionAmount = simAmount !== null && postAmount !== null && !postAmount.isZero() && simAmount.eq(postAmount);
  if (sameTransactionAmount && currency !== context.accountingCurrency && post) {
    const postedRate = post.accounting.div(postAmount as Decimal).times(100).toDecimalPlaces(4);
    const simulatedRate = lines[0].rate;
    const market = context.marketRate(currency, post.date);
    const reversal = types.has("Project - WIP - sales value") || types.has("Project - accrued revenue");
    const what = reversal && sim?.voucher?.source === "Invoice"
      ? `The accrual was reversed at rate ${postedRate.toFixed()}, not at the rate ${simulatedRate.toFixed()} it was posted with`
      : `Posted at rate ${postedRate.toFixed()} instead of ${simulatedRate.toFixed()}`;
    const fixed = context.fixedRate(lines[0].project, currency);
    const applied = fixed && fixed.eq(simulatedRate) ? "the contract's fixed-rate agreement" : "the rate in force on the document date";
    const marketNote = market && market.toDecimalPlaces(4).eq(postedRate) && !market.eq(simulatedRate) ? ` (the market rate of ${post.date}, where ${applied} applies)` : "";
    return `${what}${marketNote}: ${describeAmount(difference)} ${context.accountingCurrency}`;
  }
  if (difference.abs().lte(ROUNDING_TOLERANCE)) {
    if (types.has("Sales tax")) return `Sales tax rounded the other way: ${describeAmount(difference)} (check the code's rounding precision and method, and Line or Total calculation)`;
    return `A rounding difference of ${describeAmount(difference)}`;
  }
  if (postAmount !== null && simAmount !== null && !simAmount.eq(postAmount)) {
    return `The amount differs in ${currency}: posted ${describeAmount(postAmount)}, simulated ${describeAmount(simAmount)}`;
  }
  return `Posted ${describeAmount(post?.accounting ?? ZERO)}, simulated ${describeAmount(sim?.accounting ?? ZERO)}`;
}
