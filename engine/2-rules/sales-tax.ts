/**
 * Sales tax on invoice lines (SPEC §4 "Sales tax", DOMAIN.md §6):
 * - the codes that apply are the sales tax group's codes that the item sales tax group also has;
 * - each code at its value row valid on the tax date (the invoice date); an exempt code gives zero;
 * - tax = rate % × net amount, rounded by the code's precision and method, then to the currency;
 * - `Line`: rounded per line; `Total`: rounded once per invoice and code on the summed base, and that
 *   total allocated back to the lines so that they sum to it exactly.
 */
import { Decimal, HUNDRED, ZERO } from "../core/decimal";
import { roundTo } from "../core/money";
import type { IsoDate } from "../core/dates";
import type { SalesTaxCodeValue } from "../1-parse/model";
import type { ParsedWorkbook } from "../1-parse/read-workbook";

export interface ApplicableCode {
  readonly code: string;
  readonly exempt: boolean;
  /** The value row valid on the tax date. */
  readonly value: SalesTaxCodeValue;
}

export type CodesResult = { readonly ok: true; readonly codes: readonly ApplicableCode[] } | { readonly ok: false; readonly message: string };

/** Tax codes by group, indexed once per run. */
const NO_CODES: CodesResult = { ok: true, codes: [] };

export class SalesTaxSetup {
  /** Answers by sales tax group, item sales tax group and date: no key text to build for each of a million lines. */
  private readonly answers = new Map<string, Map<string, Map<IsoDate, CodesResult>>>();
  private readonly groupCodes = new Map<string, { code: string; exempt: boolean }[]>();
  private readonly itemGroupCodes = new Map<string, Set<string>>();
  private readonly values = new Map<string, SalesTaxCodeValue[]>();

  constructor(private readonly book: ParsedWorkbook) {
    for (const row of book.salesTaxGroups) {
      const list = this.groupCodes.get(row.group) ?? [];
      if (!list.some((c) => c.code === row.code)) list.push({ code: row.code, exempt: row.exempt });
      this.groupCodes.set(row.group, list);
    }
    for (const row of book.itemSalesTaxGroups) {
      const set = this.itemGroupCodes.get(row.group) ?? new Set();
      set.add(row.code);
      this.itemGroupCodes.set(row.group, set);
    }
    for (const row of book.salesTaxCodes) {
      const list = this.values.get(row.code) ?? [];
      list.push(row);
      this.values.set(row.code, list);
    }
  }

  private unreadRow(sheet: string, row: number, what: string): CodesResult {
    return { ok: false, message: `${this.book.sheets.get(sheet) ?? sheet} row ${row} has errors: the tax of ${what} waits for it to be fixed` };
  }

  /**
   * The codes that apply to a line: the sales tax group's codes (in its order) that the item sales tax
   * group also has, each with the value row valid on `taxDate`. No group, or no common code: no tax.
   */
  /** The codes of a group pair on a date, worked out once and shared by every line that asks. */
  applicableTaxCodes(salesTaxGroup: string | null, itemSalesTaxGroup: string | null, taxDate: IsoDate): CodesResult {
    if (!salesTaxGroup || !itemSalesTaxGroup) return NO_CODES;
    let byItemGroup = this.answers.get(salesTaxGroup);
    if (!byItemGroup) this.answers.set(salesTaxGroup, (byItemGroup = new Map()));
    let byDate = byItemGroup.get(itemSalesTaxGroup);
    if (!byDate) byItemGroup.set(itemSalesTaxGroup, (byDate = new Map()));
    let result = byDate.get(taxDate);
    if (!result) byDate.set(taxDate, (result = this.codesOf(salesTaxGroup, itemSalesTaxGroup, taxDate)));
    return result;
  }

  private codesOf(salesTaxGroup: string, itemSalesTaxGroup: string, taxDate: IsoDate): CodesResult {
    const itemCodes = this.itemGroupCodes.get(itemSalesTaxGroup);
    const groupCodes = this.groupCodes.get(salesTaxGroup);
    // A row with errors of either group that could name a code of the other: the codes that apply are not known.
    const unread = this.book.unreadSetup;
    const badGroupRow = unread.salesTaxGroups.find((r) => r.group === salesTaxGroup && (r.code === undefined || !itemCodes || itemCodes.has(r.code)));
    if (badGroupRow) return this.unreadRow("SalesTaxGroups", badGroupRow.row, `sales tax group ${salesTaxGroup}`);
    const badItemRow = unread.itemSalesTaxGroups.find((r) => r.group === itemSalesTaxGroup && (r.code === undefined || !groupCodes || groupCodes.some((c) => c.code === r.code)));
    if (badItemRow) return this.unreadRow("ItemSalesTaxGroups", badItemRow.row, `item sales tax group ${itemSalesTaxGroup}`);
    if (!groupCodes) return { ok: false, message: `Sales tax group '${salesTaxGroup}' has no rows in SalesTaxGroups` };
    if (!itemCodes) return { ok: false, message: `Item sales tax group '${itemSalesTaxGroup}' has no rows in ItemSalesTaxGroups` };
    const codes: ApplicableCode[] = [];
    for (const { code, exempt } of groupCodes) {
      if (!itemCodes.has(code)) continue;
      const value = this.valueOn(code, taxDate);
      // A value row of the code with errors that may be the one valid on the date: it covers the date (as far as it
      // can be read) and would win over the row found, as the latest start (the first row of equal starts) wins.
      const badValue = unread.salesTaxCodes.find((r) => r.code === code && (r.validFrom === undefined || r.validFrom === null || r.validFrom <= taxDate)
        && (r.validTo === undefined || r.validTo === null || r.validTo >= taxDate)
        && (r.validFrom === undefined || !value || (r.validFrom ?? "") > (value.validFrom ?? "") || ((r.validFrom ?? "") === (value.validFrom ?? "") && r.row < value.row)));
      if (badValue) return this.unreadRow("SalesTaxCodes", badValue.row, `sales tax code ${code} on ${taxDate}`);
      if (!value) return { ok: false, message: `Sales tax code ${code} has no SalesTaxCodes row valid on ${taxDate}: add one whose Valid from / Valid to include that date` };
      codes.push({ code, exempt, value });
    }
    return { ok: true, codes };
  }

  /** The value row whose validity includes the date; of several, the one that starts last. */
  private valueOn(code: string, date: IsoDate): SalesTaxCodeValue | null {
    let best: SalesTaxCodeValue | null = null;
    for (const row of this.values.get(code) ?? []) {
      if ((row.validFrom && row.validFrom > date) || (row.validTo && row.validTo < date)) continue;
      if (!best || (row.validFrom ?? "") > (best.validFrom ?? "")) best = row;
    }
    return best;
  }
}

export interface TaxableLine {
  readonly base: Decimal;
  readonly codes: readonly ApplicableCode[];
}

export interface LineTax {
  readonly code: ApplicableCode;
  readonly base: Decimal;
  /** Percent applied: the code's rate, or 0 when the code is exempt. */
  readonly rate: Decimal;
  readonly amount: Decimal;
}

/** Tax of one code on a base, rounded by the code's precision and method and then to the currency. */
function roundTax(exact: Decimal, code: ApplicableCode, currencyRounding: Decimal): Decimal {
  return roundTo(roundTo(exact, code.value.rounding, code.value.roundingMethod), currencyRounding);
}

const rateOf = (code: ApplicableCode): Decimal => (code.exempt ? ZERO : code.value.rate);

/**
 * Calculates the tax of every line of one invoice, per code, by the `Sales tax calculation` method.
 * Returns, for each line, its taxes in code order.
 */
export function calculateSalesTax(lines: readonly TaxableLine[], method: "Line" | "Total", currencyRounding: Decimal): LineTax[][] {
  const result: LineTax[][] = lines.map((line) =>
    line.codes.map((code) => {
      const rate = rateOf(code);
      const exact = line.base.times(rate).div(HUNDRED);
      return { code, base: line.base, rate, amount: method === "Line" ? roundTax(exact, code, currencyRounding) : exact };
    }),
  );
  if (method === "Line") return result;

  // Total: per code, round the invoice's tax once and allocate it back to the lines.
  const byCode = new Map<string, { code: ApplicableCode; entries: { line: number; index: number }[] }>();
  result.forEach((taxes, line) => taxes.forEach((tax, index) => {
    const group = byCode.get(tax.code.code) ?? { code: tax.code, entries: [] };
    group.entries.push({ line, index });
    byCode.set(tax.code.code, group);
  }));
  for (const { code, entries } of byCode.values()) {
    const exacts = entries.map(({ line, index }) => result[line][index].amount);
    let exactTotal = ZERO;
    for (const e of exacts) exactTotal = exactTotal.plus(e);
    const total = roundTax(exactTotal, code, currencyRounding);
    const step = Decimal.max(code.value.rounding.abs(), currencyRounding.abs());
    const allocated = allocate(total, exacts, step.isZero() ? new Decimal("0.01") : step);
    entries.forEach(({ line, index }, i) => {
      result[line][index] = { ...result[line][index], amount: allocated[i] };
    });
  }
  return result;
}

/**
 * Splits `total` over shares in multiples of `step` so that the parts sum to it exactly: each share is
 * cut towards zero, and the units left over go one by one to the shares with the largest remainders
 * (the first line on a tie). DOMAIN.md §6.3 example 2: 8.49 over 4.242 + 4.242 gives 4.25 + 4.24.
 */
export function allocate(total: Decimal, shares: readonly Decimal[], step: Decimal): Decimal[] {
  if (shares.length === 0) return [];
  const units = shares.map((s) => s.div(step));
  const parts = units.map((u) => u.trunc());
  let left = total.div(step).toDecimalPlaces(0);
  for (const p of parts) left = left.minus(p);
  const order = units.map((u, i) => ({ i, remainder: u.minus(parts[i]) }));
  if (left.isPositive()) order.sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
  else order.sort((a, b) => a.remainder.comparedTo(b.remainder) || a.i - b.i);
  const one = left.isNegative() ? new Decimal(-1) : new Decimal(1);
  for (let k = 0; !left.isZero(); k++) {
    const { i } = order[k % order.length];
    parts[i] = parts[i].plus(one);
    left = left.minus(one);
  }
  return parts.map((p) => (p.isZero() ? ZERO : p.times(step)));
}
