/** A folder of `SheetName.csv` files as a workbook (SPEC §6). Node only. */
import { closeSync, openSync, promises as fs, writeSync } from "node:fs";
import * as path from "node:path";
import type { InputSheet, InputWorkbook, OutputTable } from "../../engine/workbook";
import { csvBytes, parseCsv } from "./csv";
import { isInputSheetName, isOutputSheetName } from "./workbook-sheets";

/** Reads the input sheets of a folder; other CSV files (results of an earlier run, notes) are left alone. */
export async function readCsvFolder(folder: string): Promise<InputWorkbook> {
  const names = (await fs.readdir(folder)).filter((f) => f.toLowerCase().endsWith(".csv") && isInputSheetName(f.slice(0, -4))).sort();
  const sheets: InputSheet[] = [];
  for (const file of names) {
    const text = await fs.readFile(path.join(folder, file), "utf8");
    sheets.push({ name: file.slice(0, -4), rows: parseCsv(text) });
  }
  return { sheets };
}

/**
 * Writes one CSV per output table. Files are written to a temporary folder first and moved into
 * place only when all of them are written, so a failure leaves the previous outputs as they were;
 * then output files of an earlier run that this run does not produce are removed (outputs are replaced
 * on every run). Input CSVs are never touched.
 */
export async function writeCsvFolder(folder: string, tables: readonly OutputTable[]): Promise<void> {
  await fs.mkdir(folder, { recursive: true });
  const staging = await fs.mkdtemp(path.join(folder, ".pbsim-"));
  try {
    for (const table of tables) {
      // Row by row into the file: a table's text never has to exist as a whole.
      const fd = openSync(path.join(staging, `${table.name}.csv`), "w");
      try {
        csvBytes(table, (bytes) => writeSync(fd, bytes));
      } finally {
        closeSync(fd);
      }
    }
    for (const table of tables) await fs.rename(path.join(staging, `${table.name}.csv`), path.join(folder, `${table.name}.csv`));
    const written = new Set(tables.map((t) => `${t.name}.csv`.toLowerCase()));
    for (const file of await fs.readdir(folder)) {
      const name = file.slice(0, -4);
      if (file.toLowerCase().endsWith(".csv") && isOutputSheetName(name) && !isInputSheetName(name) && !written.has(file.toLowerCase())) await fs.rm(path.join(folder, file));
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}
