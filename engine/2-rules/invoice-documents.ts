/**
 * The printed invoice (SPEC §4, DOMAIN.md §8.3): `Detail` prints a line per proposal line; `Summary`
 * one line per project and category (and one per milestone line). Sales tax per code and the total
 * follow. A pro forma says so on line 0.
 */
import { ZERO, type Decimal } from "../core/decimal";
import type { InvoiceProposal, ProposalLine } from "./invoice-proposals";

export interface DocumentLine {
  readonly proposal: string;
  readonly invoice: string | null;
  readonly format: string;
  readonly line: number;
  readonly description: string;
  readonly quantity: Decimal | null;
  readonly amount: Decimal | null;
}

/** The printed lines of one proposal's document (none unless it is posted or a pro forma). */
export function documentLines(p: InvoiceProposal): DocumentLine[] {
  const result: DocumentLine[] = [];
  if (p.status !== "Posted" && p.status !== "Pro forma") return result;
  const add = (line: number, description: string, quantity: Decimal | null, amount: Decimal | null) =>
    result.push({ proposal: p.id, invoice: p.invoice, format: p.format, line, description, quantity, amount });
  if (p.status === "Pro forma") add(0, `PRO FORMA: preview of proposal ${p.id}, not posted; no invoice number`, null, null);
  let n = 0;
  if (p.format === "Detail") {
    for (const l of p.lines) {
      const description = l.lineType === "Milestone" ? milestoneText(l) : detailText(l);
      add(++n, description, l.quantity, l.amount);
    }
  } else {
    const groups = new Map<string, { description: string; quantity: Decimal | null; amount: Decimal }>();
    for (const l of p.lines) {
      const key = summaryKey(l);
      const description = l.lineType === "Milestone" ? milestoneText(l) : `${l.project} ${l.category}`;
      const group = groups.get(key) ?? { description, quantity: l.lineType === "Milestone" ? null : ZERO, amount: ZERO };
      if (group.quantity && l.quantity) group.quantity = group.quantity.plus(l.quantity);
      group.amount = group.amount.plus(l.amount);
      groups.set(key, group);
    }
    for (const g of groups.values()) add(++n, g.description, g.quantity, g.amount);
  }
  // Sales tax per code, in the order the codes first appear.
  const byCode = new Map<string, Decimal>();
  for (const l of p.lines) for (const t of l.taxes) byCode.set(t.code.code, (byCode.get(t.code.code) ?? ZERO).plus(t.amount));
  for (const [code, amount] of byCode) add(++n, `Sales tax ${code}`, null, amount);
  add(++n, `Total ${p.currency}`, null, p.total);
  return result;
}

/** A time-and-material line as a Detail document prints it: its source, project, category, resource and date, those it has. */
function detailText(l: ProposalLine): string {
  // Written out rather than an array filtered and joined: a full sheet prints a million of them.
  let text = l.source;
  if (l.project) text = text ? `${text} ${l.project}` : l.project;
  if (l.category) text = text ? `${text} ${l.category}` : l.category;
  if (l.resource) text = text ? `${text} ${l.resource}` : l.resource;
  if (l.date) text = text ? `${text} ${l.date}` : l.date;
  return text;
}

/** A milestone line as printed: its id and, when it has one, its name. */
function milestoneText(l: ProposalLine): string {
  return `Milestone ${l.source}${l.onAccount?.milestone.name ? ` ${l.onAccount.milestone.name}` : ""}`;
}

/** Lines of a Summary document group by project and category; each milestone stands alone. */
function summaryKey(l: ProposalLine): string {
  return l.lineType === "Milestone" ? `m\u0000${l.source}` : `t\u0000${l.project}\u0000${l.category}`;
}

/** How many lines `documentLines` gives for the proposal, without laying them out. */
export function documentLineCount(p: InvoiceProposal): number {
  if (p.status !== "Posted" && p.status !== "Pro forma") return 0;
  let body = p.lines.length;
  if (p.format !== "Detail") {
    const keys = new Set<string>();
    for (const l of p.lines) keys.add(summaryKey(l));
    body = keys.size;
  }
  // A proposal has a handful of tax codes at most: a list is cheaper than a set.
  const codes: string[] = [];
  for (const l of p.lines) for (const t of l.taxes) if (!codes.includes(t.code.code)) codes.push(t.code.code);
  return (p.status === "Pro forma" ? 1 : 0) + body + codes.length + 1;
}
