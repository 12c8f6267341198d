/**
 * The workbook's shared-string table as the results add to it. Output text that repeats (accounts, posting
 * types, projects, currencies, dimension values) is written once in the table and named by its index in each
 * cell: a text cell's markup is most of a results row, and in the pane every byte of sheet XML is deflated.
 *
 * Entries of the base workbook keep their places (its sheets name them by index) and new ones are appended.
 * The base's last entries are looked up too, so a run on the results of an earlier run finds that run's
 * entries again rather than appending them once more: the table does not grow run after run.
 */
import { elements, escapeXml, plainItemText } from "./xml";
import { startsOrEndsWithSpace } from "../text";

/** Entries a run may add; past them a cell's text goes inline. */
const MAX_ADDED = 100_000;
/** How many of the base's last entries are looked up for reuse. */
const REUSE_WINDOW = 100_000;
/** A column whose first cells are mostly new text (ids, voucher numbers) writes its text inline. */
const TRIAL_CELLS = 256;

const ROOT = /<((?:[\w.-]+:)?)sst\b([^>]*?)(\/?)>/;

export class SharedStrings {
  private readonly indexes = new Map<string, number>();
  private readonly added: string[] = [];

  private constructor(private readonly baseXml: string, private readonly baseCount: number, private readonly room: number) {}

  /** No table to add to: every cell's text goes inline (a base table this writer cannot read, say). */
  static none(): SharedStrings {
    return new SharedStrings("", 0, 0);
  }

  /** The table over a base workbook's shared-string XML (empty text: the workbook has none). */
  static over(baseXml: string): SharedStrings {
    if (!baseXml) return new SharedStrings("", 0, MAX_ADDED);
    if (!ROOT.test(baseXml)) return SharedStrings.none();
    // The last entries, in a ring, and how many there are.
    const last: string[] = [];
    let count = 0;
    for (const { inner } of elements(baseXml, "si")) last[count++ % REUSE_WINDOW] = inner;
    const table = new SharedStrings(baseXml, count, MAX_ADDED);
    for (let i = Math.max(0, count - REUSE_WINDOW); i < count; i++) {
      const text = plainItemText(last[i % REUSE_WINDOW]);
      // The first of equal entries, as a cell would be given it.
      if (text !== null && !table.indexes.has(text)) table.indexes.set(text, i);
    }
    return table;
  }

  /** Whether the table has entries the base did not: then it has to be written out. */
  get grown(): boolean {
    return this.added.length > 0;
  }

  /** The index of `text`'s entry, appended if new; -1 when the table has no room left (the cell goes inline). */
  indexOf(text: string): number {
    let index = this.indexes.get(text);
    if (index === undefined) {
      if (this.added.length >= this.room) return -1;
      index = this.baseCount + this.added.length;
      this.added.push(text);
      this.indexes.set(text, index);
    }
    return index;
  }

  /** How many entries were appended so far: a writer compares it before and after a lookup to see new text. */
  get addedCount(): number {
    return this.added.length;
  }

  /** The table's XML: the base's, its entries untouched and the new ones appended, with the count set; or a new table. */
  xml(namespace: string): string {
    const total = this.baseCount + this.added.length;
    if (!this.baseXml) return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${namespace}" uniqueCount="${total}">${this.items("")}</sst>`;
    const root = ROOT.exec(this.baseXml) as RegExpExecArray;
    const [tag, prefix, attributes, selfClosing] = root;
    // `count` (cells that name an entry) is optional and no longer known; `uniqueCount` is the number of entries.
    const kept = attributes.replace(/\s(?:count|uniqueCount)\s*=\s*(?:"[^"]*"|'[^']*')/g, "");
    const start = `<${prefix}sst${kept} uniqueCount="${total}">`;
    const close = `</${prefix}sst>`;
    const before = this.baseXml.slice(0, root.index);
    if (selfClosing) return `${before}${start}${this.items(prefix)}${close}${this.baseXml.slice(root.index + tag.length)}`;
    const end = this.baseXml.lastIndexOf(close);
    return `${before}${start}${this.baseXml.slice(root.index + tag.length, end)}${this.items(prefix)}${this.baseXml.slice(end)}`;
  }

  private items(prefix: string): string {
    const parts: string[] = [];
    for (const text of this.added) {
      const space = startsOrEndsWithSpace(text) ? ' xml:space="preserve"' : "";
      parts.push(`<${prefix}si><${prefix}t${space}>${escapeXml(text)}</${prefix}t></${prefix}si>`);
    }
    return parts.join("");
  }
}

/**
 * Whether a column's text goes to the shared-string table: every column tries, and one whose first
 * `TRIAL_CELLS` cells were mostly new entries stops (its text is unique: ids, voucher numbers).
 */
export class ColumnSharing {
  private readonly sharing: Uint8Array;
  private readonly cells: Int32Array;
  private readonly fresh: Int32Array;

  constructor(columns: number) {
    this.sharing = new Uint8Array(columns).fill(1);
    this.cells = new Int32Array(columns);
    this.fresh = new Int32Array(columns);
  }

  shares(column: number): boolean {
    return this.sharing[column] === 1;
  }

  /** Counts a cell of `column` that was looked up; `isNew`: it added an entry. */
  looked(column: number, isNew: boolean): void {
    const cells = ++this.cells[column];
    if (isNew) this.fresh[column]++;
    if (cells === TRIAL_CELLS && 2 * this.fresh[column] > cells) this.sharing[column] = 0;
  }
}
