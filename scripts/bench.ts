/**
 * `npm run bench`: generates workbooks of increasing size and runs each through the command-line
 * path (read → engine → write), CSV and .xlsx, in a fresh process per run. Prints per stage the wall
 * time and the peak resident memory reached by the end of that stage.
 *
 * By default 10,000, 100,000 and 1,048,575 transactions (a full sheet), CSV and .xlsx (several minutes);
 *   npm run bench -- --sizes 10000,100000 --formats csv
 * for a quick run. On a machine whose speed drifts, `--runs 3` runs each case three times (each in a fresh
 * process, one after another) and reports each stage's best time, the highest peak, and every run's total.
 */
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatCsvRows } from "../src/io/csv";
import { writeXlsxFile } from "../src/io/xlsx-file";
import { generateWorkbook } from "./generate-workbook";

interface Stage { seconds: number; peakMb: number }
interface RunResult { read: Stage; engine: Stage; write: Stage; journalLines: number; vouchers: number; balanced: boolean; errors: number }

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const sizes = option("sizes", "10000,100000,1048575").split(",").map(Number);
  const formats = option("formats", "csv,xlsx").split(",");
  const runs = Math.max(1, Number(option("runs", "1")) || 1);
  const root = path.resolve(".bench");
  await fs.mkdir(root, { recursive: true });
  const cpus = os.cpus();
  console.log(`Machine: ${cpus.length} cores (${cpus[0]?.model ?? "unknown"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log("");
  if (runs > 1) console.log(`Each case run ${runs} times: the best time of each stage, the highest peak, and the total of every run.\n`);
  console.log(`| transactions | format | read s | engine s | write s | total s | peak MB after read / engine / write | journal lines | vouchers | balanced |${runs > 1 ? " totals of the runs |" : ""}`);
  console.log(`|---:|---|---:|---:|---:|---:|---|---:|---:|---|${runs > 1 ? "---|" : ""}`);
  for (const size of sizes) {
    const book = generateWorkbook({ transactions: size });
    const csvFolder = path.join(root, `in-${size}`);
    await fs.mkdir(csvFolder, { recursive: true });
    // As Excel saves "CSV UTF-8": with a byte order mark.
    for (const sheet of book.sheets) await fs.writeFile(path.join(csvFolder, `${sheet.name}.csv`), `\uFEFF${formatCsvRows(sheet.rows)}`);
    const xlsxFile = path.join(root, `in-${size}.xlsx`);
    if (formats.includes("xlsx")) await writeXlsxFile(xlsxFile, book, []);
    for (const format of formats) {
      const input = format === "csv" ? csvFolder : xlsxFile;
      const output = format === "csv" ? path.join(root, `out-${size}`) : path.join(root, `out-${size}.xlsx`);
      const results: RunResult[] = [];
      for (let run = 0; run < runs; run++) {
        const stdout = execFileSync(process.execPath, [path.join(__dirname, "bench-run.js"), format, input, output], { encoding: "utf8", maxBuffer: 1 << 20 });
        results.push(JSON.parse(stdout) as RunResult);
      }
      const best = (stage: "read" | "engine" | "write"): Stage => ({
        seconds: Math.min(...results.map((r) => r[stage].seconds)), peakMb: Math.max(...results.map((r) => r[stage].peakMb)),
      });
      const [read, engine, write] = [best("read"), best("engine"), best("write")];
      const r = results[0];
      const f = (s: number) => s.toFixed(2);
      const totals = results.map((x) => f(x.read.seconds + x.engine.seconds + x.write.seconds));
      const balanced = results.every((x) => x.balanced);
      console.log(`| ${size.toLocaleString("en-US")} | ${format} | ${f(read.seconds)} | ${f(engine.seconds)} | ${f(write.seconds)} | ${f(read.seconds + engine.seconds + write.seconds)} | ${read.peakMb} / ${engine.peakMb} / ${write.peakMb} | ${r.journalLines.toLocaleString("en-US")} | ${r.vouchers.toLocaleString("en-US")} | ${balanced ? "yes" : "NO"} |${runs > 1 ? ` ${totals.join(", ")} |` : ""}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
