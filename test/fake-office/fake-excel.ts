/**
 * An in-memory Excel for adapter tests and the end-to-end test of the task pane as an Excel add-in.
 * It implements the part of the Excel JavaScript API the adapter uses, with Office.js's batching: property
 * writes and loads are queued and take effect at `context.sync()`, loaded values are readable only after
 * it, and a batch whose request or response exceeds Excel on the web's 5 MB limit fails as a whole with
 * `RequestPayloadSizeLimitExceeded` / `ResponsePayloadSizeLimitExceeded`. It counts syncs and payloads.
 * Plain TypeScript with no Node or DOM dependency, so the same file runs in jest and in a browser.
 */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;

type Cell = string | number | boolean;

interface SheetData {
  name: string;
  values: (Cell | undefined)[][];
  formats: (string | undefined)[][];
  tables: { name: string; address: string }[];
  frozenRows: number;
  bold: Set<string>;
}

class PayloadError extends Error {
  constructor(readonly code: string, bytes: number) {
    super(`${code}: the payload of ${bytes} bytes exceeds the ${PAYLOAD_LIMIT}-byte limit`);
  }
}

interface Op {
  /** Bytes this operation sends. */
  readonly request: number;
  run(): number | void;
}

export class FakeExcel {
  readonly sheets: SheetData[] = [];
  syncs = 0;
  /** The largest request and response Excel accepted. */
  maxRequestBytes = 0;
  maxResponseBytes = 0;
  /** Batches Excel refused for their size. */
  refused = 0;
  selected: { sheet: string; row: number; column: number } | null = null;
  active: string | null = null;
  apiVersion = "1.9";
  /** The workbook's date system: with 1904, serial 0 is 1904-01-01. */
  date1904 = false;
  private queue: Op[] = [];

  addSheet(name: string, rows: Cell[][] = []): void {
    this.sheets.push({ name, values: rows.map((r) => [...r]), formats: [], tables: [], frozenRows: 0, bold: new Set() });
  }

  sheet(name: string): SheetData | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** A sheet's values as rows, empty cells as "". */
  rows(name: string): Cell[][] {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    let width = 0;
    for (const r of sheet.values) width = Math.max(width, r?.length ?? 0);
    return sheet.values.map((r) => Array.from({ length: width }, (_, i) => r?.[i] ?? ""));
  }

  enqueue(op: Op): void {
    this.queue.push(op);
  }

  /** The batch queued so far, refused as a whole (as Excel refuses a batch when a step of it fails): nothing of it is applied. */
  refuseQueued(): void {
    this.queue = [];
  }

  async sync(): Promise<void> {
    this.syncs++;
    const ops = this.queue;
    this.queue = [];
    const request = ops.reduce((sum, op) => sum + op.request, 0) + 200;
    if (request > PAYLOAD_LIMIT) {
      this.refused++;
      throw new PayloadError("RequestPayloadSizeLimitExceeded", request);
    }
    this.maxRequestBytes = Math.max(this.maxRequestBytes, request);
    let response = 200;
    for (const op of ops) response += op.run() ?? 0;
    if (response > PAYLOAD_LIMIT) {
      this.refused++;
      throw new PayloadError("ResponsePayloadSizeLimitExceeded", response);
    }
    this.maxResponseBytes = Math.max(this.maxResponseBytes, response);
  }

  /** The `Excel` and `Office` globals an add-in sees. */
  globals(): { Excel: unknown; Office: unknown } {
    const fake = this;
    return {
      Excel: {
        run: async <T>(batch: (context: FakeContext) => Promise<T>): Promise<T> => batch(new FakeContext(fake)),
      },
      Office: {
        onReady: (callback?: (info: { host: string; platform: string }) => void) => {
          const info = { host: "Excel", platform: "OfficeOnline" };
          callback?.(info);
          return Promise.resolve(info);
        },
        HostType: { Excel: "Excel" },
        context: { requirements: { isSetSupported: (name: string, version?: string) => name === "ExcelApi" && compare(version ?? "1.1", fake.apiVersion) <= 0 } },
      },
    };
  }
}

function compare(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

const size = (value: unknown) => JSON.stringify(value).length;

class FakeContext {
  readonly workbook: {
    worksheets: FakeWorksheets;
    application: { suspendApiCalculationUntilNextSync(): void; suspendScreenUpdatingUntilNextSync(): void };
    functions: { date(year: number, month: number, day: number): { value: number; load(props: string): void } };
  };

  constructor(private readonly excel: FakeExcel) {
    this.workbook = {
      worksheets: new FakeWorksheets(excel),
      application: {
        suspendApiCalculationUntilNextSync: () => excel.enqueue({ request: 40, run: () => undefined }),
        suspendScreenUpdatingUntilNextSync: () => {
          if (compare("1.9", excel.apiVersion) > 0) throw new Error("ApiNotFound: suspendScreenUpdatingUntilNextSync needs ExcelApi 1.9");
          excel.enqueue({ request: 40, run: () => undefined });
        },
      },
      functions: {
        // Only what the adapter asks: DATE(1904, 1, 1), which tells the date system.
        date: (year: number, month: number, day: number) => {
          let value: number | null = null;
          const result = {
            get value(): number {
              if (value === null) throw new Error("PropertyNotLoaded: value");
              return value;
            },
            load: () => excel.enqueue({ request: 60, run: () => {
              const serial = Date.UTC(year, month - 1, day) / 86_400_000 + 25_569;
              value = excel.date1904 ? serial - 1462 : serial;
              return 20;
            } }),
          };
          return result;
        },
      },
    };
  }

  sync(): Promise<void> {
    return this.excel.sync();
  }
}

class FakeWorksheets {
  private loadedItems: FakeWorksheet[] | null = null;

  constructor(private readonly excel: FakeExcel) {}

  load(_props: string): void {
    this.excel.enqueue({
      request: 40,
      run: () => {
        this.loadedItems = this.excel.sheets.map((s) => new FakeWorksheet(this.excel, s.name, true));
        return size(this.excel.sheets.map((s) => s.name));
      },
    });
  }

  get items(): FakeWorksheet[] {
    if (!this.loadedItems) throw new Error("PropertyNotLoaded: worksheets.items");
    return this.loadedItems;
  }

  add(name: string): FakeWorksheet {
    this.excel.enqueue({
      request: 60 + name.length,
      run: () => {
        if (this.excel.sheet(name)) throw new Error(`ItemAlreadyExists: a sheet named ${name}`);
        if (name.length > 31 || /[\\/?*[\]:]/.test(name)) throw new Error(`InvalidArgument: sheet name ${name}`);
        this.excel.addSheet(name);
      },
    });
    return new FakeWorksheet(this.excel, name, false);
  }

  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.excel, name, false);
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    const sheet = new FakeWorksheet(this.excel, name, false);
    sheet.nullable = true;
    return sheet;
  }
}

class FakeWorksheet {
  nullable = false;
  readonly tables: { add: (address: string, hasHeaders: boolean) => { name: string } };
  readonly freezePanes: { freezeRows: (n: number) => void };

  constructor(private readonly excel: FakeExcel, private current: string, private loaded: boolean) {
    const self = this;
    this.tables = {
      add: (address: string) => {
        // The name set before the sync names the new table; a name set later renames it, as in Excel.
        let record: { name: string; address: string } | null = null;
        let pending = "";
        const taken = (name: string) => excel.sheets.some((s) => s.tables.some((t) => t !== record && t.name.toLowerCase() === name.toLowerCase()));
        excel.enqueue({
          request: 80 + address.length,
          run: () => {
            const data = self.data();
            if (pending && taken(pending)) throw new Error(`ItemAlreadyExists: table ${pending}`);
            record = { name: pending || `Table${data.tables.length + 1}`, address };
            data.tables.push(record);
          },
        });
        return {
          get name() {
            return record?.name ?? pending;
          },
          set name(value: string) {
            if (!record) {
              pending = value;
              return;
            }
            excel.enqueue({
              request: 40 + value.length,
              run: () => {
                if (taken(value)) throw new Error(`ItemAlreadyExists: table ${value}`);
                (record as { name: string }).name = value;
              },
            });
          },
        };
      },
    };
    this.freezePanes = { freezeRows: (n: number) => excel.enqueue({ request: 30, run: () => void (self.data().frozenRows = n) }) };
  }

  private data(): SheetData {
    const sheet = this.excel.sheet(this.current);
    if (!sheet) throw new Error(`ItemNotFound: sheet ${this.current}`);
    return sheet;
  }

  get isNullObject(): boolean {
    return this.nullable && !this.excel.sheet(this.current);
  }

  get name(): string {
    if (!this.loaded) throw new Error("PropertyNotLoaded: worksheet.name");
    return this.current;
  }

  set name(value: string) {
    const from = this.current;
    this.excel.enqueue({
      request: 40 + value.length,
      run: () => {
        if (this.excel.sheet(value) && value.toLowerCase() !== from.toLowerCase()) throw new Error(`ItemAlreadyExists: a sheet named ${value}`);
        const data = this.excel.sheet(from);
        if (!data) throw new Error(`ItemNotFound: sheet ${from}`);
        data.name = value;
      },
    });
    this.current = value;
  }

  delete(): void {
    const name = this.current;
    this.excel.enqueue({
      request: 40,
      run: () => {
        const index = this.excel.sheets.findIndex((s) => s.name.toLowerCase() === name.toLowerCase());
        if (index >= 0) this.excel.sheets.splice(index, 1);
        else if (!this.nullable) throw new Error(`ItemNotFound: sheet ${name}`);
      },
    });
  }

  activate(): void {
    this.excel.enqueue({ request: 30, run: () => void (this.excel.active = this.current) });
  }

  getUsedRangeOrNullObject(_valuesOnly?: boolean): FakeRange {
    const range = new FakeRange(this.excel, () => this.data(), null);
    range.usedRange = true;
    return range;
  }

  getRangeByIndexes(row: number, column: number, rowCount: number, columnCount: number): FakeRange {
    return new FakeRange(this.excel, () => this.data(), { row, column, rowCount, columnCount });
  }
}

interface Box { row: number; column: number; rowCount: number; columnCount: number }

class FakeRange {
  usedRange = false;
  private box: Box | null;
  private loadedValues: Cell[][] | null = null;
  private loadedBox = false;
  private empty = false;
  readonly format: { font: { bold: boolean } };

  constructor(private readonly excel: FakeExcel, private readonly sheet: () => SheetData, box: Box | null) {
    this.box = box;
    const self = this;
    const font = { set bold(value: boolean) { excel.enqueue({ request: 30, run: () => { const b = self.requireBox(); for (let c = 0; c < b.columnCount; c++) self.sheet().bold.add(`${b.row}:${b.column + c}`); void value; } }); }, get bold() { return false; } };
    this.format = { font };
  }

  private requireBox(): Box {
    if (this.box) return this.box;
    const data = this.sheet();
    let top = -1, left = Infinity, bottom = -1, right = -1;
    data.values.forEach((row, r) => row?.forEach((v, c) => {
      if (v === undefined || v === "") return;
      if (top < 0) top = r;
      bottom = r;
      left = Math.min(left, c);
      right = Math.max(right, c);
    }));
    if (top < 0) {
      this.empty = true;
      return { row: 0, column: 0, rowCount: 1, columnCount: 1 };
    }
    return { row: top, column: left, rowCount: bottom - top + 1, columnCount: right - left + 1 };
  }

  load(props: string): void {
    this.excel.enqueue({
      request: 40 + props.length,
      run: () => {
        this.box = this.requireBox();
        this.loadedBox = true;
        if (!props.includes("values")) return 100;
        const { row, column, rowCount, columnCount } = this.box;
        const data = this.sheet();
        this.loadedValues = Array.from({ length: rowCount }, (_, r) => Array.from({ length: columnCount }, (_, c) => data.values[row + r]?.[column + c] ?? ""));
        return size(this.loadedValues);
      },
    });
  }

  get isNullObject(): boolean {
    if (!this.loadedBox) throw new Error("PropertyNotLoaded: isNullObject");
    return this.usedRange && this.empty;
  }

  private loadedProperty(value: number): number {
    if (!this.loadedBox) throw new Error("PropertyNotLoaded: range properties");
    return value;
  }

  get rowIndex(): number { return this.loadedProperty((this.box as Box).row); }
  get columnIndex(): number { return this.loadedProperty((this.box as Box).column); }
  get rowCount(): number { return this.loadedProperty((this.box as Box).rowCount); }
  get columnCount(): number { return this.loadedProperty((this.box as Box).columnCount); }

  get values(): Cell[][] {
    if (!this.loadedValues) throw new Error("PropertyNotLoaded: values (call load and sync first)");
    return this.loadedValues;
  }

  set values(values: Cell[][]) {
    this.write(values, "values");
  }

  set numberFormat(formats: string[][]) {
    this.write(formats, "formats");
  }

  private write(grid: Cell[][], target: "values" | "formats"): void {
    const box = this.box;
    if (!box) throw new Error("InvalidOperation: write to a used range");
    if (grid.length !== box.rowCount || grid.some((r) => r.length !== box.columnCount)) {
      throw new Error(`InvalidArgument: ${grid.length}×${grid[0]?.length ?? 0} ${target} for a ${box.rowCount}×${box.columnCount} range`);
    }
    this.excel.enqueue({
      request: size(grid),
      run: () => {
        const data = this.sheet();
        const store = target === "values" ? data.values : data.formats;
        grid.forEach((row, r) => {
          const line = (store[box.row + r] ??= []) as Cell[];
          row.forEach((v, c) => {
            // Like Excel: text starting with = is a formula unless the cell's format is text.
            if (target === "values" && typeof v === "string" && /^[=+\-@]/.test(v) && data.formats[box.row + r]?.[box.column + c] !== "@") {
              line[box.column + c] = `#FORMULA:${v}`;
            } else line[box.column + c] = v;
          });
        });
      },
    });
  }

  select(): void {
    this.excel.enqueue({
      request: 30,
      run: () => {
        const box = this.box as Box;
        this.excel.selected = { sheet: this.sheet().name, row: box.row, column: box.column };
      },
    });
  }
}
