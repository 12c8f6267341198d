/**
 * `node build/scripts/differential.js OTHER_BUILD [--from N] [--to M]`: runs this build's engine and another
 * build's (a `build/` folder of an earlier commit: `git worktree add /tmp/base REV`, `npx tsc -p tsconfig.build.json`
 * there) on generated workbooks, each with a few seeded changes to its pro-forma and setup sheets, and compares
 * every output table row by row, the issues and the summary. A change meant to keep the outputs as they are (a
 * faster layout, a refactoring) must report no difference; a change of behaviour reports the seeds to look at.
 */
import * as path from "node:path";
import { generateWorkbook } from "./generate-workbook";
import { simulate, type InputWorkbook, type SimulationResult } from "../engine";
import type { CellValue } from "../engine/workbook";

type Simulate = (book: InputWorkbook) => SimulationResult;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A small seeded generator (xorshift): the same seed, the same workbook. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** The workbook of `seed`: generated, then a few of its pro-forma lines, pro-formas and setup cells changed. */
function workbookOf(seed: number): InputWorkbook {
  const book = generateWorkbook({ transactions: 200 + (seed % 5) * 100, seed });
  const sheets = book.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => [...r]) }));
  const rnd = random(seed * 7919 + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const rows = (name: string): CellValue[][] => sheets.find((s) => s.name === name)?.rows ?? [];
  const body = (name: string) => rows(name).slice(1);
  for (let k = 0, n = 1 + Math.floor(rnd() * 6); k < n; k++) {
    const op = rnd();
    const lines = body("ProformaLines");
    const proformas = body("ProformaInvoices");
    if (op < 0.25 && lines.length > 1) pick(lines)[1] = pick(lines)[1]; // a source claimed twice
    else if (op < 0.4 && lines.length > 1) pick(lines)[0] = pick(lines)[0]; // a line moved to another pro-forma
    else if (op < 0.5 && proformas.length) pick(proformas)[3] = pick(["Draft", "Confirmed", "Bogus"]);
    else if (op < 0.6 && lines.length) rows("ProformaLines").push([...pick(lines)]); // a line listed twice
    else {
      // A setup cell that cannot be read.
      const sheet = pick(["ExchangeRates", "FixedRateAgreements", "SalesTaxCodes", "SalesTaxGroups", "PostingSetup", "Currencies"]);
      const setup = body(sheet);
      if (setup.length) {
        const row = pick(setup);
        row[Math.floor(rnd() * row.length)] = pick(["#N/A", "", "x", -1]);
      }
    }
  }
  return { ...book, sheets };
}

/** Everything a run gives that a user sees: each table's rows as text, the issues and the summary. */
function outputsOf(run: Simulate, book: InputWorkbook): Map<string, string> {
  const out = new Map<string, string>();
  let result: SimulationResult;
  try {
    result = run(book);
  } catch (error) {
    out.set("thrown", String(error));
    return out;
  }
  for (const t of result.tables) {
    const rows: string[] = [JSON.stringify(t.columns.map((c) => c.name))];
    for (let i = 0; i < t.rows.length; i++) rows.push(JSON.stringify(t.rows.at(i)));
    out.set(t.name, rows.join("\n"));
  }
  out.set("issues", JSON.stringify(result.issues));
  out.set("summary", JSON.stringify(result.summary));
  return out;
}

function main(): void {
  const other = process.argv[2];
  if (!other || other.startsWith("--")) {
    process.stderr.write("Usage: node build/scripts/differential.js OTHER_BUILD [--from N] [--to M]\n");
    process.exit(2);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const theirs = (require(path.resolve(other, "engine/index.js")) as { simulate: Simulate }).simulate;
  const from = option("from", 0);
  const to = option("to", 500);
  let same = 0;
  const differing: string[] = [];
  for (let seed = from; seed < to; seed++) {
    const ours = outputsOf(simulate, workbookOf(seed));
    const before = outputsOf(theirs, workbookOf(seed));
    const first = [...new Set([...ours.keys(), ...before.keys()])].find((k) => ours.get(k) !== before.get(k));
    if (first === undefined) same++;
    else differing.push(`${seed} (${first})`);
  }
  process.stdout.write(`${same} workbooks the same, ${differing.length} different${differing.length ? `: ${differing.slice(0, 20).join(", ")}${differing.length > 20 ? ", …" : ""}` : ""}\n`);
  process.exit(differing.length ? 1 : 0);
}

main();
