/**
 * The typed records the rules work on, one per input row that could be read (SPEC §3). Ids are
 * text; amounts, prices, quantities and rates are Decimals; dates are ISO days. Every record keeps
 * its worksheet row so that an issue can point at it.
 */
import type { Decimal } from "../core/decimal";
import type { IsoDate } from "../core/dates";
import type { RoundingMethod } from "../core/money";
import type { Dimensions } from "./dimensions";
import type {
  BILLING_METHODS, DUAL_WRITE_MAPS, INVOICE_FORMATS, MILESTONE_STATUSES, POSTING_TYPES, PROFORMA_STATUSES,
  RUNBOOK_ACTIONS, TRANSACTION_TYPES,
} from "./schema";

export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export type BillingMethod = (typeof BILLING_METHODS)[number];
export type PostingType = (typeof POSTING_TYPES)[number];
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
export type ProformaStatus = (typeof PROFORMA_STATUSES)[number];
export type InvoiceFormat = (typeof INVOICE_FORMATS)[number];
export type DualWriteMap = (typeof DUAL_WRITE_MAPS)[number];
export type RunbookAction = (typeof RUNBOOK_ACTIONS)[number];
export type SalesTaxGroupMethod = "Project" | "Project contract" | "Customer" | "Search";
export type ItemSalesTaxGroupMethod = "Item" | "Category";
export type JournalPeriod = "Days" | "Months" | "Years" | "All";

export interface Parameters {
  readonly legalEntity: string;
  readonly accountingCurrency: string;
  readonly salesTaxGroupMethod: SalesTaxGroupMethod;
  readonly itemSalesTaxGroupMethod: ItemSalesTaxGroupMethod;
  readonly fixedRateAgreementsEnabled: boolean;
  readonly salesTaxCalculation: "Line" | "Total";
  readonly milestoneItemSalesTaxGroup: string | null;
  readonly pennyDifferenceAccount: string | null;
  readonly proposalNumberAllowsLower: boolean;
  readonly proposalNumberAllowsHigher: boolean;
  readonly journalPeriod: JournalPeriod;
  readonly goLiveDate: IsoDate | null;
  readonly maintenanceMode: boolean;
  readonly financeVersion: string | null;
}

export interface Currency { readonly code: string; readonly rounding: Decimal }

export interface ExchangeRateRow {
  readonly row: number;
  readonly from: string;
  readonly to: string;
  readonly startDate: IsoDate;
  /** Units of `to` per 100 units of `from`. */
  readonly rate: Decimal;
}

/** An ExchangeRates row with errors, as far as it can be read: the pair it quotes, and its start date when readable. */
export interface UnreadExchangeRate {
  readonly row: number;
  readonly from: string;
  readonly to: string;
  readonly startDate: IsoDate | null;
}

export interface FixedRateAgreement {
  readonly row: number;
  readonly contract: string;
  readonly currency: string;
  readonly rate: Decimal;
  readonly reference: string | null;
}

export interface Customer {
  readonly row: number;
  readonly id: string;
  readonly name: string | null;
  readonly currency: string;
  readonly salesTaxGroup: string | null;
}

export interface Contract {
  readonly row: number;
  readonly id: string;
  readonly customer: string;
  readonly currency: string;
  readonly salesTaxGroup: string | null;
  readonly name: string | null;
}

export interface ContractLine {
  readonly row: number;
  readonly contract: string;
  readonly line: string;
  readonly project: string;
  readonly billingMethod: BillingMethod;
  readonly amount: Decimal | null;
  readonly dimensions: Dimensions;
}

export interface ProjectGroup { readonly row: number; readonly id: string; readonly accrueRevenue: boolean }

export interface Project {
  readonly row: number;
  readonly id: string;
  readonly contract: string;
  readonly projectGroup: string;
  readonly salesTaxGroup: string | null;
  readonly dimensions: Dimensions;
}

export interface Category {
  readonly row: number;
  readonly id: string;
  readonly transactionType: TransactionType;
  readonly itemSalesTaxGroup: string | null;
}

export interface Product { readonly row: number; readonly item: string; readonly itemSalesTaxGroup: string | null }

export interface SalesTaxCodeValue {
  readonly row: number;
  readonly code: string;
  /** Percent. */
  readonly rate: Decimal;
  readonly validFrom: IsoDate | null;
  readonly validTo: IsoDate | null;
  readonly rounding: Decimal;
  readonly roundingMethod: RoundingMethod;
  readonly payableAccount: string;
}

export interface SalesTaxGroupCode { readonly row: number; readonly group: string; readonly code: string; readonly exempt: boolean }
export interface ItemSalesTaxGroupCode { readonly row: number; readonly group: string; readonly code: string }

export interface PostingSetupRow {
  readonly row: number;
  readonly postingType: PostingType;
  readonly projectGroup: string | null;
  readonly category: string | null;
  readonly mainAccount: string;
  readonly accountName: string | null;
}

/**
 * Setup rows with errors, as far as they can be read: which group, code or posting type they set. What they would
 * have decided waits for them to be fixed instead of being decided by other rows (SPEC §5: an error blocks what
 * depends on its row). A part that cannot be read is `undefined`: it could be any value.
 */
export interface UnreadSetupRows {
  readonly salesTaxGroups: readonly UnreadTaxGroupRow[];
  readonly itemSalesTaxGroups: readonly UnreadTaxGroupRow[];
  readonly salesTaxCodes: readonly { readonly row: number; readonly code: string; readonly validFrom: IsoDate | null | undefined; readonly validTo: IsoDate | null | undefined }[];
  readonly postingSetup: readonly UnreadPostingSetupRow[];
}

export interface UnreadTaxGroupRow {
  readonly row: number;
  readonly group: string;
  readonly code: string | undefined;
}

export interface UnreadPostingSetupRow {
  readonly row: number;
  readonly postingType: PostingType;
  /** Blank is "" (any group); unreadable is undefined. */
  readonly projectGroup: string | undefined;
  readonly category: string | undefined;
}

export interface Transaction {
  readonly row: number;
  readonly id: string;
  readonly project: string;
  readonly contractLine: string;
  readonly category: string;
  readonly item: string | null;
  readonly resource: string | null;
  readonly date: IsoDate;
  readonly quantity: Decimal;
  readonly costPrice: Decimal;
  readonly salesPrice: Decimal | null;
  readonly billable: boolean;
  readonly salesTaxGroup: string | null;
  readonly itemSalesTaxGroup: string | null;
  readonly dimensions: Dimensions;
}

export interface HourForecast {
  readonly row: number;
  readonly project: string;
  readonly category: string;
  readonly date: IsoDate;
  readonly hours: Decimal;
  readonly salesPrice: Decimal;
}

export interface Milestone {
  readonly row: number;
  readonly id: string;
  readonly contract: string;
  readonly contractLine: string;
  readonly name: string | null;
  readonly date: IsoDate;
  readonly amount: Decimal;
  readonly invoiceStatus: MilestoneStatus;
  readonly salesTaxGroup: string | null;
  readonly itemSalesTaxGroup: string | null;
  readonly legacyInvoiced: boolean;
  readonly dimensions: Dimensions;
}

export interface ProformaInvoice {
  readonly row: number;
  readonly id: string;
  readonly contract: string;
  readonly invoiceDate: IsoDate;
  readonly status: ProformaStatus;
  readonly format: InvoiceFormat;
  readonly post: boolean;
}

export interface ProformaLine { readonly row: number; readonly proforma: string; readonly source: string }

export interface RunbookStep {
  readonly row: number;
  readonly step: Decimal;
  readonly action: RunbookAction;
  readonly map: DualWriteMap | null;
  readonly value: string | null;
}

export interface PostedVoucherLine {
  readonly row: number;
  readonly voucher: string;
  readonly date: IsoDate;
  readonly mainAccount: string;
  readonly postingType: string | null;
  readonly currency: string | null;
  readonly amount: Decimal | null;
  readonly accountingAmount: Decimal;
  readonly project: string | null;
  readonly sourceId: string;
  readonly dimensions: Dimensions;
}
