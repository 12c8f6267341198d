/**
 * The .xlsx workbook on disk for the command line: read only the input sheets the engine knows,
 * write the results as the input workbook with the output sheets added. The results are written to
 * a temporary file and moved into place at the end, so a failure leaves any previous file as it was.
 */
import { promises as fs, openSync, writeSync, closeSync } from "node:fs";
import * as path from "node:path";
import type { InputWorkbook, OutputTable } from "../../engine/workbook";
import { isInputSheetName, isOutputSheetName, inputSheetsForWriting } from "./workbook-sheets";
import { readXlsx } from "./xlsx/read";
import { threadedCompression } from "./threaded-compression";
import { threadedInflation } from "./threaded-inflation";
import { MAX_DATA_ROWS, splitForSheets, writeXlsx, type SheetToWrite } from "./xlsx/write";

export async function readXlsxFile(file: string): Promise<InputWorkbook> {
  const bytes = new Uint8Array(await fs.readFile(file));
  // Large sheets are inflated on a second thread while the previous pieces are parsed.
  const inflation = threadedInflation();
  try {
    return readXlsx(bytes, { includeSheet: isInputSheetName, inflate: inflation.inflate });
  } finally {
    await inflation.close();
  }
}

/**
 * Writes `tables` as sheets. When `source` is an .xlsx file the results extend it (every other sheet
 * is kept as it is; sheets of a previous run are replaced); otherwise the input sheets are written too.
 */
export async function writeXlsxFile(file: string, input: InputWorkbook, tables: readonly OutputTable[], source?: string): Promise<void> {
  const base = source && /\.xlsx$/i.test(source) ? new Uint8Array(await fs.readFile(source)) : undefined;
  // Input sheets are written as they are (a workbook made from CSV files): one longer than a sheet cannot be.
  const long = base ? undefined : input.sheets.find((s) => s.rows.length > MAX_DATA_ROWS + 1);
  if (long) {
    throw new Error(`input sheet ${long.name} has ${(long.rows.length - 1).toLocaleString("en-US")} rows, more than an Excel sheet holds (${MAX_DATA_ROWS.toLocaleString("en-US")}): write the results to a folder of CSV files instead`);
  }
  const sheets: SheetToWrite[] = [
    ...(base ? [] : inputSheetsForWriting(input)),
    ...tables.flatMap((t) => splitForSheets(t, true)),
  ];
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, "w");
  // Deflate runs on a second thread while the sheets are formatted (the same bytes as on one thread).
  const compression = threadedCompression();
  try {
    writeXlsx(sheets, (chunk) => writeSync(fd, chunk), { base, replace: isOutputSheetName, compression, level: 1 });
    closeSync(fd);
    await fs.rename(temp, file);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    await fs.rm(temp, { force: true });
    throw error;
  } finally {
    await compression.close();
  }
}
