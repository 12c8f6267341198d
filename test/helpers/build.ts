/** Small builders for test workbooks: a base setup in USD with a GBP and a JPY contract. */
import type { CellValue, InputWorkbook } from "../../engine/workbook";

export type Sheets = Record<string, CellValue[][]>;

export function workbook(sheets: Sheets): InputWorkbook {
  return { sheets: Object.entries(sheets).map(([name, rows]) => ({ name, rows })) };
}

export function baseSheets(): Sheets {
  return {
    Parameters: [
      ["Key", "Value"],
      ["Accounting currency", "USD"],
      ["Sales tax group method", "Search"],
      ["Fixed rate agreements enabled", "Yes"],
    ],
    Currencies: [["Currency", "Rounding"], ["USD", 0.01], ["GBP", 0.01], ["JPY", 1], ["EUR", 0.01]],
    ExchangeRates: [
      ["From currency", "To currency", "Start date", "Rate"],
      ["GBP", "USD", "2026-01-01", 130],
      ["GBP", "USD", "2026-07-01", 128.5],
      ["USD", "EUR", "2026-01-01", 92],
      ["JPY", "USD", "2026-01-01", 0.6734],
    ],
    FixedRateAgreements: [["Contract", "Currency", "Rate"], ["C-GBP-FIX", "GBP", 125]],
    Customers: [["Customer", "Currency", "Sales tax group"], ["CUST", "USD", "CUST-TAX"]],
    Contracts: [
      ["Contract", "Customer", "Currency", "Sales tax group"],
      ["C-USD", "CUST", "USD", null],
      ["C-GBP", "CUST", "GBP", "CON-TAX"],
      ["C-GBP-FIX", "CUST", "GBP", null],
      ["C-EUR", "CUST", "EUR", null],
      ["C-JPY", "CUST", "JPY", null],
    ],
    ContractLines: [
      ["Contract", "Line", "Project", "Billing method", "Amount", "Dim CostCenter"],
      ["C-USD", 1, "P-USD", "Time and material", null, "CC-LINE"],
      ["C-USD", 2, "P-USD", "Fixed price", 10000, null],
      ["C-GBP", 1, "P-GBP", "Time and material", null, null],
      ["C-GBP-FIX", 1, "P-FIX", "Time and material", null, null],
      ["C-EUR", 1, "P-EUR", "Time and material", null, null],
      ["C-JPY", 1, "P-JPY", "Time and material", null, null],
    ],
    ProjectGroups: [["Project group", "Accrue revenue"], ["WIP", "Yes"], ["NOWIP", "No"]],
    Projects: [
      ["Project", "Contract", "Project group", "Sales tax group", "Dim BusinessUnit", "Dim CostCenter"],
      ["P-USD", "C-USD", "WIP", "PRJ-TAX", "BU1", "CC1"],
      ["P-GBP", "C-GBP", "WIP", null, "BU2", null],
      ["P-FIX", "C-GBP-FIX", "NOWIP", null, "BU3", "CC3"],
      ["P-EUR", "C-EUR", "WIP", null, null, null],
      ["P-JPY", "C-JPY", "WIP", null, null, null],
    ],
    Categories: [
      ["Category", "Transaction type", "Item sales tax group"],
      ["Design", "Hour", "SERVICES"],
      ["Travel", "Expense", "EXPENSES"],
      ["Hardware", "Item", "GOODS-CAT"],
      ["Setup fee", "Fee", "FEES"],
    ],
    Products: [["Item", "Item sales tax group"], ["LAPTOP", "GOODS-ITEM"]],
    PostingSetup: [
      ["Posting type", "Project group", "Category", "Main account", "Account name"],
      ["Project - cost", null, null, "540100", "Cost of Project - Labor"],
      ["Project - cost", null, "Travel", "540200", "Cost of Project - Travel"],
      ["Project - cost", "NOWIP", "Travel", "540210", "Cost of Project - Travel (no WIP)"],
      ["Project - cost", "NOWIP", null, "540300", "Cost of Project - no WIP"],
      ["Project - payroll allocation", null, null, "600300", "Payroll allocation"],
      ["Project - expense offset", null, null, "600400", "Expense offset"],
      ["Project - item issue", null, null, "140100", "Inventory issue"],
      ["Project - WIP - sales value", null, null, "161300", "WIP - Sales Value"],
      ["Project - accrued revenue", null, null, "420200", "Accrued revenue"],
    ],
    Transactions: [
      ["Transaction", "Project", "Contract line", "Category", "Item", "Resource", "Date", "Quantity", "Cost price", "Sales price", "Billable"],
    ],
  };
}

export type TransactionRow = [id: string, project: string, line: CellValue, category: string, date: CellValue, qty: CellValue, cost: CellValue, price: CellValue, item?: string | null, billable?: CellValue];

export function withTransactions(sheets: Sheets, rows: TransactionRow[]): Sheets {
  const header = sheets.Transactions[0];
  return {
    ...sheets,
    Transactions: [header, ...rows.map(([id, project, line, category, date, qty, cost, price, item, billable]) =>
      [id, project, line, category, item ?? null, "R", date, qty, cost, price, billable ?? null])],
  };
}

const POSTING_FOR_INVOICES: CellValue[][] = [
  ["Project - invoiced revenue", null, null, "411100", "Revenue"],
  ["Project - invoiced revenue on-account", null, null, "401500", "Revenue on-account"],
  ["Customer balance", null, null, "130100", "Accounts receivable"],
];

/** The base setup plus tax codes, groups and invoice accounts. */
export function billingSheets(): Sheets {
  const s = baseSheets();
  s.Parameters.push(["Proposal number allows lower", "Yes"], ["Proposal number allows higher", "Yes"], ["Penny difference account", "999100"], ["Milestone item sales tax group", "SERVICES"]);
  s.PostingSetup.push(...POSTING_FOR_INVOICES);
  s.SalesTaxCodes = [
    ["Code", "Rate", "Valid from", "Valid to", "Rounding", "Rounding method", "Payable account"],
    ["VAT", 20, null, "2026-08-30", 0.01, "Normal", "222100"],
    ["VAT", 21, "2026-08-31", null, 0.01, "Normal", "222100"],
    ["LOW", 7.5, null, null, 0.01, "Normal", "222200"],
    ["UP10", 10, null, null, 0.01, "Rounding-up", "222300"],
    ["UP10B", 10, null, null, 0.01, "Rounding-up", "222400"],
    ["ZERO", 5, null, null, 0.01, "Normal", "222500"],
  ];
  s.SalesTaxGroups = [
    ["Group", "Code", "Exempt"],
    ["PRJ-TAX", "VAT", "No"], ["PRJ-TAX", "LOW", "No"],
    ["CON-TAX", "LOW", "No"],
    ["CUST-TAX", "VAT", "No"], ["CUST-TAX", "ZERO", "Yes"],
    ["UPGROUP", "UP10", "No"], ["UPGROUP", "UP10B", "No"],
  ];
  s.ItemSalesTaxGroups = [
    ["Group", "Code"],
    ["SERVICES", "VAT"], ["SERVICES", "ZERO"], ["SERVICES", "UP10"], ["SERVICES", "UP10B"],
    ["EXPENSES", "LOW"],
    ["GOODS-ITEM", "LOW"],
    ["GOODS-CAT", "LOW"],
    ["FEES", "VAT"],
  ];
  s.ProformaInvoices = [["Proforma", "Contract", "Invoice date", "Status", "Format", "Post"]];
  s.ProformaLines = [["Proforma", "Source"]];
  return s;
}

