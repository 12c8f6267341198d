/**
 * One benchmark run in a fresh process: read an input (CSV folder or .xlsx), run the engine, write
 * the outputs the same way, and report each stage's wall time and the peak memory reached by then.
 * Usage: node build/scripts/bench-run.js csv|xlsx INPUT OUTPUT
 */
import { CsvFolderWriter, readCsvFolder } from "../src/io/csv-folder";
import { readXlsxFile, writeXlsxFile } from "../src/io/xlsx-file";
import { simulate } from "../engine";

const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

async function run(format: string, input: string, output: string): Promise<void> {
  let start = process.hrtime.bigint();
  let book = format === "csv" ? await readCsvFolder(input) : await readXlsxFile(input);
  const read = { seconds: seconds(start), peakMb: peakMb() };
  start = process.hrtime.bigint();
  // As the command line does: a CSV folder is begun first, and the journal's files are written while the engine invoices.
  const folder = format === "csv" ? new CsvFolderWriter(output) : null;
  let result;
  try {
    result = simulate(book, { consumeInput: true, onJournalPosted: folder?.journalPosted });
  } catch (error) {
    await folder?.discard();
    throw error;
  }
  // As the command line does: the input rows go once the engine has read them (the .xlsx output extends the input file).
  book = { sheets: [] };
  const engine = { seconds: seconds(start), peakMb: peakMb() };
  start = process.hrtime.bigint();
  if (folder) await folder.write(result.tables);
  else await writeXlsxFile(output, book, result.tables, input);
  const write = { seconds: seconds(start), peakMb: peakMb() };
  const s = result.summary;
  process.stdout.write(JSON.stringify({ read, engine, write, journalLines: s.journalLines, vouchers: s.vouchers, balanced: s.balanced, errors: s.errors }) + "\n");
}

run(process.argv[2], process.argv[3], process.argv[4]).catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
