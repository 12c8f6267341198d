/** A folder of `SheetName.csv` files as a workbook (SPEC §6). Node only. */
import { mkdirSync, mkdtempSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { isUtf8 } from "node:buffer";
import type { PostedJournal } from "../../engine";
import { sliceRows, type InputSheet, type InputWorkbook, type OutputTable } from "../../engine/workbook";
import { writeJournalFiles, type JournalFiles } from "./journal-csv";
import { csvPieces, parseCsv } from "./csv";
import { spareOf } from "./utf8-pieces";
import { isInputSheetName, isOutputFileName } from "./workbook-sheets";

/** Reads the input sheets of a folder; other CSV files (results of an earlier run, notes) are left alone. */
export async function readCsvFolder(folder: string): Promise<InputWorkbook> {
  const names = (await fs.readdir(folder)).filter((f) => f.toLowerCase().endsWith(".csv") && isInputSheetName(f.slice(0, -4))).sort();
  const sheets: InputSheet[] = [];
  for (const file of names) {
    const text = await csvText(path.join(folder, file), file);
    sheets.push({ name: file.slice(0, -4), rows: parseCsv(text) });
  }
  return { sheets };
}

const SAVE_AS = `save it from Excel as "CSV UTF-8 (Comma delimited)"`;

/**
 * The text of a CSV file, or a message saying why it is not one this contract reads. CSV files are UTF-8 (SPEC §6):
 * other bytes are refused rather than read as replacement characters. Bytes that are not UTF-8 decode as U+FFFD, so
 * only a text holding one is checked byte by byte (a valid file may hold the character itself). A byte order mark
 * (Excel's "CSV UTF-8" starts with one) is left out before the bytes are decoded: U+FEFF is past Latin-1, and a text
 * holding it is stored with two bytes a character, with every cell cut out of it (docs/performance.md, twelfth round).
 */
async function csvText(file: string, name: string): Promise<string> {
  const text = await textAfterMark(file);
  if (text.includes("\uFFFD") && !isUtf8(await fs.readFile(file))) {
    throw new Error(`${name} is not UTF-8 text (Excel's plain "CSV" uses the computer's code page): ${SAVE_AS}`);
  }
  const lineEnd = text.search(/\r|\n/);
  const header = lineEnd < 0 ? text : text.slice(0, lineEnd);
  if (!header.includes(",") && header.includes(";")) throw new Error(`${name} is separated by semicolons, not commas: ${SAVE_AS}`);
  return text;
}

/** A file's UTF-8 text, without the byte order mark it may start with; decoded piece by piece, as `readFile` does. */
async function textAfterMark(file: string): Promise<string> {
  const handle = await fs.open(file, "r");
  try {
    const head = Buffer.alloc(3);
    // Read at byte 0, which leaves the file's position where it is; past the mark only when there is one.
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    if (bytesRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) await handle.read(head, 0, 3, null);
    // From the file's position to its end.
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Writes one CSV per output table (`CsvFolderWriter`, with nothing written ahead).
 */
export async function writeCsvFolder(folder: string, tables: readonly OutputTable[]): Promise<void> {
  await new CsvFolderWriter(folder).write(tables);
}

/**
 * A folder of output CSV files on its way. Files are written to a temporary folder inside it first and moved
 * into place only when all of them are written, so a failure leaves the previous outputs as they were; then
 * output files of an earlier run that this run does not produce are removed (outputs are replaced on every
 * run). Input CSVs are never touched. Nothing is made on disk before the first file is about to be written.
 *
 * Handed to the engine as its `onJournalPosted`, `journalPosted` starts writing IntegrationJournal.csv and the
 * journal vouchers' rows of GLVouchers.csv on another thread while the engine goes on (journal-csv.ts); `write`
 * then writes the other tables, and GLVouchers' other rows after the worker's.
 */
export class CsvFolderWriter {
  private journal: JournalFiles | null = null;
  /** The temporary folder, once made. */
  private staging: string | null = null;
  private readonly threadFrom: number;

  /**
   * The journal goes to another thread only from `threadFrom` journal lines on: starting a thread takes longer than
   * writing a small journal.
   */
  constructor(private readonly folder: string, { threadFrom = 50_000 }: { threadFrom?: number } = {}) {
    this.threadFrom = threadFrom;
  }

  readonly journalPosted = (posted: PostedJournal): void => {
    if (posted.journal.length < this.threadFrom) return;
    try {
      if (this.staging === null) {
        mkdirSync(this.folder, { recursive: true });
        this.staging = mkdtempSync(path.join(this.folder, ".pbsim-"));
      }
      this.journal = writeJournalFiles(posted, this.staging);
    } catch {
      // No second thread after all (no memory for the record, a folder that cannot be made): `write` writes the
      // journal here, as it does a journal under the threshold, and reports what keeps the folder from being written.
      this.journal = null;
    }
  };

  /** Writes the tables and moves them into place; the writer is done afterwards, whether it succeeded or not. */
  async write(tables: readonly OutputTable[]): Promise<void> {
    const journal = this.journal;
    try {
      if (this.staging === null) {
        await fs.mkdir(this.folder, { recursive: true });
        this.staging = await fs.mkdtemp(path.join(this.folder, ".pbsim-"));
      }
      const staging = this.staging;
      const fileOf = (table: OutputTable) => path.join(staging, `${table.name}.csv`);
      // Buffers whose bytes are written, for the next pieces.
      const spare: Uint8Array[] = [];
      const writeTable = (table: OutputTable) => writePieces(fileOf(table), csvPieces(table, 1 << 20, spare), spare);
      const onOtherThread = (table: OutputTable) => journal !== null && (table.name === "IntegrationJournal" || table.name === "GLVouchers");
      // Row by row into the file: a table's text never has to exist as a whole.
      for (const table of tables) if (!onOtherThread(table)) await writeTable(table);
      if (journal) {
        const journalTables = tables.filter(onOtherThread);
        try {
          const rest = journalTables.find((t) => t.name === "GLVouchers");
          if (rest) {
            const from = journal.glVoucherRows;
            if (from > rest.rows.length) throw new Error(`GLVouchers has ${rest.rows.length} rows, fewer than its journal vouchers' ${from}`);
            const bytes = await journal.glVoucherBytes;
            const rows = sliceRows(rest.rows, from, rest.rows.length - from);
            await writePieces(fileOf(rest), csvPieces({ ...rest, rows }, 1 << 20, spare, { header: false }), spare, bytes);
          }
          await journal.written;
        } catch {
          // The other thread did not finish them (it could not start, say): both files again, here, from the start. A
          // cause that stops this thread too (a full disk) shows here.
          await journal.stop();
          for (const table of journalTables) await writeTable(table);
        }
      }
      for (const table of tables) await fs.rename(fileOf(table), path.join(this.folder, `${table.name}.csv`));
      const written = new Set(tables.map((t) => `${t.name}.csv`.toLowerCase()));
      for (const file of await fs.readdir(this.folder)) {
        const name = file.slice(0, -4);
        if (file.toLowerCase().endsWith(".csv") && isOutputFileName(name) && !isInputSheetName(name) && !written.has(file.toLowerCase())) {
          await fs.rm(path.join(this.folder, file));
        }
      }
    } finally {
      // Clearing up must not hide the write's own failure, nor fail a write whose files are in place.
      await this.discard().catch(() => undefined);
    }
  }

  /** Stops a writing still under way and removes what is not yet in place. */
  async discard(): Promise<void> {
    await this.journal?.stop();
    this.journal = null;
    if (this.staging) await fs.rm(this.staging, { recursive: true, force: true });
    this.staging = null;
  }
}

/** Writes still under way while the next piece is made: enough to keep the disk busy, few enough to hold little memory. */
const WRITES_AHEAD = 4;

/**
 * Writes the pieces one after another into a new file, or from byte `from` on into a file begun already. Each
 * write goes to its own position and runs off this thread, so the next pieces are made meanwhile; at most
 * WRITES_AHEAD are waiting at a time.
 */
async function writePieces(file: string, pieces: Iterable<Uint8Array>, spare: Uint8Array[], from = 0): Promise<void> {
  const handle = await fs.open(file, from > 0 ? "r+" : "w");
  const writing: Promise<unknown>[] = [];
  let failed = false;
  try {
    let position = from;
    for (const piece of pieces) {
      if (writing.length >= WRITES_AHEAD) await writing.shift();
      const write = writeAt(handle, file, piece, position).then(() => spare.push(spareOf(piece)));
      // Its failure is seen when it is awaited; until then it is not an unhandled rejection.
      write.catch(() => undefined);
      writing.push(write);
      position += piece.length;
    }
    while (writing.length > 0) await writing.shift();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A failed write or piece: let the others finish before the file is closed.
    await Promise.allSettled(writing);
    // Closing after a failure must not hide that failure.
    await handle.close().catch((error: unknown) => {
      if (!failed) throw error;
    });
  }
}

/** Writes all of `bytes` at `position`: a write may take fewer bytes than it was given (a full disk, say). */
async function writeAt(handle: fs.FileHandle, file: string, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten <= 0) throw new Error(`${path.basename(file)}: the disk took no more bytes`);
    done += bytesWritten;
  }
}
