/**
 * Writing a folder of CSV results (SPEC §6, §7 "Safe"): every piece lands in its place though the writes run
 * off the main thread, and a run that fails half-way leaves the previous results as they were.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeCsvFolder } from "../../src/io/csv-folder";
import { csvBytes } from "../../src/io/csv";
import { writtenRows, type OutputTable } from "../../engine/workbook";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "pbsim-csv-"));

/** About 27 bytes a row: 350,000 rows are nine 1 MB pieces, more than the writes kept under way at once. */
function ledgerTable(rows: number, failAt = -1): OutputTable {
  return {
    name: "GLVouchers",
    columns: [{ name: "Voucher", kind: "text" }, { name: "Amount", kind: "amount" }, { name: "Note", kind: "text" }],
    rows: writtenRows(rows, (i, to) => {
      if (i === failAt) throw new Error(`row ${i} cannot be written`);
      to.text(`JV-${String(i + 1).padStart(6, "0")}`);
      to.decimal(i * 7 - 3000, 2, 2);
      to.text(i % 3 ? "plain" : "with, a comma");
    }),
  };
}

function expectedText(table: OutputTable): string {
  const pieces: Uint8Array[] = [];
  csvBytes(table, (bytes) => pieces.push(bytes.slice()));
  return Buffer.concat(pieces).toString("utf8");
}

describe("a folder of CSV results", () => {
  test("every piece of a large table lands in its place", async () => {
    const folder = tmp();
    const table = ledgerTable(350_000);
    await writeCsvFolder(folder, [table]);
    const text = fs.readFileSync(path.join(folder, "GLVouchers.csv"), "utf8");
    expect(text.length).toBeGreaterThan(8 * (1 << 20));
    expect(text === expectedText(table)).toBe(true);
    expect(text.split("\n")[150_001]).toBe('JV-150001,10470.00,"with, a comma"');
  });

  test("a failure half-way through a table leaves the previous results as they were, and no partial file", async () => {
    const folder = tmp();
    fs.writeFileSync(path.join(folder, "GLVouchers.csv"), "Voucher\nfrom the previous run\n");
    fs.writeFileSync(path.join(folder, "TrialBalance.csv"), "Main account\nfrom the previous run\n");
    const trialBalance: OutputTable = { name: "TrialBalance", columns: [{ name: "Main account", kind: "text" }], rows: [["110100"]] };
    // The trial balance is written first, then the ledger fails after several pieces are on their way.
    await expect(writeCsvFolder(folder, [trialBalance, ledgerTable(350_000, 150_000)])).rejects.toThrow("row 150000 cannot be written");
    expect(fs.readFileSync(path.join(folder, "GLVouchers.csv"), "utf8")).toBe("Voucher\nfrom the previous run\n");
    expect(fs.readFileSync(path.join(folder, "TrialBalance.csv"), "utf8")).toBe("Main account\nfrom the previous run\n");
    expect(fs.readdirSync(folder).sort()).toEqual(["GLVouchers.csv", "TrialBalance.csv"]);
  });
});
