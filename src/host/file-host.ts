/**
 * The task pane in a plain browser: the user opens an .xlsx file; the worker reads it, runs the engine
 * and writes the results workbook (the file with the output sheets added), which the user downloads.
 */
import type { CellLocation, ProgressListener, RunMode, RunOutcome, SimulationHost } from "./host";
import type { EngineRunner } from "./excel-host";
import { CUTOVER_SHEETS, outcomeOf } from "./outcome";

export class FileHost implements SimulationHost {
  readonly kind = "standalone" as const;
  fileName: string | null = null;
  private bytes: ArrayBuffer | null = null;
  private results: Blob | null = null;

  constructor(private readonly engine: EngineRunner, private readonly save: (blob: Blob, name: string) => void) {}

  async open(file: File): Promise<void> {
    if (!/\.xlsx$/i.test(file.name)) throw new Error(`${file.name} is not an .xlsx workbook: save it from Excel as Excel Workbook (*.xlsx)`);
    this.bytes = await file.arrayBuffer();
    this.fileName = file.name;
    this.results = null;
  }

  async run(mode: RunMode, onProgress: ProgressListener, signal?: AbortSignal): Promise<RunOutcome> {
    if (!this.bytes) throw new Error("Open a workbook first");
    // The worker takes its own copy: the opened file stays available for another run.
    const copy = this.bytes.slice(0);
    const result = await this.engine({ type: "simulate-file", bytes: copy, keep: mode === "cutover" ? CUTOVER_SHEETS : null }, onProgress, signal);
    if (!result.workbook) throw new Error("The results workbook was not written");
    this.results = result.workbook;
    return outcomeOf(result, result.sheets);
  }

  download(): void {
    if (!this.results || !this.fileName) return;
    this.save(this.results, this.fileName.replace(/\.xlsx$/i, "") + " - results.xlsx");
  }

  async selectCell(_location: CellLocation): Promise<void> {
    // A file has no cell to select; the pane shows the sheet, row and column instead.
  }

  async insertTemplate(): Promise<string[]> {
    throw new Error("Inserting template sheets works inside Excel; here, download templates/blank-template.xlsx");
  }
}

