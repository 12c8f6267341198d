/**
 * The posted journal's CSV files written on another thread (the command line's CSV output): the main thread
 * records the journal as columns (journal-columns.ts) and hands them to a worker, which writes
 * IntegrationJournal.csv and the journal vouchers' rows of GLVouchers.csv (its header and first rows) while the
 * engine goes on with invoicing. The main thread then writes GLVouchers' other rows after the worker's, where the
 * worker says its part ends. The worker's script is journal-csv-worker.js. Node only.
 */
import { writeSync, openSync, closeSync } from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { PostedJournal } from "../../engine";
import type { OutputTable } from "../../engine/workbook";
import { csvPieces } from "./csv";
import { spareOf } from "./utf8-pieces";
import { journalTables, recordJournal, transferables, type JournalRecord } from "./journal-columns";

/** What the worker is asked: the record, and the two files to write. */
interface Job {
  readonly record: JournalRecord;
  readonly integrationJournal: string;
  readonly glVouchers: string;
}

/** What the worker answers: how many bytes it wrote to GLVouchers.csv, or why it failed. */
type Answer = { readonly glVoucherBytes: number } | { readonly error: string; readonly code?: string };

export interface JournalFiles {
  /** The journal vouchers' rows in GLVouchers (two per voucher): the rows the worker writes. */
  readonly glVoucherRows: number;
  /** Resolves once both files are written, with the length of GLVouchers.csv so far. */
  readonly written: Promise<{ readonly glVoucherBytes: number }>;
  /** Stops the worker (after a failure elsewhere). */
  stop(): Promise<void>;
}

/**
 * Starts writing `folder`/IntegrationJournal.csv and the head of `folder`/GLVouchers.csv on another thread. The
 * recording takes a moment on this thread; the writing then goes on while this thread does other work.
 */
export function writeJournalFiles(posted: PostedJournal, folder: string): JournalFiles {
  const record = recordJournal(posted);
  const job: Job = {
    record,
    integrationJournal: path.join(folder, "IntegrationJournal.csv"),
    glVouchers: path.join(folder, "GLVouchers.csv"),
  };
  const worker = new Worker(path.join(__dirname, "journal-csv-worker.js"));
  const written = new Promise<{ glVoucherBytes: number }>((resolve, reject) => {
    worker.once("message", (answer: Answer) => {
      // The system's error code goes along: the command line words its message by it (a full disk, say).
      if ("error" in answer) reject(Object.assign(new Error(answer.error), answer.code ? { code: answer.code } : {}));
      else resolve(answer);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the journal's writer stopped (exit code ${code})`)));
  }).finally(() => worker.terminate());
  // A failure is seen when `written` is awaited; until then it is not an unhandled rejection.
  written.catch(() => undefined);
  worker.postMessage(job, transferables(record));
  return {
    glVoucherRows: 2 * posted.vouchers.length,
    written,
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** The worker's side: writes the job's two files and answers. */
export function runJournalCsvWorker(port: { on(event: "message", listener: (job: Job) => void): void; postMessage(answer: Answer): void }): void {
  port.on("message", (job) => {
    try {
      const { integrationJournal, journalVouchers } = journalTables(job.record);
      const glVoucherBytes = writeFile(job.glVouchers, journalVouchers);
      writeFile(job.integrationJournal, integrationJournal);
      port.postMessage({ glVoucherBytes });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      port.postMessage({ error: error instanceof Error ? error.message : String(error), ...(typeof code === "string" ? { code } : {}) });
    }
  });
}

/** Writes a table as CSV into a new file, returning its length. Each piece is written before the next is made. */
function writeFile(file: string, table: OutputTable): number {
  const spare: Uint8Array[] = [];
  const fd = openSync(file, "w");
  let length = 0;
  try {
    for (const piece of csvPieces(table, 1 << 20, spare)) {
      for (let done = 0; done < piece.length;) {
        const written = writeSync(fd, piece, done, piece.length - done);
        if (written <= 0) throw new Error(`${path.basename(file)}: the disk took no more bytes`);
        done += written;
      }
      length += piece.length;
      spare.push(spareOf(piece));
    }
  } finally {
    closeSync(fd);
  }
  return length;
}
