/**
 * Which sales tax group and item sales tax group a billing line carries (SPEC §4, DOMAIN.md §6.6).
 * A value on the row itself overrides either default.
 */
import type { Category, Contract, Customer, ItemSalesTaxGroupMethod, Product, Project, SalesTaxGroupMethod, TransactionType } from "../1-parse/model";

export interface SalesTaxGroupSources {
  readonly project: Project | undefined;
  readonly contract: Contract | undefined;
  readonly customer: Customer | undefined;
}

/** Billing sales tax group by the `Sales tax group method` parameter; Search takes the first non-blank of project, contract, customer. */
export function defaultSalesTaxGroup(method: SalesTaxGroupMethod, sources: SalesTaxGroupSources): string | null {
  switch (method) {
    case "Project":
      return sources.project?.salesTaxGroup ?? null;
    case "Project contract":
      return sources.contract?.salesTaxGroup ?? null;
    case "Customer":
      return sources.customer?.salesTaxGroup ?? null;
    case "Search":
      return sources.project?.salesTaxGroup ?? sources.contract?.salesTaxGroup ?? sources.customer?.salesTaxGroup ?? null;
  }
}

/**
 * Item sales tax group: from the category for Hour, Expense and Fee; for Item from the product or
 * the category, as the `Item sales tax group method` parameter says.
 */
export function defaultItemSalesTaxGroup(type: TransactionType, method: ItemSalesTaxGroupMethod, category: Category, product: Product | undefined): string | null {
  if (type === "Item" && method === "Item") return product?.itemSalesTaxGroup ?? null;
  return category.itemSalesTaxGroup;
}
