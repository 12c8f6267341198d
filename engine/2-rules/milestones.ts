/**
 * Fixed-price billing milestones as Finance holds them: on-account transactions (SPEC §3 Milestones,
 * DOMAIN.md §4.2, §9). Each takes its project from its contract line, its sales tax group by the
 * `Sales tax group method`, its item sales tax group from `Milestone item sales tax group`, and its
 * dimensions from the contract line (primary for on-account transactions), then its own `Dim` cells.
 */
import type { Decimal } from "../core/decimal";
import { roundTo } from "../core/money";
import type { IssueLog } from "../core/issues";
import { mergeDimensions, type Dimensions } from "../1-parse/dimensions";
import type { Contract, ContractLine, Milestone, Project } from "../1-parse/model";
import { contractLineKey, missingReference, type ParsedWorkbook } from "../1-parse/read-workbook";
import { currencyProblem, currencyRounding } from "./currency";
import { defaultSalesTaxGroup } from "./tax-groups";

export interface OnAccountTransaction {
  readonly milestone: Milestone;
  readonly contract: Contract | null;
  readonly contractLine: ContractLine | null;
  readonly project: Project | null;
  readonly currency: string;
  /** The milestone amount rounded to the contract currency. */
  readonly amount: Decimal;
  readonly salesTaxGroup: string | null;
  readonly itemSalesTaxGroup: string | null;
  readonly dimensions: Dimensions;
  /** Why the milestone cannot be invoiced, if it cannot; null when it can (its status aside). */
  readonly problem: string | null;
}

export function onAccountTransactions(book: ParsedWorkbook, issues: IssueLog): Map<string, OnAccountTransaction> {
  const sheet = book.sheets.get("Milestones") ?? "Milestones";
  const result = new Map<string, OnAccountTransaction>();
  for (const m of book.milestones) {
    let problem: string | null = null;
    const fail = (column: string, message: string) => {
      problem ??= message;
      issues.error(sheet, m.row, column, message);
    };
    const contract = book.contracts.get(m.contract) ?? null;
    if (!contract) fail("Contract", missingReference(book, "Contracts", "contract", m.contract, "add it to Contracts or correct the milestone"));
    const contractLine = contract ? (book.contractLines.get(contractLineKey(contract.id, m.contractLine)) ?? null) : null;
    if (contract && !contractLine) fail("Contract line", `Contract ${contract.id} has no line '${m.contractLine}': add it to ContractLines or correct the milestone`);
    if (contractLine && contractLine.billingMethod !== "Fixed price") {
      fail("Contract line", `Contract line ${contractLine.contract} / ${contractLine.line} is time and material: milestones bill fixed-price lines only`);
    }
    const project = contractLine ? (book.projects.get(contractLine.project) ?? null) : null;
    if (contractLine && !project) fail("Contract line", `Contract line ${contractLine.contract} / ${contractLine.line} names project '${contractLine.project}', which Projects does not list`);
    const currency = contract?.currency ?? "";
    // A currency whose Currencies row has errors has no known rounding: the milestone cannot be valued or billed.
    const unknownRounding = contract ? (currencyProblem(book, currency) ?? currencyProblem(book, book.parameters.accountingCurrency)) : null;
    if (unknownRounding) fail("Amount", unknownRounding);
    const salesTaxGroup = m.salesTaxGroup ?? defaultSalesTaxGroup(book.parameters.salesTaxGroupMethod, {
      project: project ?? undefined, contract: contract ?? undefined, customer: contract ? book.customers.get(contract.customer) : undefined,
    });
    result.set(m.id, {
      milestone: m, contract, contractLine, project, currency,
      amount: roundTo(m.amount, currencyRounding(book, currency)),
      salesTaxGroup,
      itemSalesTaxGroup: m.itemSalesTaxGroup ?? book.parameters.milestoneItemSalesTaxGroup,
      dimensions: mergeDimensions(contractLine?.dimensions ?? new Map(), m.dimensions),
      problem,
    });
  }
  return result;
}
