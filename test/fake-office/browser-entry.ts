/**
 * The fake Excel host in a browser page: replaces office.js in the end-to-end test. The test seeds the
 * workbook through `window.__seedWorkbook` before the page loads and inspects `window.__fakeExcel`.
 */
import { FakeExcel } from "./fake-excel";

type Seed = { name: string; rows: (string | number | boolean)[][] }[];
const w = window as unknown as { __seedWorkbook?: Seed; __fakeExcel?: FakeExcel; Office?: unknown; Excel?: unknown };
const fake = new FakeExcel();
for (const sheet of w.__seedWorkbook ?? []) fake.addSheet(sheet.name, sheet.rows);
const { Excel, Office } = fake.globals();
w.Office = Office;
w.Excel = Excel;
w.__fakeExcel = fake;
