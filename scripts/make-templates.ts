/**
 * `npm run templates`: writes templates/blank-template.xlsx (every input sheet and column of the
 * contract, with a Guide sheet describing them) and templates/sample.xlsx (the Coho Winery scenario),
 * both from the engine's schema, so that they cannot drift from it. A test regenerates both and
 * compares them with the committed files.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { INPUT_SHEETS, PARAMETER_KEYS, normalizeName, type ColumnKind, type ColumnType, type OutputCell, type SheetSpec } from "../engine";
import { writeXlsx, type SheetToWrite } from "../src/io/xlsx/write";
import { SAMPLE, type SampleSheets } from "./sample-data";

const KIND: Record<ColumnType, ColumnKind> = { id: "text", text: "text", decimal: "number", date: "date", yesno: "text", choice: "text" };

function guideSheet(): SheetToWrite {
  const rows: OutputCell[][] = [];
  for (const sheet of INPUT_SHEETS) {
    rows.push([sheet.name, null, null, null, sheet.description]);
    for (const c of sheet.columns) rows.push([sheet.name, c.name, c.required ? "Yes" : "No", c.type, c.choices ? `${c.description} (${c.choices.join(" / ")})` : c.description]);
    if (sheet.dimensions) rows.push([sheet.name, "Dim …", "No", "text", "Any column whose header starts with 'Dim ' is a financial dimension, e.g. Dim BusinessUnit"]);
  }
  for (const p of PARAMETER_KEYS) rows.push(["Parameters", p.key, p.key === "Accounting currency" ? "Yes" : "No", p.type, `${p.description}${p.choices ? ` (${p.choices.join(" / ")})` : ""}${p.default ? `; default ${p.default}` : ""}`]);
  return {
    name: "Guide", asTable: true, rows,
    columns: ["Sheet", "Column", "Required", "Type", "Description"].map((name) => ({ name, kind: "text" as ColumnKind })),
  };
}

function sheetFor(spec: SheetSpec, records: Record<string, string | number | null>[]): SheetToWrite {
  const extra = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      const known = spec.columns.some((c) => normalizeName(c.name) === normalizeName(key));
      if (!known && !(spec.dimensions && /^Dim /.test(key))) throw new Error(`${spec.name}: '${key}' is not a column of the contract`);
      if (!known) extra.add(key);
    }
  }
  const columns = [...spec.columns.map((c) => ({ name: c.name, kind: KIND[c.type] })), ...[...extra].map((name) => ({ name, kind: "text" as ColumnKind }))];
  const rows = records.map((record) => columns.map((c) => {
    const value = record[c.name];
    return value === null || value === undefined ? null : String(value);
  }));
  return { name: spec.name, columns, rows, asTable: false };
}

export function templateSheets(): SheetToWrite[] {
  const parameters = PARAMETER_KEYS.map((p) => ({ Key: p.key, Value: p.default || null }));
  return [
    guideSheet(),
    ...INPUT_SHEETS.map((spec) => sheetFor(spec, spec.name === "Parameters" ? parameters : [])),
  ];
}

export function sampleSheets(sample: SampleSheets = SAMPLE): SheetToWrite[] {
  for (const name of Object.keys(sample)) if (!INPUT_SHEETS.some((s) => s.name === name)) throw new Error(`'${name}' is not an input sheet`);
  return INPUT_SHEETS.filter((spec) => sample[spec.name]).map((spec) => sheetFor(spec, sample[spec.name]));
}

export function toBytes(sheets: SheetToWrite[]): Buffer {
  const chunks: Uint8Array[] = [];
  writeXlsx(sheets, (chunk) => chunks.push(chunk.slice()));
  return Buffer.concat(chunks);
}

if (require.main === module) {
  const folder = path.resolve(__dirname, "../../templates");
  writeFileSync(path.join(folder, "blank-template.xlsx"), toBytes(templateSheets()));
  writeFileSync(path.join(folder, "sample.xlsx"), toBytes(sampleSheets()));
  console.log(`Written ${path.join(folder, "blank-template.xlsx")} and sample.xlsx`);
}
