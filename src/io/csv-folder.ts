/** A folder of `SheetName.csv` files as a workbook (SPEC §6). Node only. */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { InputSheet, InputWorkbook, OutputTable } from "../../engine/workbook";
import { formatCsv, parseCsv } from "./csv";

export async function readCsvFolder(folder: string): Promise<InputWorkbook> {
  const names = (await fs.readdir(folder)).filter((f) => f.toLowerCase().endsWith(".csv")).sort();
  const sheets: InputSheet[] = [];
  for (const file of names) {
    const text = await fs.readFile(path.join(folder, file), "utf8");
    sheets.push({ name: file.slice(0, -4), rows: parseCsv(text) });
  }
  return { sheets };
}

/**
 * Writes one CSV per output table. Files are written to a temporary folder first and moved into
 * place only when all of them are written, so a failure leaves the previous outputs as they were.
 */
export async function writeCsvFolder(folder: string, tables: readonly OutputTable[]): Promise<void> {
  await fs.mkdir(folder, { recursive: true });
  const staging = await fs.mkdtemp(path.join(folder, ".pbsim-"));
  try {
    for (const table of tables) await fs.writeFile(path.join(staging, `${table.name}.csv`), formatCsv(table), "utf8");
    for (const table of tables) await fs.rename(path.join(staging, `${table.name}.csv`), path.join(folder, `${table.name}.csv`));
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}
