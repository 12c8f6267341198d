/**
 * The posted journal's CSV files written on another thread (the command line's CSV output): the main thread
 * records the journal as columns (journal-columns.ts) and shares them with a worker, which writes
 * IntegrationJournal.csv and the journal vouchers' rows of GLVouchers.csv (its header and first rows) while the
 * engine goes on with invoicing. The main thread then writes GLVouchers' other rows after the worker's, where the
 * worker says its part ends, once the worker has closed that file. The worker's script is journal-csv-worker.js.
 * Node only.
 */
import { writeSync, openSync, closeSync } from "node:fs";
import * as path from "node:path";
import { Worker, type MessagePort } from "node:worker_threads";
import type { PostedJournal } from "../../engine";
import type { OutputTable } from "../../engine/workbook";
import { csvPieces } from "./csv";
import { spareOf } from "./utf8-pieces";
import { JOURNAL_VOUCHER_ROWS, journalTables, recordJournal, type JournalRecord } from "./journal-columns";

/** What the worker is asked: the record, and the two files to write. */
interface Job {
  readonly record: JournalRecord;
  readonly integrationJournal: string;
  readonly glVouchers: string;
}

/**
 * What the worker answers: the length of GLVouchers.csv once its part is written (the main thread may go on
 * after it), then that both files are written; or why it failed.
 */
type Answer = { readonly glVoucherBytes: number } | { readonly done: true } | { readonly error: string; readonly code?: string };

export interface JournalFiles {
  /** The rows of GLVouchers the worker writes: the journal vouchers', two each. */
  readonly glVoucherRows: number;
  /** Resolves with the length of GLVouchers.csv once the worker's rows of it are written. */
  readonly glVoucherBytes: Promise<number>;
  /** Resolves once both files are written and closed, and the worker has stopped. */
  readonly written: Promise<void>;
  /** Stops the worker, whatever it is doing. */
  stop(): Promise<void>;
}

/**
 * Starts writing `folder`/IntegrationJournal.csv and the head of `folder`/GLVouchers.csv on another thread. The
 * recording takes a moment on this thread; the writing then goes on while this thread does other work. Throws,
 * with no thread left running, when the journal cannot be recorded or handed over.
 */
export function writeJournalFiles(posted: PostedJournal, folder: string): JournalFiles {
  const record = recordJournal(posted);
  const glVoucherRows = record.voucherLine.length * JOURNAL_VOUCHER_ROWS;
  const job: Job = {
    record,
    integrationJournal: path.join(folder, "IntegrationJournal.csv"),
    glVouchers: path.join(folder, "GLVouchers.csv"),
  };
  const worker = new Worker(path.join(__dirname, "journal-csv-worker.js"));
  let gotBytes: (bytes: number) => void = () => undefined;
  let failed: (error: Error) => void = () => undefined;
  const glVoucherBytes = new Promise<number>((resolve, reject) => {
    gotBytes = resolve;
    failed = reject;
  });
  const written = new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      failed(error);
      reject(error);
    };
    worker.on("message", (answer: Answer) => {
      if ("glVoucherBytes" in answer) gotBytes(answer.glVoucherBytes);
      else if ("done" in answer) resolve();
      // The system's error code goes along: the command line words its message by it (a full disk, say).
      else fail(Object.assign(new Error(answer.error), answer.code ? { code: answer.code } : {}));
    });
    worker.on("messageerror", fail);
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the journal's writer stopped before it was done (exit code ${code})`)));
  }).finally(() => worker.terminate());
  // A failure is seen when one of them is awaited; until then it is not an unhandled rejection.
  written.catch(() => undefined);
  glVoucherBytes.catch(() => undefined);
  try {
    worker.postMessage(job);
  } catch (error) {
    void worker.terminate();
    throw error;
  }
  return {
    glVoucherRows,
    glVoucherBytes,
    written,
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** The worker's side: writes the job's two files, answering as each is done. */
export function runJournalCsvWorker(port: MessagePort): void {
  const failed = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    port.postMessage({ error: error instanceof Error ? error.message : String(error), ...(typeof code === "string" ? { code } : {}) } satisfies Answer);
  };
  port.on("messageerror", failed);
  port.on("message", (job: Job) => {
    try {
      const { integrationJournal, journalVouchers } = journalTables(job.record);
      port.postMessage({ glVoucherBytes: writeFile(job.glVouchers, journalVouchers) } satisfies Answer);
      writeFile(job.integrationJournal, integrationJournal);
      port.postMessage({ done: true } satisfies Answer);
    } catch (error) {
      failed(error);
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
