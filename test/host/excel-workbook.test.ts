/**
 * The Office.js adapter against an in-memory Excel that enforces the 5 MB payload limit and counts syncs
 * (test/fake-office/fake-excel.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FakeExcel, PAYLOAD_LIMIT } from "../fake-office/fake-excel";
import { insertTemplateSheets, readInputWorkbook, selectIssueCell, writeOutputTables } from "../../src/host/excel-workbook";
import { ExcelHost } from "../../src/host/excel-host";
import { readXlsx } from "../../src/io/xlsx/read";
import type { OutputTable } from "../../engine/workbook";
import { INPUT_SHEETS } from "../../engine";
import { rowsInProcess, runInProcess } from "../helpers/in-process-engine";
import { readCsvFolderSync, COHO_FOLDER } from "../helpers/workbooks";

function install(fake: FakeExcel): void {
  const { Excel, Office } = fake.globals();
  Object.assign(globalThis, { Excel, Office });
}

const ROWS = 200_000;

function bigTransactions(): (string | number)[][] {
  const rows: (string | number)[][] = [["Transaction", "Project", "Contract line", "Category", "Resource", "Date", "Quantity", "Cost price", "Sales price", "Billable", "Dim CostCenter", "Note"]];
  for (let i = 0; i < ROWS; i++) rows.push([`T-${String(i).padStart(7, "0")}`, `P-${i % 500}`, 1, "Design", "Julia Funderburk", 46261 + (i % 30), 1 + (i % 8) / 4, 120, 250.5, "Yes", `CC${i % 20}`, "a note of some length for realism"]);
  return rows;
}

describe("reading a 200,000-row sheet", () => {
  const fake = new FakeExcel();
  fake.addSheet("Parameters", [["Key", "Value"], ["Accounting currency", "USD"]]);
  fake.addSheet("Notes", [["not an input sheet"]]);
  const rows = bigTransactions();
  fake.addSheet("Transactions", rows);

  test("in blocks that never exceed the 5 MB limit, every value intact", async () => {
    install(fake);
    const progress: number[] = [];
    const book = await readInputWorkbook((done, total) => progress.push(done / total));
    expect(book.sheets.map((s) => s.name)).toEqual(["Parameters", "Transactions"]);
    const sheet = book.sheets[1];
    expect(sheet.rows).toHaveLength(ROWS + 1);
    expect(sheet.rows[0]).toEqual(rows[0]);
    expect(sheet.rows[ROWS]).toEqual(rows[ROWS]);
    expect(sheet.rows[12345]).toEqual(rows[12345]);
    expect(fake.maxResponseBytes).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    expect(fake.refused).toBe(0);
    // 200,001 rows of ~140 bytes is ~28 MB: it cannot come in fewer than six responses.
    expect(fake.syncs).toBeGreaterThan(6);
    expect(fake.syncs).toBeLessThan(60);
    expect(progress[progress.length - 1]).toBe(1);
  });
});

describe("writing a 200,000-row output table", () => {
  const table: OutputTable = {
    name: "GLVouchers",
    columns: [
      { name: "Voucher", kind: "text" }, { name: "Date", kind: "date" }, { name: "Line", kind: "integer" },
      { name: "Amount", kind: "amount" }, { name: "Rate", kind: "number" }, { name: "Note", kind: "text" },
    ],
    rows: Array.from({ length: ROWS }, (_, i) => [`JV-${String(i).padStart(6, "0")}`, "2026-08-27", String(i + 1), i % 2 ? "-1250.00" : "1250.00", "125", i === 7 ? "=SUM(A1:A2)" : i === 8 ? "-T-001" : "ok"]),
  };

  test("in blocks under the limit, formats before values, as an Excel table; formulas never", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Transactions", [["Transaction"], ["T-1"]]);
    install(fake);
    const written = await writeOutputTables([table], () => undefined);
    expect(written).toEqual(["GLVouchers"]);
    expect(fake.maxRequestBytes).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    expect(fake.refused).toBe(0);
    expect(fake.syncs).toBeGreaterThan(6);
    const rows = fake.rows("GLVouchers");
    expect(rows).toHaveLength(ROWS + 1);
    expect(rows[0]).toEqual(["Voucher", "Date", "Line", "Amount", "Rate", "Note"]);
    expect(rows[1]).toEqual(["JV-000000", 46261, 1, 1250, 125, "ok"]);
    expect(rows[8][5]).toBe("=SUM(A1:A2)");
    expect(rows[9][5]).toBe("-T-001");
    const sheet = fake.sheet("GLVouchers");
    expect(sheet?.formats[1]).toEqual(["@", "yyyy-mm-dd", "0", "#,##0.00", "General", "@"]);
    expect(sheet?.tables).toEqual([{ name: "pbsim_GLVouchers", address: `A1:F${ROWS + 1}` }]);
    expect(fake.rows("Transactions")).toEqual([["Transaction"], ["T-1"]]);
  });

  test("a block that is still too large is halved and retried", async () => {
    const fake = new FakeExcel();
    install(fake);
    // The first 500 rows are short, so the block size is estimated from them; later rows hold 40 kB each.
    const rows = Array.from({ length: 2000 }, (_, i) => [i < 500 ? "x" : "y".repeat(40_000)]);
    await writeOutputTables([{ name: "Issues", columns: [{ name: "Message", kind: "text" }], rows }], () => undefined);
    expect(fake.rows("Issues")).toHaveLength(2001);
    expect(fake.refused).toBeGreaterThan(0);
    expect(fake.maxRequestBytes).toBeLessThanOrEqual(PAYLOAD_LIMIT);
  });
});

describe("replacing the outputs of an earlier run", () => {
  const outputs: OutputTable[] = [{ name: "Issues", columns: [{ name: "Severity", kind: "text" }], rows: [["Error"]] }];
  const setup = () => {
    const fake = new FakeExcel();
    fake.addSheet("Transactions", [["Transaction"], ["T-1"]]);
    fake.addSheet("Issues", [["old"]]);
    fake.addSheet("GLVouchers", [["old vouchers"]]);
    fake.addSheet("GLVouchers 2", [["old vouchers, continued"]]);
    install(fake);
    return fake;
  };

  test("every earlier output sheet is replaced; input sheets are untouched", async () => {
    const fake = setup();
    await writeOutputTables(outputs, () => undefined);
    expect(fake.sheets.map((s) => s.name)).toEqual(["Transactions", "Issues"]);
    expect(fake.rows("Issues")).toEqual([["Severity"], ["Error"]]);
    expect(fake.rows("Transactions")).toEqual([["Transaction"], ["T-1"]]);
  });

  test("running twice replaces the first run's tables: names stay unique and final", async () => {
    const fake = setup();
    await writeOutputTables(outputs, () => undefined);
    await writeOutputTables(outputs, () => undefined);
    expect(fake.sheets.map((s) => [s.name, s.tables.map((t) => t.name)])).toEqual([["Transactions", []], ["Issues", ["pbsim_Issues"]]]);
  });

  test("a cutover rehearsal replaces only its own sheets", async () => {
    const fake = setup();
    await writeOutputTables(outputs, () => undefined, true);
    expect(fake.sheets.map((s) => s.name)).toEqual(["Transactions", "GLVouchers", "GLVouchers 2", "Issues"]);
  });

  test("a failure half-way leaves the earlier outputs as they were and no temporary sheet", async () => {
    const fake = setup();
    const sync = fake.sync.bind(fake);
    let calls = 0;
    fake.sync = async () => {
      if (++calls === 4) throw new Error("GeneralException: the connection was lost");
      return sync();
    };
    await expect(writeOutputTables([...outputs, { ...outputs[0], name: "TrialBalance" }], () => undefined)).rejects.toThrow("connection was lost");
    fake.sync = sync;
    expect(fake.sheets.map((s) => s.name)).toEqual(["Transactions", "Issues", "GLVouchers", "GLVouchers 2"]);
    expect(fake.rows("Issues")).toEqual([["old"]]);
  });
});

describe("a run that fails or is stopped late loses neither the earlier outputs nor the next run", () => {
  const outputs: OutputTable[] = [
    { name: "Issues", columns: [{ name: "Severity", kind: "text" }], rows: [["Error"]] },
    { name: "TrialBalance", columns: [{ name: "Main account", kind: "text" }], rows: [["130100"]] },
  ];
  const earlier = () => {
    const fake = new FakeExcel();
    fake.addSheet("Transactions", [["Transaction"], ["T-1"]]);
    fake.addSheet("Issues", [["old issues"]]);
    fake.addSheet("TrialBalance", [["old balance"]]);
    install(fake);
    return fake;
  };
  /** The syncs of a whole run, counted on a workbook like `earlier()`. */
  const syncsOfARun = async () => {
    const probe = earlier();
    const sync = probe.sync.bind(probe);
    let n = 0;
    probe.sync = async () => {
      n++;
      return sync();
    };
    await writeOutputTables(outputs, () => undefined);
    return n;
  };

  /** `earlier()`, whose sync number `failing` Excel refuses as a whole; `restore` gives it back its own sync. */
  const refusingSync = (failing: number) => {
    const fake = earlier();
    const sync = fake.sync.bind(fake);
    let calls = 0;
    fake.sync = async () => {
      if (++calls === failing) {
        fake.refuseQueued();
        throw new Error("GeneralException: Excel is busy");
      }
      return sync();
    };
    return { fake, restore: () => void (fake.sync = sync) };
  };

  test.each([["reading the sheets again", 5], ["setting the earlier outputs aside", 4], ["giving the new sheets their names", 3]])(
    "a failure while %s leaves the earlier outputs as they were, and no other sheet", async (_step, fromEnd) => {
      const { fake, restore } = refusingSync((await syncsOfARun()) - fromEnd + 1);
      await expect(writeOutputTables(outputs, () => undefined)).rejects.toThrow("Excel is busy");
      restore();
      expect(fake.sheets.map((s) => s.name)).toEqual(["Transactions", "Issues", "TrialBalance"]);
      expect([fake.rows("Issues"), fake.rows("TrialBalance")]).toEqual([[["old issues"]], [["old balance"]]]);
    });

  test("a failure while deleting the earlier outputs keeps the new results; the next run tidies the earlier ones away", async () => {
    const { fake, restore } = refusingSync((await syncsOfARun()) - 1);
    await writeOutputTables(outputs, () => undefined);
    restore();
    expect(fake.sheets.map((s) => s.name)).toEqual(["Transactions", "~was Issues", "~was TrialBalance", "Issues", "TrialBalance"]);
    expect(fake.rows("Issues")).toEqual([["Severity"], ["Error"]]);
    await writeOutputTables(outputs, () => undefined);
    expect(fake.sheets.map((s) => s.name)).toEqual(["Transactions", "Issues", "TrialBalance"]);
  });

  test("an earlier output the user deletes or renames while the run writes is taken as it is by then", async () => {
    const fake = earlier();
    let touched = false;
    await writeOutputTables(outputs, () => {
      if (touched) return;
      touched = true;
      fake.sheets.splice(fake.sheets.findIndex((s) => s.name === "TrialBalance"), 1);
      fake.sheet("Issues")!.name = "Issues kept";
    });
    expect(fake.sheets.map((s) => s.name)).toEqual(["Transactions", "Issues kept", "Issues", "TrialBalance"]);
    expect(fake.rows("Issues kept")).toEqual([["old issues"]]);
  });

  test("a failure while naming the new tables keeps the new results: they are complete, their tables keep provisional names", async () => {
    const { fake, restore } = refusingSync(await syncsOfARun());
    await writeOutputTables(outputs, () => undefined);
    restore();
    expect(fake.sheets.map((s) => s.name)).toEqual(["Transactions", "Issues", "TrialBalance"]);
    expect(fake.rows("Issues")).toEqual([["Severity"], ["Error"]]);
    // The next run replaces them, its own provisional names free of these.
    await writeOutputTables(outputs, () => undefined);
    expect(fake.sheets.map((s) => [s.name, s.tables.map((t) => t.name)])).toEqual([
      ["Transactions", []], ["Issues", ["pbsim_Issues"]], ["TrialBalance", ["pbsim_TrialBalance"]],
    ]);
  });

  test("a run cancelled while it writes ends as cancelled and leaves the earlier outputs as they were", async () => {
    const { Cancelled } = await import("../../src/host/host");
    const fake = earlier();
    const controller = new AbortController();
    const many: OutputTable[] = [{ name: "Issues", columns: [{ name: "Severity", kind: "text" }], rows: Array.from({ length: 5000 }, () => ["Error"]) }];
    await expect(writeOutputTables(many, (done) => { if (done > 1) controller.abort(); }, false, controller.signal)).rejects.toBeInstanceOf(Cancelled);
    expect(fake.sheets.map((s) => s.name)).toEqual(["Transactions", "Issues", "TrialBalance"]);
    expect(fake.rows("Issues")).toEqual([["old issues"]]);
  });

  test("what a stopped run left (new sheets under temporary names, earlier outputs set aside) is tidied by the next run", async () => {
    const fake = earlier();
    // A run stopped after setting the earlier outputs aside and before renaming: its new sheets hold provisional tables.
    fake.addSheet("~pbsim 1", [["Severity"], ["stale"]]);
    fake.sheet("~pbsim 1")?.tables.push({ name: "pbsim_new_1", address: "A1:A2" });
    fake.sheet("Issues")!.name = "~was Issues";
    fake.sheet("TrialBalance")!.name = "~was TrialBalance";
    // Before the next run writes anything, the earlier outputs are back under their names.
    await writeOutputTables([], () => undefined, true);
    expect(fake.sheets.map((s) => s.name)).toEqual(["Transactions", "Issues", "TrialBalance"]);
    // And the next run replaces them as usual, its provisional table names free again.
    await writeOutputTables(outputs, () => undefined);
    expect(fake.sheets.map((s) => [s.name, s.tables.map((t) => t.name)])).toEqual([
      ["Transactions", []], ["Issues", ["pbsim_Issues"]], ["TrialBalance", ["pbsim_TrialBalance"]],
    ]);
    expect(fake.rows("Issues")).toEqual([["Severity"], ["Error"]]);
  });
});

test("selecting the cell an issue names: its sheet, row and the column with that header", async () => {
  const fake = new FakeExcel();
  fake.addSheet("Transactions", [["Transaction", "Project", "Quantity"], ["T-1", "P-1", "four"]]);
  install(fake);
  await selectIssueCell("Transactions", 2, "Quantity");
  expect(fake.selected).toEqual({ sheet: "Transactions", row: 1, column: 2 });
  expect(fake.active).toBe("Transactions");
});

test("inserting the template adds the missing input sheets with their headers and leaves existing ones alone", async () => {
  const fake = new FakeExcel();
  fake.addSheet("Parameters", [["Key", "Value"], ["Accounting currency", "EUR"]]);
  install(fake);
  const added = await insertTemplateSheets();
  expect(added).toEqual(INPUT_SHEETS.filter((s) => s.name !== "Parameters").map((s) => s.name));
  expect(fake.rows("Parameters")[1]).toEqual(["Accounting currency", "EUR"]);
  expect(fake.rows("Transactions")[0]).toEqual(INPUT_SHEETS.find((s) => s.name === "Transactions")?.columns.map((c) => c.name));
});

test("the whole run inside Excel: Coho Winery read, simulated and written back", async () => {
  const fake = new FakeExcel();
  for (const sheet of readCsvFolderSync(COHO_FOLDER).sheets) fake.addSheet(sheet.name, sheet.rows.map((r) => r.map((c) => (c === null ? "" : c))) as (string | number)[][]);
  install(fake);
  const host = new ExcelHost(runInProcess, rowsInProcess);
  const fractions: number[] = [];
  const outcome = await host.run("simulation", (p) => fractions.push(p.fraction));
  expect(outcome.summary).toMatchObject({ vouchers: 3, balanced: true, proposals: 1, invoices: 1, errors: 0 });
  expect(fake.rows("GLVouchers").slice(1).map((r) => [r[4], r[11]])).toEqual([
    ["540100", 480], ["600300", -480], ["161300", 1250], ["420200", -1250], ["161300", -1250], ["420200", 1250], ["411100", -1250], ["130100", 1250],
  ]);
  expect(fake.rows("TrialBalance").pop()).toEqual(["Total", "", 4230, -4230, 0]);
  expect(fractions[fractions.length - 1]).toBe(1);
  expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
});

test("a cutover rehearsal shows no reconciliation: it writes no Reconciliation sheet for the view to point to", async () => {
  const sample = readXlsx(new Uint8Array(fs.readFileSync(path.resolve(__dirname, "../../templates/sample.xlsx"))));
  const load = () => {
    const fake = new FakeExcel();
    for (const sheet of sample.sheets) fake.addSheet(sheet.name, sheet.rows.map((r) => r.map((c) => (c === null ? "" : c))) as (string | number)[][]);
    install(fake);
    return fake;
  };
  load();
  expect((await new ExcelHost(runInProcess, rowsInProcess).run("simulation", () => undefined)).reconciliation?.counts).toMatchObject({ Match: 8 });
  const fake = load();
  const rehearsal = await new ExcelHost(runInProcess, rowsInProcess).run("cutover", () => undefined);
  expect(rehearsal.reconciliation).toBeNull();
  expect(fake.sheet("Reconciliation")).toBeUndefined();
});

test("Excel's refusals reach the pane as what to do: a cell being edited, a protected workbook", async () => {
  const fake = new FakeExcel();
  fake.addSheet("Transactions", [["Transaction"], ["T-1"]]);
  install(fake);
  const refuse = (code: string) => {
    fake.sync = async () => {
      throw Object.assign(new Error(`${code}: the operation failed`), { code });
    };
  };
  refuse("InvalidOperationInCellEditMode");
  await expect(new ExcelHost(runInProcess, rowsInProcess).run("simulation", () => undefined)).rejects.toThrow("Excel is editing a cell: press Enter or Esc in the sheet, then try again");
  refuse("AccessDenied");
  await expect(new ExcelHost(runInProcess, rowsInProcess).insertTemplate()).rejects.toThrow("the workbook or a sheet is protected: unprotect it (Review › Unprotect), then try again");
  // A failure without a code Excel documents keeps its own words.
  fake.sync = async () => {
    throw new Error("something else");
  };
  await expect(new ExcelHost(runInProcess, rowsInProcess).selectCell({ sheet: "Transactions", row: 2, column: "Transaction" })).rejects.toThrow("something else");
});

test("a workbook in the 1904 date system: Excel's serials are read as the dates they show", async () => {
  const fake = new FakeExcel();
  fake.date1904 = true;
  for (const sheet of readCsvFolderSync(COHO_FOLDER).sheets) {
    // Dates as Excel would hand them over in a 1904 workbook: 2026-08-27 is serial 44799 there.
    const rows = sheet.rows.map((r) => r.map((c) => (typeof c === "string" && /^\d{4}-\d{2}-\d{2}$/.test(c) ? (Date.UTC(+c.slice(0, 4), +c.slice(5, 7) - 1, +c.slice(8)) / 86_400_000 + 25_569 - 1462) : c === null ? "" : c)));
    fake.addSheet(sheet.name, rows as (string | number)[][]);
  }
  install(fake);
  const book = await readInputWorkbook(() => undefined);
  expect(book.date1904).toBe(true);
  await new ExcelHost(runInProcess, rowsInProcess).run("simulation", () => undefined);
  // Written back as the workbook's own serials: 2026-08-27 is 44799 in the 1904 system.
  expect(fake.rows("GLVouchers")[1][1]).toBe(44799);
  expect(fake.rows("IntegrationJournal")[1][8]).toBe(44799);
});
