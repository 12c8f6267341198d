/**
 * The sample workbook's data: the seeds' Coho Winery scenario (seeds/003, DOMAIN.md §3.5, §7.5).
 * Contoso (USD) bills Coho Winery in GBP under a fixed-rate agreement of 1.25 while the market rate
 * is 1.30; Julia Funderburk logs 4 hours at 250 GBP on 27 August; a 7-hour forecast previews revenue.
 * For the cutover rehearsal, a fixed-price line of 20,000 GBP carries three milestones; the legacy system
 * already invoiced the first two (10,000 GBP), which go-live on 1 September migrates. PostedVouchers is
 * what Finance posted for the example (the article's voucher tables), for the reconciliation.
 * Each sheet lists records by column name; make-templates.ts checks every name against the schema.
 */
export type SampleValue = string | number | null;
export type SampleSheets = Record<string, Record<string, SampleValue>[]>;

export const SAMPLE: SampleSheets = {
  Parameters: [
    { Key: "Legal entity", Value: "USPM" },
    { Key: "Accounting currency", Value: "USD" },
    { Key: "Sales tax group method", Value: "Project contract" },
    { Key: "Item sales tax group method", Value: "Category" },
    { Key: "Fixed rate agreements enabled", Value: "Yes" },
    { Key: "Sales tax calculation", Value: "Line" },
    { Key: "Penny difference account", Value: "999100" },
    { Key: "Proposal number allows lower", Value: "Yes" },
    { Key: "Proposal number allows higher", Value: "Yes" },
    { Key: "Go-live date", Value: "2026-09-01" },
    { Key: "Maintenance mode", Value: "Yes" },
    { Key: "Finance version", Value: "10.0.41" },
  ],
  Currencies: [{ Currency: "USD", Rounding: 0.01 }, { Currency: "GBP", Rounding: 0.01 }],
  ExchangeRates: [{ "From currency": "GBP", "To currency": "USD", "Start date": "2026-01-01", Rate: 130 }],
  FixedRateAgreements: [{ Contract: "C-COHO", Currency: "GBP", Rate: 125, Reference: "FRA-001" }],
  Customers: [{ Customer: "COHO", Name: "Coho Winery", Currency: "GBP", "Sales tax group": null }],
  Contracts: [{ Contract: "C-COHO", Customer: "COHO", Currency: "GBP", "Sales tax group": null, Name: "Coho Winery implementation" }],
  ContractLines: [
    { Contract: "C-COHO", Line: "1", Project: "P-COHO", "Billing method": "Time and material", Amount: null, "Dim BusinessUnit": null, "Dim CostCenter": null },
    { Contract: "C-COHO", Line: "2", Project: "P-COHO", "Billing method": "Fixed price", Amount: 20000, "Dim BusinessUnit": "BU-UK", "Dim CostCenter": "CC-200" },
  ],
  ProjectGroups: [{ "Project group": "TM-WIP", "Accrue revenue": "Yes" }],
  Projects: [{ Project: "P-COHO", Contract: "C-COHO", "Project group": "TM-WIP", "Sales tax group": null }],
  Categories: [{ Category: "Design", "Transaction type": "Hour", "Item sales tax group": null }],
  Products: [],
  SalesTaxCodes: [],
  SalesTaxGroups: [],
  ItemSalesTaxGroups: [],
  PostingSetup: [
    { "Posting type": "Project - cost", "Main account": "540100", "Account name": "Cost of Project - Labor" },
    { "Posting type": "Project - payroll allocation", "Main account": "600300", "Account name": "Payroll allocation" },
    { "Posting type": "Project - expense offset", "Main account": "600400", "Account name": "Expense offset" },
    { "Posting type": "Project - item issue", "Main account": "140100", "Account name": "Inventory issue" },
    { "Posting type": "Project - WIP - sales value", "Main account": "161300", "Account name": "WIP - Sales Value" },
    { "Posting type": "Project - accrued revenue", "Main account": "420200", "Account name": "Accrued revenue" },
    { "Posting type": "Project - invoiced revenue", "Main account": "411100", "Account name": "Revenue - Labor" },
    { "Posting type": "Project - invoiced revenue on-account", "Main account": "401500", "Account name": "Revenue - on-account" },
    { "Posting type": "Customer balance", "Main account": "130100", "Account name": "Accounts Receivable" },
  ],
  Transactions: [{
    Transaction: "T-001", Project: "P-COHO", "Contract line": "1", Category: "Design", Resource: "Julia Funderburk",
    Date: "2026-08-27", Quantity: 4, "Cost price": 120, "Sales price": 250, Billable: "Yes",
  }],
  Milestones: [
    { Milestone: "M-COHO-1", Contract: "C-COHO", "Contract line": "2", Name: "Discovery", Date: "2026-05-31", Amount: 5000, "Invoice status": "Ready for invoicing", "Legacy invoiced": "Yes" },
    { Milestone: "M-COHO-2", Contract: "C-COHO", "Contract line": "2", Name: "Solution design", Date: "2026-07-31", Amount: 5000, "Invoice status": "Ready for invoicing", "Legacy invoiced": "Yes" },
    { Milestone: "M-COHO-3", Contract: "C-COHO", "Contract line": "2", Name: "Go-live", Date: "2026-10-31", Amount: 10000, "Invoice status": "Not ready for invoicing", "Legacy invoiced": "No" },
  ],
  HourForecasts: [{ Project: "P-COHO", Category: "Design", Date: "2026-08-20", Hours: 7, "Sales price": 250 }],
  ProformaInvoices: [{ Proforma: "PF-1001", Contract: "C-COHO", "Invoice date": "2026-08-31", Status: "Confirmed", Format: "Detail", Post: "Yes" }],
  ProformaLines: [{ Proforma: "PF-1001", Source: "T-001" }],
  PostedVouchers: [
    posted("USPM-000101", "2026-08-27", "540100", "Project - cost", "USD", 480, 480, "T-001"),
    posted("USPM-000101", "2026-08-27", "600300", "Project - payroll allocation", "USD", -480, -480, "T-001"),
    posted("USPM-000102", "2026-08-27", "161300", "Project - WIP - sales value", "GBP", 1000, 1250, "T-001"),
    posted("USPM-000102", "2026-08-27", "420200", "Project - accrued revenue", "GBP", -1000, -1250, "T-001"),
    posted("USPM-000201", "2026-08-31", "161300", "Project - WIP - sales value", "GBP", -1000, -1250, "CI-000001"),
    posted("USPM-000201", "2026-08-31", "420200", "Project - accrued revenue", "GBP", 1000, 1250, "CI-000001"),
    posted("USPM-000201", "2026-08-31", "411100", "Project - invoiced revenue", "GBP", -1000, -1250, "CI-000001"),
    posted("USPM-000201", "2026-08-31", "130100", "Customer balance", "GBP", 1000, 1250, "CI-000001"),
  ],
};

function posted(voucher: string, date: string, account: string, postingType: string, currency: string, amount: number, accounting: number, source: string) {
  return { Voucher: voucher, Date: date, "Main account": account, "Posting type": postingType, Currency: currency, Amount: amount, "Accounting amount": accounting, Project: "P-COHO", "Source id": source };
}
