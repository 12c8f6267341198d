/**
 * Writing a folder of CSV results (SPEC §6, §7 "Safe"): every piece lands in its place though the writes run
 * off the main thread, and a run that fails half-way leaves the previous results as they were.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readCsvFolder, writeCsvFolder } from "../../src/io/csv-folder";
import { csvBytes } from "../../src/io/csv";
import { writtenRows, type OutputTable } from "../../engine/workbook";
import { storedOneByte } from "../helpers/strings";

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

describe("a folder of CSV input", () => {
  test("files saved as Excel's CSV UTF-8, with a byte order mark, read as those without one", async () => {
    const sheets: Record<string, string> = {
      Parameters: "Parameter,Value\r\nAccounting currency,USD\r\n",
      Transactions: "Transaction,Resource,Quantity\r\nT-1,Łucja Nowak,2\r\nT-2,Júlia,3\r\n",
      Projects: "",
    };
    const plain = tmp();
    const marked = tmp();
    for (const [name, text] of Object.entries(sheets)) {
      fs.writeFileSync(path.join(plain, `${name}.csv`), text);
      fs.writeFileSync(path.join(marked, `${name}.csv`), `\uFEFF${text}`);
    }
    const read = await readCsvFolder(marked);
    expect(read).toEqual(await readCsvFolder(plain));
    expect(read.sheets.find((s) => s.name === "Transactions")?.rows).toEqual([["Transaction", "Resource", "Quantity"], ["T-1", "Łucja Nowak", "2"], ["T-2", "Júlia", "3"]]);
    expect(read.sheets.find((s) => s.name === "Projects")?.rows).toEqual([]);
    // Read without its mark, a file's cells are stored with one byte a character, as without one.
    expect(read.sheets.flatMap((s) => s.rows.flat()).filter((c) => typeof c === "string" && !storedOneByte(c))).toEqual(["Łucja Nowak"]);
    // A file larger than one read's piece (512 KiB), and one with two marks: the second is the first header's.
    const many = Array.from({ length: 40_000 }, (_, i) => `T-${i},Resource ${i % 7},${i}`).join("\n");
    fs.writeFileSync(path.join(plain, "Transactions.csv"), `Transaction,Resource,Quantity\n${many}\n`);
    fs.writeFileSync(path.join(marked, "Transactions.csv"), `\uFEFFTransaction,Resource,Quantity\n${many}\n`);
    fs.writeFileSync(path.join(marked, "Projects.csv"), "\uFEFF\uFEFFProject\nP-1\n");
    fs.writeFileSync(path.join(plain, "Projects.csv"), "\uFEFFProject\nP-1\n");
    expect(fs.statSync(path.join(marked, "Transactions.csv")).size).toBeGreaterThan(512 * 1024);
    const large = await readCsvFolder(marked);
    expect(large).toEqual(await readCsvFolder(plain));
    expect(large.sheets.find((s) => s.name === "Transactions")?.rows[39_999]).toEqual(["T-39998", "Resource 0", "39998"]);
    expect(large.sheets.find((s) => s.name === "Transactions")?.rows.flat().every((c) => storedOneByte(c as string))).toBe(true);
    // Bytes that are not UTF-8 after the mark are still refused.
    fs.writeFileSync(path.join(marked, "Projects.csv"), Buffer.from([0xef, 0xbb, 0xbf, 0x50, 0x72, 0x6f, 0x6a, 0xe9, 0x0a]));
    await expect(readCsvFolder(marked)).rejects.toThrow("Projects.csv is not UTF-8 text");
  });
});
