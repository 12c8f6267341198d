/** The committed templates are exactly what the schema generates, and the sample reproduces the seeds' example. */
import * as fs from "node:fs";
import * as path from "node:path";
import { simulate, INPUT_SHEETS } from "../engine";
import { readXlsx } from "../src/io/xlsx/read";
import { sampleSheets, templateSheets, toBytes } from "../scripts/make-templates";
import { COHO_FOLDER, readCsvFolderSync, records, table } from "./helpers/workbooks";

const TEMPLATES = path.resolve(__dirname, "../templates");

test.each([
  ["blank-template.xlsx", templateSheets],
  ["sample.xlsx", sampleSheets],
])("templates/%s is what `npm run templates` generates from the schema", (file, make) => {
  const committed = fs.readFileSync(path.join(TEMPLATES, file));
  expect(toBytes(make()).equals(committed)).toBe(true);
});

test("the blank template has every input sheet and column of the contract", () => {
  const book = readXlsx(new Uint8Array(fs.readFileSync(path.join(TEMPLATES, "blank-template.xlsx"))));
  for (const spec of INPUT_SHEETS) {
    const sheet = book.sheets.find((s) => s.name === spec.name);
    expect(sheet?.rows[0]).toEqual(spec.columns.map((c) => c.name));
  }
  expect(book.sheets[0].name).toBe("Guide");
});

test("the blank template runs: it only asks for the accounting currency", () => {
  const result = simulate(readXlsx(new Uint8Array(fs.readFileSync(path.join(TEMPLATES, "blank-template.xlsx")))));
  expect(result.issues).toEqual([expect.objectContaining({ sheet: "Parameters", message: expect.stringContaining("'Accounting currency' is required") })]);
});

test("the sample workbook gives the same results as the seeds' CSV example, table for table", () => {
  const fromXlsx = simulate(readXlsx(new Uint8Array(fs.readFileSync(path.join(TEMPLATES, "sample.xlsx")))));
  const fromCsv = simulate(readCsvFolderSync(COHO_FOLDER));
  expect(fromXlsx.issues).toEqual([]);
  for (const name of ["IntegrationJournal", "GLVouchers", "TrialBalance", "ForecastPreview"]) {
    expect(records(table(fromXlsx.tables, name))).toEqual(records(table(fromCsv.tables, name)));
  }
});
