/**
 * Reads an .xlsx package into the engine's plain tables. Sheets are inflated and scanned in chunks,
 * so even a full 1,048,576-row sheet never has to exist as one string. Formula cells give their
 * cached values, error cells their text (#N/A), date-formatted numbers an ISO date. Pure.
 */
import { ColumnValues } from "../column-values";
import type { CellValue, InputSheet, InputWorkbook } from "../../../engine/workbook";
import { DAYS_1904, excelSerialToIso } from "../../../engine/core/dates";
import { entryText, inflateEntry, readZipDirectory, type ZipEntry } from "./zip";
import { attribute, columnIndex, elements, resolvePartPath, stringItemText, unescapeXml } from "./xml";
import { dateStyles } from "./styles";

export interface ReadXlsxOptions {
  /** Reads only the sheets this accepts (by name); all sheets when omitted. */
  readonly includeSheet?: (name: string) => boolean;
  /** Called as sheets are read, with the share done (0 to 1). */
  readonly onProgress?: (fraction: number) => void;
  /** How a sheet's part is inflated, piece by piece; the portable inflate when omitted. */
  readonly inflate?: typeof inflateEntry;
}

export interface PackagePart {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  find(name: string): ZipEntry | undefined;
}

export function openPackage(bytes: Uint8Array): PackagePart {
  const entries = new Map(readZipDirectory(bytes).map((e) => [e.name, e]));
  const lower = new Map([...entries].map(([name, e]) => [name.toLowerCase(), e]));
  return { entries, find: (name) => entries.get(name) ?? lower.get(name.toLowerCase()) };
}

export interface WorkbookSheetRef {
  readonly name: string;
  readonly sheetId: string;
  readonly relId: string;
  readonly part: string;
}

export interface WorkbookInfo {
  readonly workbookPart: string;
  readonly sheets: readonly WorkbookSheetRef[];
  readonly date1904: boolean;
  readonly relationships: readonly Relationship[];
}

export interface Relationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly external: boolean;
  /** The target resolved to a part name (for internal targets). */
  readonly part: string;
}

export function relsPartOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

export function readRelationships(bytes: Uint8Array, pkg: PackagePart, part: string): Relationship[] {
  const entry = pkg.find(relsPartOf(part));
  if (!entry) return [];
  return [...elements(entryText(bytes, entry), "Relationship")].map(({ attributes }) => {
    const target = attribute(attributes, "Target") ?? "";
    const external = attribute(attributes, "TargetMode") === "External";
    return { id: attribute(attributes, "Id") ?? "", type: attribute(attributes, "Type") ?? "", target, external, part: external ? "" : resolvePartPath(part, target) };
  });
}

export function readWorkbookInfo(bytes: Uint8Array, pkg: PackagePart): WorkbookInfo {
  const root = readRelationships(bytes, pkg, "");
  const workbookPart = root.find((r) => r.type.endsWith("/officeDocument"))?.part ?? "xl/workbook.xml";
  const entry = pkg.find(workbookPart);
  if (!entry) throw new Error("the file has no workbook part; save it from Excel as Excel Workbook (*.xlsx)");
  const xml = entryText(bytes, entry);
  const relationships = readRelationships(bytes, pkg, workbookPart);
  const pr = [...elements(xml, "workbookPr")][0];
  const date1904 = pr ? /^(1|true)$/.test(attribute(pr.attributes, "date1904") ?? "") : false;
  const sheets = [...elements(xml, "sheet")].map(({ attributes }) => {
    const relId = /\s[\w.-]+:id\s*=\s*"([^"]*)"/.exec(` ${attributes}`)?.[1] ?? "";
    const rel = relationships.find((r) => r.id === relId);
    return { name: attribute(attributes, "name") ?? "", sheetId: attribute(attributes, "sheetId") ?? "", relId, part: rel?.part ?? "" };
  });
  return { workbookPart, sheets, date1904, relationships };
}

function readSharedStrings(bytes: Uint8Array, pkg: PackagePart, info: WorkbookInfo): string[] {
  const rel = info.relationships.find((r) => r.type.endsWith("/sharedStrings"));
  const entry = rel ? pkg.find(rel.part) : undefined;
  if (!entry) return [];
  return [...elements(entryText(bytes, entry), "si")].map(({ inner }) => stringItemText(inner));
}

export function readXlsx(bytes: Uint8Array, options: ReadXlsxOptions = {}): InputWorkbook {
  const pkg = openPackage(bytes);
  const info = readWorkbookInfo(bytes, pkg);
  const strings = readSharedStrings(bytes, pkg, info);
  const stylesRel = info.relationships.find((r) => r.type.endsWith("/styles"));
  const stylesEntry = stylesRel ? pkg.find(stylesRel.part) : undefined;
  const isDate = dateStyles(stylesEntry ? entryText(bytes, stylesEntry) : "");
  const selected = info.sheets
    .filter((ref) => !options.includeSheet || options.includeSheet(ref.name))
    .map((ref) => ({ ref, entry: pkg.find(ref.part) }))
    .filter((s): s is { ref: WorkbookSheetRef; entry: ZipEntry } => s.entry !== undefined);
  const total = selected.reduce((sum, s) => sum + s.entry.size, 0) || 1;
  let done = 0;
  const sheets: InputSheet[] = [];
  for (const { ref, entry } of selected) {
    const report = options.onProgress ? (bytesRead: number) => options.onProgress?.(Math.min(1, (done + bytesRead) / total)) : undefined;
    sheets.push(readSheet(bytes, entry, ref.name, strings, isDate, info.date1904, options.inflate ?? inflateEntry, report));
    done += entry.size;
  }
  options.onProgress?.(1);
  return { sheets, date1904: info.date1904 };
}

const ROW = /<(?:[\w.-]+:)?row(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?row>)/g;
const CELL = /<(?:[\w.-]+:)?c(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
const VALUE = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?v>/;
const INLINE = /<(?:[\w.-]+:)?is(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?is>/;

/** The attributes of a cell that reading needs: its reference's column letters, its type and its style. */
interface CellAttributes {
  ref: string;
  type: string;
  style: number;
}

/** Reads `r`, `t` and `s` from a cell's attribute text (` r="B7" s="3" t="s"`, either quote, any spacing) without patterns. */
function readCellAttributes(text: string, into: CellAttributes): void {
  into.ref = "";
  into.type = "n";
  into.style = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) <= 32) i++;
    const nameStart = i;
    while (i < n && text.charCodeAt(i) > 32 && text.charCodeAt(i) !== 61) i++;
    const nameEnd = i;
    while (i < n && text.charCodeAt(i) <= 32) i++;
    if (i >= n || text.charCodeAt(i) !== 61) return;
    i++;
    while (i < n && text.charCodeAt(i) <= 32) i++;
    const quote = text.charCodeAt(i);
    if (quote !== 34 && quote !== 39) return;
    const end = text.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (end < 0) return;
    if (nameEnd - nameStart === 1) {
      const name = text.charCodeAt(nameStart);
      if (name === 114 /* r */) {
        // Column letters of the reference: A1 → A.
        let j = i + 1;
        while (j < end && text.charCodeAt(j) > 64) j++;
        into.ref = text.slice(i + 1, j);
      } else if (name === 116 /* t */) into.type = text.slice(i + 1, end);
      else if (name === 115 /* s */) into.style = Number(text.slice(i + 1, end));
    }
    i = end + 1;
  }
}

/** Where tag `tag` (`<row`, `<c`) next opens at or after `from`: followed by white space, `>` or `/`, not a longer name. */
function tagAt(text: string, tag: string, from: number): number {
  for (let i = text.indexOf(tag, from); i >= 0; i = text.indexOf(tag, i + 1)) {
    const next = text.charCodeAt(i + tag.length);
    if (next <= 32 || next === 62 || next === 47) return i;
  }
  return -1;
}

/**
 * The element whose tag (`tag` characters long, `<row` or `<c`) opens at `open`: its attribute text, its content up
 * to the first `close` (undefined when it closes itself) and where it ends; null when the text ends first.
 */
function elementAt(text: string, open: number, tag: number, close: string): { attributes: string; content: string | undefined; end: number } | null {
  const gt = text.indexOf(">", open + tag);
  if (gt < 0) return null;
  if (text.charCodeAt(gt - 1) === 47 && gt - 1 >= open + tag) return { attributes: text.slice(open + tag, gt - 1), content: undefined, end: gt + 1 };
  const end = text.indexOf(close, gt + 1);
  if (end < 0) return null;
  return { attributes: text.slice(open + tag, gt), content: text.slice(gt + 1, end), end: end + close.length };
}

function readSheet(
  bytes: Uint8Array, entry: ZipEntry, name: string, strings: readonly string[], isDate: (style: number) => boolean, date1904: boolean,
  inflate: typeof inflateEntry, onBytes?: (bytesRead: number) => void,
): InputSheet {
  const rows: CellValue[][] = [];
  const columns: ColumnValues[] = [];
  const attributes: CellAttributes = { ref: "", type: "n", style: 0 };
  const dates = new Map<number, string | null>();
  let firstRow = 0;
  let lastRowNumber = 0;
  const decoder = new TextDecoder("utf-8");
  let pending = "";
  let closeTag: string | null = null;
  let scan: (segment: string) => void = (segment) => scanByTags(segment);

  const cellValue = (type: string, style: number, inner: string): CellValue => {
    if (type === "inlineStr") {
      // Usually exactly <is>…</is>; otherwise find it.
      if (inner.startsWith("<is>") && inner.endsWith("</is>") && inner.indexOf("<is", 1) < 0) return stringItemText(inner.slice(4, -5));
      const is = INLINE.exec(inner);
      return is ? stringItemText(is[1]) : null;
    }
    let raw: string;
    if (inner.startsWith("<v>") && inner.endsWith("</v>") && inner.indexOf("<", 3) === inner.length - 4) raw = inner.slice(3, -4);
    else {
      const v = VALUE.exec(inner);
      if (!v) return null;
      raw = v[1];
    }
    switch (type) {
      case "s":
        return strings[Number(raw)] ?? null;
      case "str":
      case "e":
        return unescapeXml(raw);
      case "b":
        return raw === "1" || raw === "true";
      case "d":
        return raw.slice(0, 10);
      default: {
        const n = Number(raw);
        if (raw === "" || !Number.isFinite(n)) return unescapeXml(raw);
        if (style && isDate(style)) {
          // A sheet has few distinct dates and many rows: convert each serial once.
          let iso = dates.get(n);
          if (iso === undefined) dates.set(n, (iso = excelSerialToIso(date1904 ? n + DAYS_1904 : n)));
          return iso ?? n;
        }
        return n;
      }
    }
  };

  /** A row's cells into the sheet: `cellsOf` hands each cell's attribute text and content (undefined when empty) to `cell`. */
  const addRow = (rowAttributes: string | undefined, inner: string | undefined, cellsOf: (inner: string, cell: (attributes: string, content: string | undefined) => void) => void) => {
    const rAttr = rowAttributes ? /\sr\s*=\s*"(\d+)"/.exec(rowAttributes) : null;
    const rowNumber = rAttr ? Number(rAttr[1]) : lastRowNumber + 1;
    lastRowNumber = rowNumber;
    if (!inner) return;
    const cells: CellValue[] = [];
    let column = -1;
    let any = false;
    cellsOf(inner, (cellAttributes, content) => {
      readCellAttributes(cellAttributes, attributes);
      column = attributes.ref ? columnIndex(attributes.ref.toUpperCase()) : column + 1;
      let value = content === undefined ? null : cellValue(attributes.type, attributes.style, content);
      if (value === null) return;
      if (typeof value === "string") value = (columns[column] ??= new ColumnValues()).shared(value);
      while (cells.length < column) cells.push(null);
      cells[column] = value;
      any = true;
    });
    if (!any) return;
    if (firstRow === 0) firstRow = rowNumber;
    const index = rowNumber - firstRow;
    if (index < rows.length) return; // rows out of order: keep the first
    while (rows.length < index) rows.push([]);
    rows.push(cells);
  };

  const cellsByPattern = (inner: string, cell: (attributes: string, content: string | undefined) => void) => {
    CELL.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = CELL.exec(inner)) !== null) cell(match[1] ?? "", match[2]);
  };

  const scanByPattern = (segment: string) => {
    ROW.lastIndex = 0;
    let row: RegExpExecArray | null;
    while ((row = ROW.exec(segment)) !== null) addRow(row[1], row[2], cellsByPattern);
  };

  /**
   * The same elements as the patterns find, by searching for tags: a sheet's rows and cells are most of a
   * workbook, and the patterns' matches cost a third of reading it. For sheets without prefixes on their tags
   * (as Excel writes them); a segment that names a prefixed row or cell anywhere is read by the patterns.
   */
  const scanByTags = (segment: string) => {
    if (segment.indexOf(":row") >= 0 || segment.indexOf(":c") >= 0) {
      scanByPattern(segment);
      return;
    }
    for (let i = 0; ;) {
      const open = tagAt(segment, "<row", i);
      if (open < 0) return;
      const element = elementAt(segment, open, 4, "</row>");
      // Not closed: as the patterns do, look further on.
      if (!element) {
        i = open + 1;
        continue;
      }
      addRow(element.attributes, element.content, cellsByTags);
      i = element.end;
    }
  };

  const cellsByTags = (inner: string, cell: (attributes: string, content: string | undefined) => void) => {
    for (let i = 0; ;) {
      const open = tagAt(inner, "<c", i);
      if (open < 0) return;
      const element = elementAt(inner, open, 2, "</c>");
      if (!element) {
        i = open + 1;
        continue;
      }
      cell(element.attributes, element.content);
      i = element.end;
    }
  };

  let bytesRead = 0;
  inflate(bytes, entry, (chunk) => {
    bytesRead += chunk.length;
    onBytes?.(bytesRead);
    pending += decoder.decode(chunk, { stream: true });
    if (closeTag === null) {
      const data = /<([\w.-]+:)?sheetData[\s>]/.exec(pending);
      if (!data) return;
      closeTag = `</${data[1] ?? ""}row>`;
      if (data[1]) scan = scanByPattern;
    }
    const end = pending.lastIndexOf(closeTag);
    if (end < 0) return;
    const cut = end + closeTag.length;
    scan(pending.slice(0, cut));
    pending = pending.slice(cut);
  });
  pending += decoder.decode();
  scan(pending);
  return { name, rows, firstRow: firstRow || 1 };
}
