/**
 * Generates a large, realistic input workbook for benchmarks and scale tests: many contracts and
 * projects, three contract currencies (USD, GBP, EUR) with dated rates and fixed-rate agreements,
 * hour, expense and item categories, two tax codes, and 80% of billable transactions on confirmed
 * pro-forma invoices (one per contract and month) that post. Deterministic for a given size and seed.
 */
import type { CellValue, InputWorkbook } from "../engine/workbook";

/** A small deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedWorkbookOptions {
  readonly transactions: number;
  readonly seed?: number;
  /** Contracts (and projects: one per contract). Default: one per 100 transactions, 10 to 5,000. */
  readonly contracts?: number;
}

const CURRENCIES = ["USD", "GBP", "EUR"] as const;

export function generateWorkbook(options: GeneratedWorkbookOptions): InputWorkbook {
  const rnd = random(options.seed ?? 1);
  const contracts = options.contracts ?? Math.min(5000, Math.max(10, Math.round(options.transactions / 100)));
  const sheets: { name: string; rows: CellValue[][] }[] = [];
  const add = (name: string, rows: CellValue[][]) => sheets.push({ name, rows });

  add("Parameters", [
    ["Key", "Value"], ["Legal entity", "USPM"], ["Accounting currency", "USD"], ["Sales tax group method", "Search"],
    ["Item sales tax group method", "Category"], ["Fixed rate agreements enabled", "Yes"], ["Sales tax calculation", "Line"],
    ["Penny difference account", "999100"], ["Proposal number allows lower", "Yes"], ["Proposal number allows higher", "Yes"],
  ]);
  add("Currencies", [["Currency", "Rounding"], ["USD", "0.01"], ["GBP", "0.01"], ["EUR", "0.01"]]);
  const rates: CellValue[][] = [["From currency", "To currency", "Start date", "Rate"]];
  for (let month = 1; month <= 12; month++) {
    const date = `2026-${String(month).padStart(2, "0")}-01`;
    rates.push(["GBP", "USD", date, (125 + rnd() * 10).toFixed(4)]);
    rates.push(["EUR", "USD", date, (105 + rnd() * 10).toFixed(4)]);
  }
  add("ExchangeRates", rates);
  const agreements: CellValue[][] = [["Contract", "Currency", "Rate", "Reference"]];
  const customers: CellValue[][] = [["Customer", "Name", "Currency", "Sales tax group"]];
  const contractRows: CellValue[][] = [["Contract", "Customer", "Currency", "Sales tax group", "Name"]];
  const lines: CellValue[][] = [["Contract", "Line", "Project", "Billing method", "Amount", "Dim CostCenter"]];
  const projects: CellValue[][] = [["Project", "Contract", "Project group", "Sales tax group", "Dim BusinessUnit", "Dim Department"]];
  for (let c = 0; c < contracts; c++) {
    const currency = CURRENCIES[c % 3];
    const id = `C-${String(c + 1).padStart(5, "0")}`;
    const customer = `CUST-${String((c % 500) + 1).padStart(4, "0")}`;
    if (c < 500) customers.push([customer, `Customer ${c + 1}`, currency, c % 2 ? "DOMESTIC" : "EXPORT"]);
    contractRows.push([id, customer, currency, null, `Contract ${c + 1}`]);
    if (currency !== "USD" && c % 4 === 1) agreements.push([id, currency, currency === "GBP" ? "125" : "110", `FRA-${c + 1}`]);
    lines.push([id, 1, `P-${id.slice(2)}`, "Time and material", null, `CC${(c % 20) + 1}`]);
    projects.push([`P-${id.slice(2)}`, id, c % 5 === 0 ? "TM-NOWIP" : "TM-WIP", null, `BU${(c % 7) + 1}`, `D${(c % 3) + 1}`]);
  }
  add("FixedRateAgreements", agreements);
  add("Customers", customers);
  add("Contracts", contractRows);
  add("ContractLines", lines);
  add("ProjectGroups", [["Project group", "Accrue revenue"], ["TM-WIP", "Yes"], ["TM-NOWIP", "No"]]);
  add("Projects", projects);
  add("Categories", [["Category", "Transaction type", "Item sales tax group"], ["Design", "Hour", "SERVICES"], ["Travel", "Expense", "SERVICES"], ["Hardware", "Item", "GOODS"]]);
  add("Products", [["Item", "Item sales tax group"], ["LAPTOP", "GOODS"]]);
  add("SalesTaxCodes", [["Code", "Rate", "Payable account"], ["VAT20", "20", "222100"], ["VAT5", "5", "222200"]]);
  add("SalesTaxGroups", [["Group", "Code"], ["DOMESTIC", "VAT20"], ["DOMESTIC", "VAT5"], ["EXPORT", "VAT5"]]);
  add("ItemSalesTaxGroups", [["Group", "Code"], ["SERVICES", "VAT20"], ["GOODS", "VAT5"]]);
  add("PostingSetup", [
    ["Posting type", "Project group", "Category", "Main account", "Account name"],
    ["Project - cost", null, null, "540100", "Cost of Project - Labor"],
    ["Project - cost", null, "Travel", "540200", "Cost of Project - Travel"],
    ["Project - payroll allocation", null, null, "600300", "Payroll allocation"],
    ["Project - expense offset", null, null, "600400", "Expense offset"],
    ["Project - item issue", null, null, "140100", "Inventory issue"],
    ["Project - WIP - sales value", null, null, "161300", "WIP - Sales Value"],
    ["Project - accrued revenue", null, null, "420200", "Accrued revenue"],
    ["Project - invoiced revenue", null, null, "411100", "Revenue - Labor"],
    ["Project - invoiced revenue on-account", null, null, "401500", "Revenue - on-account"],
    ["Customer balance", null, null, "130100", "Accounts Receivable"],
  ]);

  const categories = ["Design", "Design", "Design", "Travel", "Hardware"];
  const resources = ["Julia Funderburk", "Alicia Thomber", "Ted Howe", "Kim Abercrombie", "Ravi Kumar"];
  const transactions: CellValue[][] = [[
    "Transaction", "Project", "Contract line", "Category", "Item", "Resource", "Date", "Quantity", "Cost price", "Sales price", "Billable", "Dim Department",
  ]];
  const proformas = new Map<string, CellValue[]>();
  const proformaLines: CellValue[][] = [["Proforma", "Source"]];
  for (let i = 0; i < options.transactions; i++) {
    const c = Math.floor(rnd() * contracts);
    const category = categories[Math.floor(rnd() * categories.length)];
    const month = 1 + Math.floor(rnd() * 12);
    const day = 1 + Math.floor(rnd() * 28);
    const hours = category === "Design";
    transactions.push([
      `T-${String(i + 1).padStart(7, "0")}`, `P-${String(c + 1).padStart(5, "0")}`, 1, category, category === "Hardware" ? "LAPTOP" : null,
      resources[i % resources.length], `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      hours ? (Math.floor(rnd() * 32) / 4 + 0.25).toFixed(2) : String(1 + Math.floor(rnd() * 3)),
      (20 + Math.floor(rnd() * 18000) / 100).toFixed(2), (50 + Math.floor(rnd() * 30000) / 100).toFixed(2), i % 17 === 0 ? "No" : "Yes",
      i % 9 === 0 ? "D9" : null,
    ]);
    if (i % 17 !== 0 && rnd() < 0.8) {
      const id = `PF-${String(c + 1).padStart(5, "0")}-${String(month).padStart(2, "0")}`;
      if (!proformas.has(id)) proformas.set(id, [id, `C-${String(c + 1).padStart(5, "0")}`, `2026-${String(month).padStart(2, "0")}-28`, "Confirmed", month % 2 ? "Detail" : "Summary", "Yes"]);
      proformaLines.push([id, transactions[transactions.length - 1][0]]);
    }
  }
  add("Transactions", transactions);
  add("ProformaInvoices", [["Proforma", "Contract", "Invoice date", "Status", "Format", "Post"], ...proformas.values()]);
  add("ProformaLines", proformaLines);
  return { sheets };
}
