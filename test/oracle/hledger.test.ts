/**
 * An external oracle: the GL vouchers written as an hledger journal (`pbsim --journal`) are read by hledger,
 * which refuses any transaction that does not balance, and its balance report must equal TrialBalance
 * account by account — on the sample workbook and on a generated 10,000-transaction one.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Decimal } from "../../engine/core/decimal";
import { main } from "../../src/cli/main";
import { formatCsvRows, parseCsv } from "../../src/io/csv";
import { generateWorkbook } from "../../scripts/generate-workbook";

jest.setTimeout(120_000);

function hledger(...args: string[]): string {
  try {
    return execFileSync("hledger", args, { encoding: "utf8", maxBuffer: 1 << 28 });
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") throw new Error("hledger is not installed: apt-get install -y hledger (.ci/run installs it)");
    throw error;
  }
}

async function check(input: string): Promise<{ accounts: number; vouchers: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oracle-"));
  const journal = path.join(dir, "gl.journal");
  const out = path.join(dir, "results");
  const quiet = { stdout: () => undefined, stderr: () => undefined };
  const code = await main(["simulate", input, "--out", out, "--journal", journal], quiet);
  expect(code).toBe(0);
  const balances = parseCsv(hledger("-f", journal, "balance", "--empty", "-O", "csv"));
  const fromHledger = new Map(balances.slice(1).filter((r) => r[0] !== "total").map((r) => [String(r[0]), new Decimal(String(r[1]).replace(/ USD$/, "") || "0")]));
  const trialBalance = parseCsv(fs.readFileSync(path.join(out, "TrialBalance.csv"), "utf8")).slice(1);
  const accounts = trialBalance.filter((r) => r[0] !== "Total");
  expect(new Set(fromHledger.keys())).toEqual(new Set(accounts.map((r) => String(r[0]))));
  for (const row of accounts) expect(fromHledger.get(String(row[0]))?.eq(String(row[4]))).toBe(true);
  expect(String(balances[balances.length - 1][1])).toBe("0");
  const vouchers = Number(hledger("-f", journal, "stats").match(/^Transactions\s*:\s*(\d+)/m)?.[1]);
  return { accounts: accounts.length, vouchers };
}

test("the sample workbook: hledger balances every voucher and agrees with TrialBalance", async () => {
  expect(await check(path.resolve(__dirname, "../../templates/sample.xlsx"))).toEqual({ accounts: 6, vouchers: 3 });
});

test("a generated 10,000-transaction workbook: the same, account by account", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oracle-10k-"));
  for (const sheet of generateWorkbook({ transactions: 10_000, seed: 7 }).sheets) fs.writeFileSync(path.join(dir, `${sheet.name}.csv`), formatCsvRows(sheet.rows));
  const { accounts, vouchers } = await check(dir);
  expect(accounts).toBeGreaterThan(8);
  expect(vouchers).toBeGreaterThan(15_000);
});
