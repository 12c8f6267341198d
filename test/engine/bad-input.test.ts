/** SPEC §3 and §5: bad input gives row-level issues naming sheet, row and column, never a crash; the rest is still computed. */
import { simulate } from "../../engine";
import { baseSheets, billingSheets, withTransactions, workbook, type Sheets } from "../helpers/build";
import { records, table } from "../helpers/workbooks";

const good: Parameters<typeof withTransactions>[1] = [["T-GOOD", "P-USD", 1, "Design", "2026-05-04", 2, 50, 100]];

function run(adjust: (s: Sheets) => void) {
  const sheets = withTransactions(baseSheets(), good);
  adjust(sheets);
  const result = simulate(workbook(sheets));
  const journal = result.tables.find((t) => t.name === "IntegrationJournal");
  return { result, journal: journal ? records(journal) : [] };
}

const goodPosted = (journal: Record<string, string | null>[]) =>
  journal.filter((l) => l.Transaction === "T-GOOD").map((l) => [l["Line type"], l.Status, l["Accounting amount"]]);

describe("missing sheets and columns", () => {
  test("no Parameters sheet: one error, no output but Issues", () => {
    const { result } = run((s) => delete s.Parameters);
    expect(result.issues).toEqual([expect.objectContaining({ severity: "Error", sheet: "Parameters", row: null, message: expect.stringContaining("no Parameters sheet") })]);
    expect(result.tables.map((t) => t.name)).toEqual(["Issues"]);
  });

  test("no Accounting currency: an error that says what to add", () => {
    const { result } = run((s) => { s.Parameters = [["Key", "Value"], ["Legal entity", "USPM"]]; });
    expect(result.issues).toEqual([expect.objectContaining({ sheet: "Parameters", column: "Value", message: expect.stringContaining("'Accounting currency' is required") })]);
  });

  test("an absent optional sheet reads as empty; an issue only where a row needs it", () => {
    const { result } = run((s) => { delete s.HourForecasts; delete s.Products; delete s.FixedRateAgreements; });
    expect(result.issues).toEqual([]);
  });

  test("a missing required column names the column and the header row; the sheet is not read", () => {
    const { result, journal } = run((s) => {
      s.Transactions = s.Transactions.map((r) => r.filter((_, i) => i !== 8)); // drop "Cost price"
    });
    expect(result.issues).toEqual([expect.objectContaining({ severity: "Error", sheet: "Transactions", row: 1, column: "Cost price", message: expect.stringContaining("Required column 'Cost price' is missing") })]);
    expect(journal).toEqual([]);
  });

  test("columns are found by name in any order, any case, ignoring spaces, _ and -", () => {
    const { result, journal } = run((s) => {
      const order = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
      s.Transactions = s.Transactions.map((r) => order.map((i) => r[i]));
      s.Transactions[0] = s.Transactions[0].map((h) => String(h).toUpperCase().replace(/ /g, "_"));
    });
    expect(result.issues).toEqual([]);
    expect(goodPosted(journal)).toEqual([["Cost", "Posted", "100.00"], ["Sales", "Posted", "200.00"]]);
  });

  test("a sheet name in another case and spacing is found", () => {
    const { result, journal } = run((s) => {
      s["transactions "] = s.Transactions;
      delete s.Transactions;
    });
    expect(result.issues).toEqual([]);
    expect(journal).toHaveLength(2);
  });
});

describe("bad cells", () => {
  test("text in a number column: an error on that cell; the row is skipped and the rest computed", () => {
    const { result, journal } = run((s) => s.Transactions.push(["T-BAD", "P-USD", 1, "Design", null, "R", "2026-05-04", "four", 50, 100, null]));
    expect(result.issues).toEqual([expect.objectContaining({ severity: "Error", sheet: "Transactions", row: 3, column: "Quantity", message: expect.stringContaining("'four' is not a number") })]);
    expect(goodPosted(journal)).toEqual([["Cost", "Posted", "100.00"], ["Sales", "Posted", "200.00"]]);
  });

  test("every bad cell of a row is reported, not only the first", () => {
    const { result } = run((s) => s.Transactions.push(["T-BAD", "P-USD", 1, "Design", null, "R", "31.12.2026", "#N/A", "x", 100, "perhaps"]));
    expect(result.issues.map((i) => [i.row, i.column])).toEqual([[3, "Date"], [3, "Quantity"], [3, "Cost price"], [3, "Billable"]]);
  });

  test("a required cell left empty is an error naming the column", () => {
    const { result } = run((s) => s.Transactions.push(["T-BAD", null, 1, "Design", null, "R", "2026-05-04", 1, 50, 100, null]));
    expect(result.issues).toEqual([expect.objectContaining({ row: 3, column: "Project", message: "Project is required" })]);
  });

  test("empty rows are skipped and row numbers stay the worksheet's", () => {
    const { result } = run((s) => s.Transactions.push([null, null], ["", " "], ["T-X", "P-NOPE", 1, "Design", null, "R", "2026-05-04", 1, 1, null, null]));
    expect(result.issues).toEqual([expect.objectContaining({ row: 5, column: "Project" })]);
  });
});

describe("unknown references", () => {
  test("an unknown project blocks that transaction only", () => {
    const { result, journal } = run((s) => s.Transactions.push(["T-BAD", "P-NOPE", 1, "Design", null, "R", "2026-05-04", 1, 50, 100, null]));
    expect(result.issues).toEqual([expect.objectContaining({ severity: "Error", sheet: "Transactions", row: 3, column: "Project", message: expect.stringContaining("Unknown project 'P-NOPE'") })]);
    expect(journal.filter((l) => l.Transaction === "T-BAD").map((l) => l.Status)).toEqual(["Blocked", "Blocked"]);
    expect(goodPosted(journal)).toEqual([["Cost", "Posted", "100.00"], ["Sales", "Posted", "200.00"]]);
    expect(result.summary.balanced).toBe(true);
  });

  test("an unknown category or contract line", () => {
    const { result } = run((s) => s.Transactions.push(
      ["T-CAT", "P-USD", 1, "Dancing", null, "R", "2026-05-04", 1, 50, 100, null],
      ["T-LINE", "P-USD", 9, "Design", null, "R", "2026-05-04", 1, 50, 100, null],
    ));
    expect(result.issues).toEqual([
      expect.objectContaining({ row: 3, column: "Category", message: expect.stringContaining("Unknown category 'Dancing'") }),
      expect.objectContaining({ row: 4, column: "Contract line", message: expect.stringContaining("Contract C-USD has no line '9'") }),
    ]);
  });

  test("a project whose group is missing is reported once, on the Projects row", () => {
    const { result } = run((s) => {
      s.Projects.push(["P-ORPHAN", "C-USD", "GHOST", null, null, null]);
      s.Transactions.push(["T-1", "P-ORPHAN", 1, "Design", null, "R", "2026-05-04", 1, 1, null, null], ["T-2", "P-ORPHAN", 1, "Design", null, "R", "2026-05-04", 1, 1, null, null]);
    });
    expect(result.issues).toEqual([expect.objectContaining({ sheet: "Projects", row: 7, column: "Project group", message: expect.stringContaining("'GHOST'") })]);
  });

  test("a duplicate id: the later row is an error and ignored", () => {
    const { result, journal } = run((s) => s.Transactions.push(["T-GOOD", "P-USD", 1, "Design", null, "R", "2026-05-04", 1, 1, null, null]));
    expect(result.issues).toEqual([expect.objectContaining({ row: 3, column: "Transaction", message: expect.stringContaining("Duplicate transaction 'T-GOOD': row 2") })]);
    expect(journal).toHaveLength(2);
  });
});

test("an unknown parameter key and a duplicated key are warnings", () => {
  const { result } = run((s) => s.Parameters.push(["Colour", "Blue"], ["Accounting currency", "EUR"]));
  expect(result.issues).toEqual([
    expect.objectContaining({ severity: "Warning", row: 5, message: expect.stringContaining("Unknown parameter 'Colour'") }),
    expect.objectContaining({ severity: "Warning", row: 6, message: expect.stringContaining("'Accounting currency' is set twice; row 2 is used") }),
  ]);
});

describe("where the header is and what a row needs", () => {
  test("blank lines above the header: the header is the first non-empty row, and rows keep their worksheet numbers", () => {
    const { result, journal } = run((s) => {
      s.Transactions = [[], [null, ""], ...s.Transactions, ["T-BAD", "P-NOPE", 1, "Design", null, "R", "2026-05-04", 1, 1, null, null]];
    });
    expect(goodPosted(journal)).toEqual([["Cost", "Posted", "100.00"], ["Sales", "Posted", "200.00"]]);
    expect(result.issues).toEqual([expect.objectContaining({ sheet: "Transactions", row: 5, column: "Project" })]);
  });

  test("a project whose contract is unknown is an error only when a sales line needs the contract, once per project", () => {
    const costOnly = run((s) => {
      s.Projects.push(["P-LOST", "C-GONE", "WIP", null, null, null]);
      s.Transactions.push(["T-1", "P-LOST", 1, "Design", null, "R", "2026-05-04", 1, 10, null, null]);
    });
    expect(costOnly.result.issues).toEqual([]);
    const billed = run((s) => {
      s.Projects.push(["P-LOST", "C-GONE", "WIP", null, null, null]);
      s.Transactions.push(["T-1", "P-LOST", 1, "Design", null, "R", "2026-05-04", 1, 10, 20, null], ["T-2", "P-LOST", 1, "Design", null, "R", "2026-05-04", 1, 10, 20, null]);
    });
    expect(billed.result.issues).toEqual([expect.objectContaining({
      sheet: "Projects", row: 7, column: "Contract", message: expect.stringContaining("Unknown contract 'C-GONE'"),
    })]);
    expect(billed.result.issues[0].message).toContain("(1 more row affected)");
  });

  test("a transaction on a contract line whose row has errors points at that row", () => {
    const { result } = run((s) => {
      s.ContractLines.push(["C-USD", 3, "P-USD", "T&M", null, null]);
      s.Transactions.push(["T-1", "P-USD", 3, "Design", null, "R", "2026-05-04", 1, 10, 20, null]);
    });
    expect(result.issues).toEqual([
      expect.objectContaining({ sheet: "ContractLines", row: 8, column: "Billing method" }),
      expect.objectContaining({ sheet: "Transactions", row: 3, column: "Contract line", message: expect.stringContaining("Contract line C-USD / 3 is on ContractLines row 8, which has errors") }),
    ]);
  });
});

describe("a setup row with errors holds back what it would decide, instead of another row deciding it (SPEC §5)", () => {
  const billing = (adjust: (s: Sheets) => void) => {
    const s = withTransactions(billingSheets(), [["T1", "P-USD", 1, "Travel", "2026-08-10", 1, 50, 100]]);
    s.ProformaInvoices.push(["PF-1", "C-USD", "2026-08-31", "Confirmed", "Detail", "Yes"]);
    s.ProformaLines.push(["PF-1", "T1"]);
    adjust(s);
    const result = simulate(workbook(s));
    return { result, journal: records(table(result.tables, "IntegrationJournal")), proposals: records(table(result.tables, "InvoiceProposals")) };
  };

  test("a PostingSetup row for Travel whose account cannot be read: the Travel cost waits for it, not the generic cost account", () => {
    // PostingSetup row 3 is Project - cost / Travel → 540200; without it the generic 540100 (row 2) would take the cost.
    const { result, journal } = billing((s) => { s.PostingSetup[2] = ["Project - cost", null, "Travel", "#N/A", "Cost of Project - Travel"]; });
    expect(journal.map((l) => [l["Line type"], l.Status])).toEqual([["Cost", "Blocked"], ["Sales", "Posted"]]);
    expect(result.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ sheet: "PostingSetup", row: 3, column: "Main account" }),
      expect.objectContaining({
        sheet: "PostingSetup", row: 3, column: "Posting type",
        message: "PostingSetup row 3 ('Project - cost') has errors, and it may be the row for project group WIP, category Travel: fix it before that account is used; first needed by transaction T1 (Transactions row 2)",
      }),
    ]));
    // A Design transaction's cost never used that row: it posts to 540100 as before.
    const design = billing((s) => {
      s.PostingSetup[2] = ["Project - cost", null, "Travel", "#N/A", "Cost of Project - Travel"];
      s.Transactions[1][3] = "Design";
    });
    expect(design.journal.map((l) => [l["Line type"], l.Status])).toEqual([["Cost", "Posted"], ["Sales", "Posted"]]);
  });

  test("a SalesTaxGroups row that cannot be read: the proposal waits instead of posting without that tax", () => {
    // PRJ-TAX ∩ EXPENSES = LOW 7.5%; the LOW row of PRJ-TAX has an Exempt of 'maybe'.
    const before = billing(() => undefined);
    expect(before.proposals[0]).toMatchObject({ Status: "Posted", "Sales tax": "7.50" });
    const { result, proposals } = billing((s) => { s.SalesTaxGroups[2] = ["PRJ-TAX", "LOW", "maybe"]; });
    expect(proposals[0]).toMatchObject({ Status: "Waiting", Invoice: null, "Blocked by": "SalesTaxGroups row 3 has errors: the tax of sales tax group PRJ-TAX waits for it to be fixed" });
    expect(result.issues).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: "SalesTaxGroups", row: 3, column: "Exempt" })]));
  });

  test("a SalesTaxGroups row of the group with its code left blank could name any code: the proposal waits", () => {
    const { proposals } = billing((s) => { s.SalesTaxGroups.push(["PRJ-TAX", null, "No"]); });
    expect(proposals[0]).toMatchObject({ Status: "Waiting", "Blocked by": "SalesTaxGroups row 9 has errors: the tax of sales tax group PRJ-TAX waits for it to be fixed" });
  });

  test("a SalesTaxCodes row that cannot be read holds back only the dates it may cover", () => {
    // VAT is 20% until 2026-08-30 (row 2) and 21% from 2026-08-31 (row 3); EXPENSES carries LOW, so use a Design line (SERVICES: VAT).
    const design = (adjust: (s: Sheets) => void) => billing((s) => { s.Transactions[1][3] = "Design"; adjust(s); });
    const bad = (s: Sheets) => { s.SalesTaxCodes[2] = ["VAT", "21 %%", "2026-08-31", null, 0.01, "Normal", "222100"]; };
    expect(design(bad).proposals[0]).toMatchObject({ Status: "Waiting", "Blocked by": "SalesTaxCodes row 3 has errors: the tax of sales tax code VAT on 2026-08-31 waits for it to be fixed" });
    // An invoice dated before the bad row's validity takes the 20% row: 100 × 20% = 20.00.
    const earlier = design((s) => { bad(s); s.ProformaInvoices[1][2] = "2026-08-20"; });
    expect(earlier.proposals[0]).toMatchObject({ Status: "Posted", "Sales tax": "20.00" });
  });

  test("a Currencies row that cannot be read holds back the amounts in its currency: their rounding is not known", () => {
    // JPY rounds to whole yen; with its row unreadable, a JPY sales line waits instead of being rounded to 0.01.
    const jpy = run((s) => {
      s.Currencies[3] = ["JPY", "1 yen"];
      s.Transactions = withTransactions(s, [...good, ["T-JPY", "P-JPY", 1, "Design", "2026-03-01", 3, 0, 333.5]]).Transactions;
    });
    expect(jpy.journal.filter((l) => l.Transaction === "T-JPY").map((l) => [l["Line type"], l.Status, l["Accounting amount"]])).toEqual([["Sales", "Blocked", null]]);
    expect(jpy.result.issues).toEqual([
      expect.objectContaining({ severity: "Error", sheet: "Currencies", row: 4, column: "Rounding" }),
      expect.objectContaining({ sheet: "Transactions", row: 3, column: "Sales price", message: "Currencies row 4 (JPY) has errors: JPY amounts wait for it, as their rounding is not known" }),
    ]);
    expect(goodPosted(jpy.journal)).toEqual([["Cost", "Posted", "100.00"], ["Sales", "Posted", "200.00"]]);
    // A forecast in that currency, and a proposal, wait too.
    const forecast = run((s) => {
      s.Currencies[3] = ["JPY", "1 yen"];
      s.HourForecasts = [["Project", "Category", "Date", "Hours", "Sales price"], ["P-JPY", "Design", "2026-03-01", 3, 333.5]];
    });
    expect(forecast.result.issues).toContainEqual(expect.objectContaining({ sheet: "HourForecasts", row: 2, column: "Sales price", message: expect.stringContaining("Currencies row 4 (JPY) has errors") }));
    expect(records(table(forecast.result.tables, "ForecastPreview"))[0]).toMatchObject({ "Accounting amount": null });
    // The accounting currency's own row: every amount waits, costs included.
    const usd = run((s) => { s.Currencies[1] = ["USD", "#N/A"]; });
    expect(goodPosted(usd.journal)).toEqual([["Cost", "Blocked", "100.00"], ["Sales", "Blocked", null]]);
  });

  test("a setup row with errors that would not be used even if fixed blocks nothing", () => {
    // A second blank Project - cost row after the valid one (the first row of a key wins): Design's cost still posts to 540100.
    const { journal } = billing((s) => {
      s.PostingSetup.push(["Project - cost", null, null, "#N/A", "Second blank row"]);
      s.Transactions[1][3] = "Design";
    });
    expect(journal.map((l) => [l["Line type"], l.Status])).toEqual([["Cost", "Posted"], ["Sales", "Posted"]]);
    // A VAT value row with errors valid from 2020 is superseded by the 21% row from 2026-08-31: an invoice of that date takes 21%.
    const vat = (date: string) => billing((s) => {
      s.Transactions[1][3] = "Design";
      s.SalesTaxCodes.push(["VAT", 19, "2020-01-01", null, 0.01, "Normal", null]);
      s.ProformaInvoices[1][2] = date;
    }).proposals[0];
    expect(vat("2026-08-31")).toMatchObject({ Status: "Posted", "Sales tax": "21.00" });
    // Before 31 August the 20% row (no start) would lose to the bad row's 2020 start: that invoice waits.
    expect(vat("2026-08-20")).toMatchObject({ Status: "Waiting", "Blocked by": "SalesTaxCodes row 8 has errors: the tax of sales tax code VAT on 2026-08-20 waits for it to be fixed" });
  });
});
