/**
 * The built task pane in headless Chromium (SPEC §1 hosts 1 and 2): standalone in a plain browser with
 * the real office.js reporting no host, and as an Excel add-in on the fake Excel host.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { readXlsx } from "../../src/io/xlsx/read";
import { writeXlsx } from "../../src/io/xlsx/write";
import { inputSheetsForWriting } from "../../src/io/workbook-sheets";
import type { InputWorkbook } from "../../engine/workbook";
import { generateWorkbook } from "../../scripts/generate-workbook";
import { ROOT, launch, responsiveness, routeFakeExcel, routeRealOffice, serveDist, watchConsole, watchResponsiveness } from "./harness";

jest.setTimeout(180_000);

const SAMPLE = path.join(ROOT, "templates/sample.xlsx");
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? path.join(ROOT, "docs/screenshots") : fs.mkdtempSync(path.join(os.tmpdir(), "pane-"));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-"));

let browser: Browser;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function toXlsx(book: InputWorkbook, file: string): string {
  const chunks: Uint8Array[] = [];
  writeXlsx(inputSheetsForWriting(book), (c) => chunks.push(c.slice()));
  fs.writeFileSync(file, Buffer.concat(chunks));
  return file;
}

async function newPane(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 350, height: 900 }, acceptDownloads: true });
  return page;
}

describe("standalone, in a plain browser", () => {
  test("opens the sample workbook, runs, shows the summary and downloads the results workbook", async () => {
    const page = await newPane();
    const problems = watchConsole(page);
    await routeRealOffice(page);
    await page.goto(`${server.url}/taskpane.html`);
    await page.getByRole("button", { name: "Open workbook" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.host)).toBe("standalone");
    await page.screenshot({ path: path.join(SCREENSHOTS, "pane-standalone.png"), animations: "disabled" });

    await page.setInputFiles("#open-workbook", SAMPLE);
    await page.getByTestId("file-name").filter({ hasText: "sample.xlsx" }).waitFor();
    await page.getByRole("button", { name: "Run simulation" }).click();
    await page.getByLabel("Summary").waitFor();
    expect(await page.getByTestId("summary-vouchers").textContent()).toBe("3 (8 lines)");
    expect(await page.getByTestId("summary-balanced").textContent()).toBe("Every voucher");
    expect(await page.getByTestId("summary-posted-invoices").textContent()).toBe("1");
    expect(await page.getByTestId("summary-ledger-impact").textContent()).toBe("0.00 USD");
    await page.screenshot({ path: path.join(SCREENSHOTS, "pane-after-run.png"), animations: "disabled", fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download results" }).click()]);
    expect(download.suggestedFilename()).toBe("sample - results.xlsx");
    const file = path.join(tmp, "results.xlsx");
    await download.saveAs(file);
    const book = readXlsx(new Uint8Array(fs.readFileSync(file)));
    const names = book.sheets.map((s) => s.name);
    for (const sheet of ["GLVouchers", "TrialBalance", "InvoiceProposals", "ProposalLines", "Issues"]) expect(names).toContain(sheet);
    const tb = book.sheets.find((s) => s.name === "TrialBalance");
    expect(tb?.rows[tb.rows.length - 1]).toEqual(["Total", null, 4230, -4230, 0]);
    expect(problems).toEqual([]);
    await page.close();
  });

  test("a workbook with a missing column and bad rows: a clear message and every issue listed", async () => {
    const book = readXlsx(new Uint8Array(fs.readFileSync(SAMPLE)));
    const sheets = book.sheets.map((s) => {
      if (s.name === "Categories") return { ...s, rows: s.rows.map((r) => r.slice(0, 1)) };
      if (s.name === "Transactions") return { ...s, rows: [...s.rows, ["T-002", "P-NOWHERE", "1", "Design", null, "Alex", "2026-08-28", "three", 120, 250, "Yes"]] };
      return s;
    });
    const file = toXlsx({ sheets }, path.join(tmp, "with-issues.xlsx"));
    const page = await newPane();
    await routeRealOffice(page);
    await page.goto(`${server.url}/taskpane.html`);
    await page.setInputFiles("#open-workbook", file);
    await page.getByRole("button", { name: "Run simulation" }).click();
    await page.getByTestId("missing-structure").waitFor();
    expect(await page.getByTestId("missing-structure").textContent()).toContain("Required column 'Transaction type' is missing on sheet Categories");
    const issues = page.getByLabel("Issues").getByRole("listitem");
    expect(await issues.count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByLabel("Issues").textContent()).toContain("Transactions row 3 · Quantity");
    await page.screenshot({ path: path.join(SCREENSHOTS, "pane-with-issues.png"), animations: "disabled", fullPage: true });
    await page.close();
  });

  test("office.js that cannot load: the pane does not wait for it", async () => {
    const page = await newPane();
    await page.route("https://appsforoffice.microsoft.com/**", (route) => route.abort());
    const started = Date.now();
    await page.goto(`${server.url}/taskpane.html`);
    await page.getByRole("button", { name: "Open workbook" }).waitFor({ timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(8_000);
    await page.close();
  });

  test("the page stays responsive while a 100,000-transaction workbook runs in the worker, and progress moves", async () => {
    const file = toXlsx(generateWorkbook({ transactions: 100_000 }), path.join(tmp, "large.xlsx"));
    const page = await newPane();
    await routeRealOffice(page);
    await page.goto(`${server.url}/taskpane.html`);
    await page.setInputFiles("#open-workbook", file);
    await watchResponsiveness(page);
    await page.getByRole("button", { name: "Run simulation" }).click();
    await page.getByLabel("Summary").waitFor({ timeout: 170_000 });
    const { gaps, labels } = await responsiveness(page);
    expect(gaps.length).toBeGreaterThan(20);
    expect(Math.max(...gaps)).toBeLessThan(1000);
    expect(new Set(labels).size).toBeGreaterThan(4);
    await page.close();
  });
});

describe("inside Excel (the fake Excel host)", () => {
  const seed = () => readXlsx(new Uint8Array(fs.readFileSync(SAMPLE))).sheets.map((s) => ({ name: s.name, rows: s.rows.map((r) => r.map((c) => (c === null ? "" : c))) }));

  test("runs on the open workbook and writes the output tables; a click on an issue selects its cell", async () => {
    const sheets = seed();
    const transactions = sheets.find((s) => s.name === "Transactions");
    transactions?.rows.push(["T-002", "P-NOWHERE", "1", "Design", "", "Alex", 46262, 2, 120, 250, "Yes"]);
    const page = await newPane();
    const problems = watchConsole(page);
    await routeFakeExcel(page, sheets);
    await page.goto(`${server.url}/taskpane.html`);
    await page.getByRole("button", { name: "Insert template sheets" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.host)).toBe("excel");
    await page.getByRole("button", { name: "Run simulation" }).click();
    await page.getByLabel("Summary").waitFor();
    const written = await page.evaluate(() => {
      const fake = (window as unknown as { __fakeExcel: { rows(n: string): unknown[][]; sheets: { name: string; tables: unknown[] }[] } }).__fakeExcel;
      return { names: fake.sheets.map((s) => s.name), gl: fake.rows("GLVouchers"), tables: fake.sheets.filter((s) => s.tables.length).map((s) => s.name), issues: fake.rows("Issues") };
    });
    for (const name of ["IntegrationJournal", "GLVouchers", "TrialBalance", "InvoiceProposals", "ProposalLines", "Issues"]) expect(written.tables).toContain(name);
    expect(written.gl.slice(1).map((r) => [r[4], r[11]])).toEqual([["540100", 480], ["600300", -480], ["161300", 1250], ["420200", -1250], ["161300", -1250], ["420200", 1250], ["411100", -1250], ["130100", 1250]]);
    expect(written.issues[1]).toEqual(["Error", "Transactions", 3, "Project", expect.stringContaining("Unknown project 'P-NOWHERE'")]);

    await page.getByLabel("Issues").getByRole("listitem").first().click();
    await page.waitForFunction(() => (window as unknown as { __fakeExcel: { selected: unknown } }).__fakeExcel.selected !== null);
    const selected = await page.evaluate(() => (window as unknown as { __fakeExcel: { selected: unknown } }).__fakeExcel.selected);
    expect(selected).toEqual({ sheet: "Transactions", row: 2, column: 1 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "pane-in-excel.png"), animations: "disabled", fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  test("the Reconcile view lists what Finance posted differently; a click selects its row on the Reconciliation sheet", async () => {
    const sheets = seed();
    const posted = sheets.find((s) => s.name === "PostedVouchers");
    for (const row of posted?.rows ?? []) {
      if (row[0] === "USPM-000102") row[6] = row[2] === "161300" ? 1300 : -1300;
    }
    const page = await newPane();
    await routeFakeExcel(page, sheets);
    await page.goto(`${server.url}/taskpane.html`);
    await page.getByRole("button", { name: "Run simulation" }).click();
    const view = page.getByLabel("Reconciliation");
    await view.waitFor();
    expect(await view.textContent()).toContain("6 match2 differ0 only simulated0 only posted");
    expect(await view.textContent()).toContain("Posted at rate 130 instead of 125");
    await view.getByRole("listitem").first().click();
    await page.waitForFunction(() => (window as unknown as { __fakeExcel: { selected: unknown } }).__fakeExcel.selected !== null);
    const selected = await page.evaluate(() => (window as unknown as { __fakeExcel: { selected: unknown } }).__fakeExcel.selected);
    // Pairs sort by source id: PF-1001's four first (worksheet rows 2–5), then T-001 161300 on row 6 (index 5).
    expect(selected).toEqual({ sheet: "Reconciliation", row: 5, column: 6 });
    await view.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, "pane-reconcile.png"), animations: "disabled", fullPage: true });
    await page.close();
  });

  test("inserts the template sheets into an empty workbook", async () => {
    const page = await newPane();
    await routeFakeExcel(page, [{ name: "Sheet1", rows: [] }]);
    await page.goto(`${server.url}/taskpane.html`);
    await page.getByRole("button", { name: "Insert template sheets" }).click();
    await page.getByText(/^Added 22 sheets/).waitFor();
    const names = await page.evaluate(() => (window as unknown as { __fakeExcel: { sheets: { name: string }[] } }).__fakeExcel.sheets.map((s) => s.name));
    expect(names).toContain("Transactions");
    await page.close();
  });
});
