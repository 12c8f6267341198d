/**
 * Which exchange rate applies to a sales amount, and how an amount converts to the accounting
 * currency (SPEC §4 "Exchange rate of a sales amount", DOMAIN.md §7).
 *
 * Rates are quoted per 100 units of the foreign currency: a fixed rate of 1.25 is 125.
 */
import { Decimal, HUNDRED } from "../core/decimal";
import { roundTo, DEFAULT_ROUNDING } from "../core/money";
import type { IsoDate } from "../core/dates";
import type { ParsedWorkbook } from "../1-parse/read-workbook";
import { contractLineKey } from "../1-parse/read-workbook";
import type { ExchangeRateRow, FixedRateAgreement, UnreadExchangeRate } from "../1-parse/model";

export type RateSource = "Same currency" | "Fixed rate agreement" | "Exchange rate" | "Inverse exchange rate";

export interface AppliedRate {
  readonly source: RateSource;
  /** Units of accounting currency per 100 units of the transaction currency, as shown on lines. */
  readonly rate: Decimal;
  /** For an inverse pair, the quoted rate of accounting → transaction currency: conversion divides by it exactly. */
  readonly inverseOf: Decimal | null;
  /** The sheet row the rate comes from (ExchangeRates or FixedRateAgreements), if any. */
  readonly row: number | null;
  /** `rate` as output lines show it (`displayRate`), worked out once for the millions of lines that share the rate. */
  readonly shown: Decimal;
}

export const SAME_CURRENCY: AppliedRate = { source: "Same currency", rate: HUNDRED, inverseOf: null, row: null, shown: HUNDRED };

const TEN_THOUSAND = new Decimal(10_000);

/** Dated rates of each currency pair, sorted by start date, for lookups by document date. */
export class RateTable {
  /** Rows by from-currency, then to-currency (no key text to build per lookup). */
  private readonly pairs = new Map<string, Map<string, ExchangeRateRow[]>>();
  /** One AppliedRate per agreement or rate row, shared by every line it converts. */
  private readonly applied = new Map<object, AppliedRate>();

  /** The AppliedRate of an agreement or rate row, made on first use as `source` says. */
  appliedRate(from: FixedRateAgreement | ExchangeRateRow, source: Exclude<RateSource, "Same currency">): AppliedRate {
    let rate = this.applied.get(from);
    if (!rate) {
      if (source === "Inverse exchange rate") {
        const quoted = TEN_THOUSAND.div(from.rate);
        rate = { source, rate: quoted, inverseOf: from.rate, row: from.row, shown: shownRate(quoted, true) };
      } else rate = { source, rate: from.rate, inverseOf: null, row: from.row, shown: shownRate(from.rate, false) };
      this.applied.set(from, rate);
    }
    return rate;
  }

  /** Rows with errors by pair (`from`, then `to`): a conversion one of them would serve is blocked (`unreadFor`). */
  private readonly unread = new Map<string, Map<string, UnreadRates>>();

  constructor(rows: readonly ExchangeRateRow[], unread: readonly UnreadExchangeRate[] = []) {
    for (const row of rows) {
      let byTo = this.pairs.get(row.from);
      if (!byTo) this.pairs.set(row.from, (byTo = new Map()));
      let list = byTo.get(row.to);
      if (!list) byTo.set(row.to, (list = []));
      list.push(row);
    }
    for (const row of unread) {
      let byTo = this.unread.get(row.from);
      if (!byTo) this.unread.set(row.from, (byTo = new Map()));
      let rates = byTo.get(row.to);
      if (!rates) byTo.set(row.to, (rates = { undated: null, dated: [] }));
      if (row.startDate === null) rates.undated ??= row;
      else rates.dated.push({ ...row, startDate: row.startDate });
    }
    // Same start date twice: the later row wins, as a later correction would.
    for (const byTo of this.unread.values()) for (const rates of byTo.values()) rates.dated.sort(byStartThenRow);
    for (const byTo of this.pairs.values()) for (const list of byTo.values()) list.sort(byStartThenRow);
  }

  /** The row with the latest start date on or before `date`. */
  latest(from: string, to: string, date: IsoDate): ExchangeRateRow | null {
    const list = this.pairs.get(from)?.get(to);
    return list ? lastOnOrBefore(list, date) : null;
  }

  /**
   * The row with errors that a conversion from `from` to `to` on `date` would use, if there is one: one whose start
   * date is unknown (it may start any day), or the latest on or before `date` that would replace the valid row found
   * (`found`): a later start, or the same start on a later sheet row (the later row wins, as with valid rows).
   */
  unreadFor(from: string, to: string, date: IsoDate, found: ExchangeRateRow | null): UnreadExchangeRate | null {
    const rates = this.unread.size ? this.unread.get(from)?.get(to) : undefined;
    if (!rates) return null;
    if (rates.undated) return rates.undated;
    const latest = lastOnOrBefore(rates.dated, date);
    if (!latest) return null;
    return !found || byStartThenRow(latest, found) > 0 ? latest : null;
  }
}

/** A pair's rate rows with errors: the first whose start date cannot be read, and the others by start date and row. */
interface UnreadRates {
  undated: UnreadExchangeRate | null;
  readonly dated: (UnreadExchangeRate & Dated)[];
}

/** A rate row as the rule "the latest start on or before the date wins, of equal starts the later row" reads it. */
interface Dated {
  readonly startDate: IsoDate;
  readonly row: number;
}

const byStartThenRow = (a: Dated, b: Dated): number => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.row - b.row);

/** The row of `list` (sorted by `byStartThenRow`) that wins on `date`: the last one starting on or before it. */
function lastOnOrBefore<T extends Dated>(list: readonly T[], date: IsoDate): T | null {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].startDate <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? null : list[found];
}

export interface RateQuery {
  readonly currency: string;
  readonly date: IsoDate;
  readonly contract: string | null;
}

/**
 * The rate for converting a sales amount in `currency` on `date` to the accounting currency:
 * 1. same currency → 100;
 * 2. fixed-rate agreements enabled and the contract has one for that currency → its rate, whatever the date;
 * 3. the dated rate of the pair with the latest start date on or before the date;
 * 4. otherwise the inverse pair's rate, as 10000 ÷ rate;
 * none → null, and the caller blocks the line (`rateProblem` says why). A row with errors that would have given the
 * rate (an agreement of the contract, a dated rate that would be the latest) gives none: the conversion waits for
 * it to be fixed rather than being made at another rate.
 */
export function resolveExchangeRate(book: ParsedWorkbook, rates: RateTable, query: RateQuery): AppliedRate | null {
  const found = findRate(book, rates, query);
  return typeof found === "string" ? null : found;
}

/** Why `resolveExchangeRate` finds no rate for the query: a row with errors it would use, or no rate at all. */
export function rateProblem(book: ParsedWorkbook, rates: RateTable, query: RateQuery): string {
  const found = findRate(book, rates, query);
  return typeof found === "string" ? found : "";
}

/** The applicable rate, or the reason there is none. */
function findRate(book: ParsedWorkbook, rates: RateTable, query: RateQuery): AppliedRate | string {
  const accounting = book.parameters.accountingCurrency;
  const { currency, date, contract } = query;
  if (currency === accounting) return SAME_CURRENCY;
  if (book.parameters.fixedRateAgreementsEnabled && contract !== null) {
    const key = contractLineKey(contract, currency);
    const agreement = book.fixedRateAgreements.get(key);
    if (agreement) return rates.appliedRate(agreement, "Fixed rate agreement");
    const unread = book.rejected.get("FixedRateAgreements")?.get(key);
    if (unread !== undefined) {
      return `${book.sheets.get("FixedRateAgreements") ?? "FixedRateAgreements"} row ${unread}, the fixed-rate agreement of contract ${contract} for ${currency}, has errors: fix it before ${currency} amounts of ${contract} can be converted`;
    }
  }
  const direct = rates.latest(currency, accounting, date);
  const unreadDirect = rates.unreadFor(currency, accounting, date, direct);
  if (unreadDirect) return unreadRateMessage(book, unreadDirect, currency, date);
  if (direct) return rates.appliedRate(direct, "Exchange rate");
  const inverse = rates.latest(accounting, currency, date);
  const unreadInverse = rates.unreadFor(accounting, currency, date, inverse);
  if (unreadInverse) return unreadRateMessage(book, unreadInverse, currency, date);
  if (inverse) return rates.appliedRate(inverse, "Inverse exchange rate");
  return rateNotFoundMessage(currency, accounting, date);
}

function unreadRateMessage(book: ParsedWorkbook, row: UnreadExchangeRate, currency: string, date: IsoDate): string {
  const sheet = book.sheets.get("ExchangeRates") ?? "ExchangeRates";
  return row.startDate === null
    ? `${sheet} row ${row.row} (${row.from} → ${row.to}) has errors and no start date that can be read: fix it before ${currency} amounts can be converted`
    : `${sheet} row ${row.row} (${row.from} → ${row.to} from ${row.startDate}) has errors: fix it before ${currency} amounts of ${date} can be converted`;
}

/** Accounting amount = round(amount × rate ÷ 100) in the accounting currency's rounding (SPEC §4 "Money"). */
export function toAccountingAmount(amount: Decimal, rate: AppliedRate, rounding: Decimal = DEFAULT_ROUNDING): Decimal {
  if (rate === SAME_CURRENCY) {
    // Already an accounting-currency amount: the same value (and object) unless it needs rounding.
    const rounded = roundTo(amount, rounding);
    return rounded.eq(amount) ? amount : rounded;
  }
  const exact = rate.inverseOf ? amount.times(HUNDRED).div(rate.inverseOf) : amount.times(rate.rate).div(HUNDRED);
  return roundTo(exact, rounding);
}

/**
 * A rate as output lines show it: a quoted rate exactly; the inverse of a quoted rate (10000 ÷ rate, which
 * need not end) rounded to ten decimals.
 */
function shownRate(rate: Decimal, inverse: boolean): Decimal {
  return inverse ? rate.toDecimalPlaces(10) : rate;
}

/** The rate as it is shown on output lines (`shownRate`, worked out once per applied rate). */
export function displayRate(rate: AppliedRate): Decimal {
  return rate.shown;
}

function rateNotFoundMessage(currency: string, accounting: string, date: IsoDate): string {
  return `No exchange rate from ${currency} to ${accounting} on ${date}: add an ExchangeRates row for ${currency} → ${accounting} (or ${accounting} → ${currency}) starting on or before ${date}, or a fixed-rate agreement for the contract`;
}

/**
 * Why amounts in `currency` cannot be worked out: its Currencies row has errors, so its rounding is not known
 * (null when they can). Amounts in it wait for the row rather than being rounded to a default.
 */
export function currencyProblem(book: ParsedWorkbook, currency: string): string | null {
  const row = book.currencies.has(currency) ? undefined : book.rejected.get("Currencies")?.get(currency);
  if (row === undefined) return null;
  return `${book.sheets.get("Currencies") ?? "Currencies"} row ${row} (${currency}) has errors: ${currency} amounts wait for it, as their rounding is not known`;
}

/** Rounding precision of a currency; 0.01 when the Currencies sheet does not list it. */
export function currencyRounding(book: ParsedWorkbook, currency: string): Decimal {
  return book.currencies.get(currency)?.rounding ?? DEFAULT_ROUNDING;
}
