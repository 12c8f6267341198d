/** The task pane inside Excel: inputs read through the adapter, the engine in its worker, outputs written back. */
import type { WorkerRequest } from "../worker/protocol";
import type { WorkerResult } from "../worker/engine-client";
import { insertTemplateSheets, readInputWorkbook, selectIssueCell, writeOutputTables } from "./excel-workbook";
import type { CellLocation, ProgressListener, RunMode, RunOutcome, SimulationHost } from "./host";
import { CUTOVER_SHEETS, outcomeOf } from "./outcome";

export type EngineRunner = (request: WorkerRequest, onProgress: ProgressListener) => Promise<WorkerResult>;

export class ExcelHost implements SimulationHost {
  readonly kind = "excel" as const;

  constructor(private readonly engine: EngineRunner) {}

  async run(mode: RunMode, onProgress: ProgressListener): Promise<RunOutcome> {
    // Reading takes the first 30% of the bar, the engine the next 40%, writing the rest.
    const workbook = await readInputWorkbook((done, total) => onProgress({ label: "Reading the sheets", fraction: 0.3 * (done / Math.max(1, total)) }));
    const keep = mode === "cutover" ? CUTOVER_SHEETS : null;
    const result = await this.engine({ type: "simulate-tables", workbook, keep }, (p) => onProgress({ label: p.label, fraction: 0.3 + 0.4 * p.fraction }));
    const sheets = await writeOutputTables(result.tables ?? [], (done, total) => onProgress({ label: "Writing the results", fraction: 0.7 + 0.3 * (done / Math.max(1, total)) }), mode === "cutover");
    onProgress({ label: "Done", fraction: 1 });
    return outcomeOf(result, sheets);
  }

  selectCell(location: CellLocation): Promise<void> {
    return selectIssueCell(location.sheet, location.row, location.column);
  }

  insertTemplate(): Promise<string[]> {
    return insertTemplateSheets();
  }
}
