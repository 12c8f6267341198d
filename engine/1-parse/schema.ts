/**
 * The workbook contract of SPEC §3: every input sheet, its columns, which are required, and what
 * they mean. Parsing, the blank template and the sample workbook are all generated from this one
 * list, so they cannot drift apart.
 */
export type ColumnType = "id" | "text" | "decimal" | "date" | "yesno" | "choice";

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  readonly choices?: readonly string[];
  readonly description: string;
}

export interface SheetSpec {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
  /** Whether `Dim …` columns on this sheet carry financial dimensions. */
  readonly dimensions: boolean;
}

const req = (name: string, type: ColumnType, description: string, choices?: readonly string[]): ColumnSpec => ({ name, type, required: true, description, choices });
const opt = (name: string, type: ColumnType, description: string, choices?: readonly string[]): ColumnSpec => ({ name, type, required: false, description, choices });

export const TRANSACTION_TYPES = ["Hour", "Expense", "Item", "Fee"] as const;
export const BILLING_METHODS = ["Time and material", "Fixed price"] as const;
export const ROUNDING_METHODS = ["Normal", "Downward", "Rounding-up"] as const;
export const PROFORMA_STATUSES = ["Draft", "Confirmed"] as const;
export const INVOICE_FORMATS = ["Detail", "Summary"] as const;
export const MILESTONE_STATUSES = ["Not ready for invoicing", "Ready for invoicing", "Customer invoice created", "Customer invoice posted"] as const;
export const DUAL_WRITE_MAPS = ["msdyn_contractlinescheduleofvalues", "msdyn_actuals", "invoices"] as const;
export const RUNBOOK_ACTIONS = [
  "Generate mapping", "Stop map", "Refresh tables", "Add value map", "Save map version", "Start map",
  "Migrate milestones", "Create invoices", "Confirm invoices", "Set map version",
] as const;
export const POSTING_TYPES = [
  "Project - cost",
  "Project - payroll allocation",
  "Project - expense offset",
  "Project - item issue",
  "Project - WIP - sales value",
  "Project - accrued revenue",
  "Project - invoiced revenue",
  "Project - invoiced revenue on-account",
  "Customer balance",
] as const;

export const PARAMETERS: SheetSpec = {
  name: "Parameters",
  description: "One row per setting: Key and Value. The only sheet that must exist.",
  dimensions: false,
  columns: [req("Key", "text", "Setting name (see the keys below)"), req("Value", "text", "Setting value")],
};

export const INPUT_SHEETS: readonly SheetSpec[] = [
  PARAMETERS,
  {
    name: "Currencies", dimensions: false, description: "Currency codes and their rounding.",
    columns: [req("Currency", "id", "ISO code, e.g. USD"), opt("Rounding", "decimal", "Rounding precision of amounts; default 0.01")],
  },
  {
    name: "ExchangeRates", dimensions: false, description: "Legal-entity exchange rates by start date, per 100 units of From.",
    columns: [
      req("From currency", "id", "Currency converted from"), req("To currency", "id", "Currency converted to"),
      req("Start date", "date", "First day the rate applies"), req("Rate", "decimal", "Units of To per 100 units of From (1.25 is 125)"),
    ],
  },
  {
    name: "FixedRateAgreements", dimensions: false, description: "Contract fixed exchange rate agreements (used when the parameter enables them).",
    columns: [
      req("Contract", "id", "Project contract"), req("Currency", "id", "Sales currency of the agreement"),
      req("Rate", "decimal", "Accounting-currency units per 100 units of Currency"), opt("Reference", "text", "Agreement number"),
    ],
  },
  {
    name: "Customers", dimensions: false, description: "Customers.",
    columns: [req("Customer", "id", "Customer account"), opt("Name", "text", "Name"), req("Currency", "id", "Customer currency"), opt("Sales tax group", "id", "Customer sales tax group")],
  },
  {
    name: "Contracts", dimensions: false, description: "Project contracts.",
    columns: [
      req("Contract", "id", "Project contract id"), req("Customer", "id", "Customer account"), req("Currency", "id", "Contract (sales) currency"),
      opt("Sales tax group", "id", "Contract sales tax group"), opt("Name", "text", "Name"),
    ],
  },
  {
    name: "ContractLines", dimensions: true, description: "Contract lines; Dim columns are the line's financial dimensions (primary for milestones).",
    columns: [
      req("Contract", "id", "Project contract"), req("Line", "id", "Line number within the contract"), req("Project", "id", "Project of the line"),
      req("Billing method", "choice", "Time and material or Fixed price", BILLING_METHODS), opt("Amount", "decimal", "Line amount (fixed price)"),
    ],
  },
  {
    name: "ProjectGroups", dimensions: false, description: "Project groups and whether they accrue revenue on unbilled sales.",
    columns: [req("Project group", "id", "Project group"), req("Accrue revenue", "yesno", "Yes: unbilled sales post WIP and accrued revenue")],
  },
  {
    name: "Projects", dimensions: true, description: "Projects; Dim columns are the project's default financial dimensions.",
    columns: [
      req("Project", "id", "Project id"), req("Contract", "id", "Project contract"), req("Project group", "id", "Project group"),
      opt("Sales tax group", "id", "Project sales tax group"),
    ],
  },
  {
    name: "Categories", dimensions: false, description: "Project categories.",
    columns: [
      req("Category", "id", "Project category"), req("Transaction type", "choice", "Hour, Expense, Item or Fee", TRANSACTION_TYPES),
      opt("Item sales tax group", "id", "Item sales tax group of the category"),
    ],
  },
  {
    name: "Products", dimensions: false, description: "Released products (for Item transactions).",
    columns: [req("Item", "id", "Item number"), opt("Item sales tax group", "id", "Item sales tax group of the product")],
  },
  {
    name: "SalesTaxCodes", dimensions: false, description: "Sales tax codes; several rows per code for several validity periods.",
    columns: [
      req("Code", "id", "Sales tax code"), req("Rate", "decimal", "Percent"), opt("Valid from", "date", "First day (blank: always)"),
      opt("Valid to", "date", "Last day (blank: open)"), opt("Rounding", "decimal", "Rounding precision; default 0.01"),
      opt("Rounding method", "choice", "Normal, Downward or Rounding-up; default Normal", ROUNDING_METHODS),
      req("Payable account", "id", "Main account for sales tax payable"),
    ],
  },
  {
    name: "SalesTaxGroups", dimensions: false, description: "Sales tax groups: one row per group and code.",
    columns: [req("Group", "id", "Sales tax group"), req("Code", "id", "Sales tax code"), opt("Exempt", "yesno", "Yes: the code calculates zero")],
  },
  {
    name: "ItemSalesTaxGroups", dimensions: false, description: "Item sales tax groups: one row per group and code.",
    columns: [req("Group", "id", "Item sales tax group"), req("Code", "id", "Sales tax code")],
  },
  {
    name: "PostingSetup", dimensions: false, description: "Main account per posting type; the most specific row wins (project group + category, category, project group, both blank).",
    columns: [
      req("Posting type", "choice", "Posting type", POSTING_TYPES), opt("Project group", "id", "Project group (blank: all)"),
      opt("Category", "id", "Project category (blank: all)"), req("Main account", "id", "Main account"), opt("Account name", "text", "Account name"),
    ],
  },
  {
    name: "Transactions", dimensions: true, description: "Approved time, expense, item and fee actuals. Cost price in accounting currency; sales price in contract currency.",
    columns: [
      req("Transaction", "id", "Transaction id"), req("Project", "id", "Project"), req("Contract line", "id", "Line of the project's contract"),
      req("Category", "id", "Project category"), opt("Item", "id", "Item number (Item transactions)"), opt("Resource", "text", "Resource name"),
      req("Date", "date", "Transaction date"), req("Quantity", "decimal", "Hours or units (negative for corrections)"),
      req("Cost price", "decimal", "Unit cost in accounting currency"), opt("Sales price", "decimal", "Unit sales price in contract currency"),
      opt("Billable", "yesno", "Default Yes"), opt("Sales tax group", "id", "Overrides the default"), opt("Item sales tax group", "id", "Overrides the default"),
    ],
  },
  {
    name: "HourForecasts", dimensions: false, description: "Hour forecasts for the general-ledger preview of revenue.",
    columns: [
      req("Project", "id", "Project"), req("Category", "id", "Project category"), req("Date", "date", "Forecast date"),
      req("Hours", "decimal", "Hours"), req("Sales price", "decimal", "Unit sales price in contract currency"),
    ],
  },
  {
    name: "Milestones", dimensions: true, description: "Fixed-price billing milestones (on-account transactions).",
    columns: [
      req("Milestone", "id", "Milestone id"), req("Contract", "id", "Project contract"), req("Contract line", "id", "Fixed-price contract line"),
      opt("Name", "text", "Name"), req("Date", "date", "Milestone date"), req("Amount", "decimal", "Amount in contract currency"),
      req("Invoice status", "choice", "Dataverse status by name or code (192350000–192350003)", MILESTONE_STATUSES),
      opt("Sales tax group", "id", "Overrides the default"), opt("Item sales tax group", "id", "Overrides the default"),
      opt("Legacy invoiced", "yesno", "Cutover: already invoiced in the legacy system"),
    ],
  },
  {
    name: "ProformaInvoices", dimensions: false, description: "Pro-forma invoices from Dataverse.",
    columns: [
      req("Proforma", "id", "Pro-forma invoice id (becomes the proposal number)"), req("Contract", "id", "Project contract"),
      req("Invoice date", "date", "Invoice date"), req("Status", "choice", "Draft or Confirmed", PROFORMA_STATUSES),
      opt("Format", "choice", "Detail or Summary; default Detail", INVOICE_FORMATS), opt("Post", "yesno", "Yes: post; No: pro forma only; default Yes"),
    ],
  },
  {
    name: "ProformaLines", dimensions: false, description: "Lines of the pro-forma invoices.",
    columns: [req("Proforma", "id", "Pro-forma invoice id"), req("Source", "id", "A Transaction or a Milestone id")],
  },
  {
    name: "CutoverRunbook", dimensions: false, description: "Cutover steps to rehearse (optional: the documented procedure when absent).",
    columns: [
      req("Step", "decimal", "Step number"), req("Action", "choice", "Runbook action", RUNBOOK_ACTIONS),
      opt("Map", "choice", "Dual-write map", DUAL_WRITE_MAPS), opt("Value", "text", "Value map (4=192350001) or version name"),
    ],
  },
  {
    name: "PostedVouchers", dimensions: true, description: "Voucher transactions exported from Finance, for reconciliation (optional).",
    columns: [
      req("Voucher", "id", "Voucher"), req("Date", "date", "Date"), req("Main account", "id", "Main account"), opt("Posting type", "text", "Posting type"),
      opt("Currency", "id", "Transaction currency"), opt("Amount", "decimal", "Amount in transaction currency"),
      req("Accounting amount", "decimal", "Amount in accounting currency"), opt("Project", "id", "Project"),
      req("Source id", "id", "Transaction, proposal or invoice it belongs to"),
    ],
  },
];

export function sheetSpec(name: string): SheetSpec {
  const spec = INPUT_SHEETS.find((s) => s.name === name);
  if (!spec) throw new Error(`No sheet spec named ${name}`);
  return spec;
}

export type ParameterType = "text" | "yesno" | "choice" | "date";

export interface ParameterSpec {
  readonly key: string;
  readonly type: ParameterType;
  readonly choices?: readonly string[];
  readonly default: string;
  readonly description: string;
}

/** Keys of the Parameters sheet (SPEC §3). An empty default means "none". */
export const PARAMETER_KEYS: readonly ParameterSpec[] = [
  { key: "Legal entity", type: "text", default: "", description: "Legal entity id" },
  { key: "Accounting currency", type: "text", default: "", description: "Required: the ledger's accounting currency" },
  { key: "Sales tax group method", type: "choice", choices: ["Project", "Project contract", "Customer", "Search"], default: "Search", description: "Where the billing sales tax group defaults from" },
  { key: "Item sales tax group method", type: "choice", choices: ["Item", "Category"], default: "Category", description: "Item transactions: item sales tax group from the product (Item) or the category" },
  { key: "Fixed rate agreements enabled", type: "yesno", default: "No", description: "Yes: contract fixed-rate agreements win over dated rates" },
  { key: "Sales tax calculation", type: "choice", choices: ["Line", "Total"], default: "Line", description: "Round tax per line or once per invoice and code" },
  { key: "Milestone item sales tax group", type: "text", default: "", description: "Item sales tax group every milestone defaults to" },
  { key: "Penny difference account", type: "text", default: "", description: "Main account for currency rounding differences on invoices" },
  { key: "Proposal number allows lower", type: "yesno", default: "No", description: "Invoice proposal number sequence allows a lower number" },
  { key: "Proposal number allows higher", type: "yesno", default: "No", description: "Invoice proposal number sequence allows a higher number" },
  { key: "Journal period", type: "choice", choices: ["Days", "Months", "Years", "All"], default: "Months", description: "Integration journals: one per day, month, year, or one for all" },
  { key: "Go-live date", type: "date", default: "", description: "Cutover: go-live date" },
  { key: "Maintenance mode", type: "yesno", default: "No", description: "Cutover: environment is in maintenance mode" },
  { key: "Finance version", type: "text", default: "", description: "Cutover: Finance version, e.g. 10.0.41" },
];
