/**
 * Reads an .xlsx package into the engine's plain tables. Sheets are inflated and scanned in chunks,
 * so even a full 1,048,576-row sheet never has to exist as one string. Formula cells give their
 * cached values, error cells their text (#N/A), date-formatted numbers an ISO date. Pure.
 */
import { ColumnValues } from "../column-values";
import { PAST_LATIN1, narrowedCopy } from "../text";
import type { CellValue, InputSheet, InputWorkbook } from "../../../engine/workbook";
import { DAYS_1904, excelSerialToIso } from "../../../engine/core/dates";
import { entryText, inflateEntry, readZipDirectory, type ZipEntry } from "./zip";
import { NotACharacter, attribute, columnIndex, elements, resolvePartPath, stringItemText, unescapeXml } from "./xml";
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
  const xml = entryText(bytes, entry);
  const strings = [...elements(xml, "si")].map(({ inner }) => stringItemText(inner));
  // Cut out of a text holding a character past Latin-1, every string would be stored with two bytes a character.
  return PAST_LATIN1.test(xml) ? strings.map(narrowedCopy) : strings;
}

export function readXlsx(bytes: Uint8Array, options: ReadXlsxOptions = {}): InputWorkbook {
  const pkg = openPackage(bytes);
  const info = readWorkbookInfo(bytes, pkg);
  const strings = where("the shared strings", () => readSharedStrings(bytes, pkg, info));
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
    sheets.push(where(`sheet '${ref.name}'`, () => readSheet(bytes, entry, ref.name, strings, isDate, info.date1904, options.inflate ?? inflateEntry, report)));
    done += entry.size;
  }
  options.onProgress?.(1);
  return { sheets, date1904: info.date1904 };
}

/** `read()`, with a reference to no character in it said to be in `part`. */
function where<T>(part: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof NotACharacter) throw new NotACharacter(error.reference, part);
    throw error;
  }
}

const ROW = /<(?:[\w.-]+:)?row(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?row>)/g;
const SHEET_DATA = /<([\w.-]+:)?sheetData[\s>]/;
/** Characters kept from the end of the text searched: more than any tag that may be cut there, prefix and all. */
const TAIL = 1024;
const ANY_ROW_CLOSE = /<\/(?:[\w.-]+:)?row>/g;
/** A row or a cell that opens, prefixed or not (in a row's or a cell's content, none may). */
const ROW_OPENS = /<(?:[\w.-]+:)?row[\s>/]/;
const CELL_OPENS = /<(?:[\w.-]+:)?c[\s>/]/;
/** Every row that opens, one after another. */
const ROW_TAG = new RegExp(ROW_OPENS.source, "g");
/** Where sheetData's close tag (`</sheetData>`, prefixed or not) begins in `text`; −1 when it is not there. */
function dataCloseIn(text: string): number {
  for (let i = text.indexOf("sheetData>"); i >= 0; i = text.indexOf("sheetData>", i + 1)) {
    let start = i;
    if (text.charCodeAt(start - 1) === 58 /* : */) {
      start--;
      while (start > 0 && /[\w.-]/.test(text[start - 1])) start--;
    }
    if (text.charCodeAt(start - 1) === 47 /* / */ && text.charCodeAt(start - 2) === 60 /* < */) return start - 2;
  }
  return -1;
}

/** Excel's last row and its number of columns (A to XFD). */
const LAST_ROW = 1_048_576;
const COLUMNS = 16_384;
const CELL = /<(?:[\w.-]+:)?c(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
const VALUE = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?v>/;
const INLINE = /<(?:[\w.-]+:)?is(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?is>/;

/** The attributes of a cell that reading needs: its reference's column letters, its type and its style. */
interface CellAttributes {
  ref: string;
  type: string;
  style: number;
}

/**
 * Reads `r`, `t` and `s` from a cell's attribute text (` r="B7" s="3" t="s"`, either quote, any spacing), the
 * characters of `text` from `from` to `to`, without patterns.
 */
function readCellAttributes(text: string, from: number, to: number, into: CellAttributes): void {
  into.ref = "";
  into.type = "n";
  into.style = 0;
  const n = to;
  let i = from;
  while (i < n) {
    while (i < n && text.charCodeAt(i) <= 32) i++;
    const nameStart = i;
    while (i < n && text.charCodeAt(i) > 32 && text.charCodeAt(i) !== 61) i++;
    const nameEnd = i;
    while (i < n && text.charCodeAt(i) <= 32) i++;
    if (i >= n || text.charCodeAt(i) !== 61) return;
    i++;
    while (i < n && text.charCodeAt(i) <= 32) i++;
    if (i >= n) return;
    const quote = text.charCodeAt(i);
    if (quote !== 34 && quote !== 39) return;
    const end = text.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (end < 0 || end >= n) return;
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

/** Where tag `tag` (`<row`, `<c`) next opens at or after `from` and before `to`: followed by white space, `>` or `/`, not a longer name. */
function tagAt(text: string, tag: string, from: number, to: number): number {
  for (let i = text.indexOf(tag, from); i >= 0 && i < to; i = text.indexOf(tag, i + 1)) {
    const next = text.charCodeAt(i + tag.length);
    if (next <= 32 || next === 62 || next === 47) return i;
  }
  return -1;
}

/** Whether tag `tag` opens somewhere from `from` to `to`: looks at each `<` there, not further. */
function tagBetween(text: string, tag: string, from: number, to: number): boolean {
  for (let i = text.indexOf("<", from); i >= 0 && i < to; i = text.indexOf("<", i + 1)) {
    if (!text.startsWith(tag, i)) continue;
    const next = text.charCodeAt(i + tag.length);
    if (next <= 32 || next === 62 || next === 47) return true;
  }
  return false;
}

/** What `findElement` found last (one object for every element of a sheet). */
const found = { attributesEnd: 0, contentStart: -1, contentEnd: -1, end: 0 };

/**
 * The element whose tag (`tag` characters long, `<row` or `<c`) opens at `open`, within `to`: where its attribute
 * text ends, where its content starts and ends up to the first `close` (−1 when it closes itself), and where it
 * ends, into `found`. False when the text ends first.
 */
function findElement(text: string, open: number, tag: number, close: string, to: number): boolean {
  const gt = text.indexOf(">", open + tag);
  if (gt < 0 || gt >= to) return false;
  if (text.charCodeAt(gt - 1) === 47 && gt - 1 >= open + tag) {
    found.attributesEnd = gt - 1;
    found.contentStart = -1;
    found.contentEnd = -1;
    found.end = gt + 1;
    return true;
  }
  const end = text.indexOf(close, gt + 1);
  if (end < 0 || end + close.length > to) return false;
  found.attributesEnd = gt;
  found.contentStart = gt + 1;
  found.contentEnd = end;
  found.end = end + close.length;
  return true;
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
  let closeTag: string | null = null;
  let scanRows: (segment: string) => void = (segment) => scanByTags(segment);
  /** Set once sheetData has closed: a row after that is outside it. */
  let dataClosed = false;
  /** The part of `text` before sheetData closes (all of it when it does not); a row after the close is damage. */
  const beforeDataCloses = (text: string): string => {
    if (dataClosed) {
      if (ROW_OPENS.test(text)) throw damaged("has rows outside its sheetData");
      return "";
    }
    const close = dataCloseIn(text);
    if (close < 0) return text;
    dataClosed = true;
    if (ROW_OPENS.test(text.slice(close))) throw damaged("has rows outside its sheetData");
    return text.slice(0, close);
  };
  /**
   * The part's text has held a character past Latin-1: from then on its new values are narrowed (`narrowedCopy`). Not
   * per segment: the text left after a segment is joined to the next chunk, and stays two bytes a character.
   */
  let wide = false;
  const scan = (segment: string) => {
    const rows = beforeDataCloses(segment);
    if (rows) scanRows(rows);
  };

  /** The value of a cell whose content is the characters of `text` from `from` to `to`. */
  const cellValue = (type: string, style: number, text: string, from: number, to: number): CellValue => {
    if (type === "inlineStr") {
      // Usually exactly <is>…</is>; otherwise find it.
      if (to - from >= 9 && text.startsWith("<is>", from) && text.startsWith("</is>", to - 5)) {
        const again = text.indexOf("<is", from + 1);
        if (again < 0 || again >= to) return stringItemText(text.slice(from + 4, to - 5));
      }
      const inner = text.slice(from, to);
      if (CELL_OPENS.test(inner)) throw damaged("has a cell that is not closed");
      const is = INLINE.exec(inner);
      return is ? stringItemText(is[1]) : null;
    }
    let raw: string;
    if (to - from >= 7 && text.startsWith("<v>", from) && text.startsWith("</v>", to - 4) && text.indexOf("<", from + 3) === to - 4) raw = text.slice(from + 3, to - 4);
    else {
      const inner = text.slice(from, to);
      if (CELL_OPENS.test(inner)) throw damaged("has a cell that is not closed");
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

  /**
   * A row's cells into the sheet. `cellsOf` hands each cell to `cell`: its attribute text (characters `aFrom` to `aTo`
   * of `attributesText`) and its content (`cFrom` to `cTo` of `contentText`; `cFrom` < 0 when it has none).
   */
  type CellSink = (attributesText: string, aFrom: number, aTo: number, contentText: string, cFrom: number, cTo: number) => void;
  let cells: CellValue[] = [];
  let column = -1;
  let any = false;
  const cell: CellSink = (attributesText, aFrom, aTo, contentText, cFrom, cTo) => {
    readCellAttributes(attributesText, aFrom, aTo, attributes);
    column = attributes.ref ? columnIndex(attributes.ref.toUpperCase()) : column + 1;
    if (!(column >= 0 && column < COLUMNS)) {
      throw damaged(attributes.ref ? `has a cell in column '${attributes.ref.slice(0, 20)}', not one of Excel's columns A to XFD` : "has a row of more cells than Excel's 16,384 columns");
    }
    let value = cFrom < 0 ? null : cellValue(attributes.type, attributes.style, contentText, cFrom, cTo);
    if (value === null) return;
    // Shared strings are narrowed already, when read.
    if (typeof value === "string") value = (columns[column] ??= new ColumnValues()).shared(value, wide && attributes.type !== "s");
    while (cells.length < column) cells.push(null);
    cells[column] = value;
    any = true;
  };
  /** A row, its attribute text and its content (`from` to `to` of `text`; `from` < 0 when it closes itself). */
  const addRow = (rowAttributes: string | undefined, text: string, from: number, to: number, cellsOf: (text: string, from: number, to: number) => void) => {
    const rAttr = rowAttributes ? /\sr\s*=\s*(?:"(\d+)"|'(\d+)')/.exec(rowAttributes) : null;
    const rText = rAttr ? (rAttr[1] ?? rAttr[2]) : null;
    const rowNumber = rText !== null ? Number(rText) : lastRowNumber + 1;
    if (!(rowNumber >= 1 && rowNumber <= LAST_ROW)) throw damaged(`has a row numbered ${rText !== null ? rText.slice(0, 20) : rowNumber}, not one of Excel's rows 1 to 1,048,576`);
    lastRowNumber = rowNumber;
    if (from < 0 || from === to) return;
    cells = [];
    column = -1;
    any = false;
    cellsOf(text, from, to);
    if (!any) return;
    if (firstRow === 0) firstRow = rowNumber;
    const index = rowNumber - firstRow;
    if (index < rows.length) return; // rows out of order: keep the first
    while (rows.length < index) rows.push([]);
    rows.push(cells);
  };

  const cellsByPattern = (text: string, from: number, to: number) => {
    const inner = from === 0 && to === text.length ? text : text.slice(from, to);
    CELL.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = CELL.exec(inner)) !== null) {
      const attributesText = match[1] ?? "";
      const content = match[2];
      cell(attributesText, 0, attributesText.length, content ?? "", content === undefined ? -1 : 0, content?.length ?? 0);
    }
  };

  const scanByPattern = (segment: string) => {
    ROW.lastIndex = 0;
    let row: RegExpExecArray | null;
    while ((row = ROW.exec(segment)) !== null) {
      // A row that opens inside another is the first one left open.
      if (row[2] !== undefined && ROW_OPENS.test(row[2])) throw damaged("has a row that is not closed");
      addRow(row[1], row[2] ?? "", row[2] === undefined ? -1 : 0, row[2]?.length ?? 0, cellsByPattern);
    }
  };

  /**
   * The same elements as the patterns find, by searching for tags, and read where they are rather than as
   * pieces of text: a sheet's rows and cells are most of a workbook, and the patterns' matches cost a third of
   * reading it. For sheets without prefixes on their tags (as Excel writes them); a segment that names a
   * prefixed row or cell anywhere is read by the patterns.
   */
  const scanByTags = (segment: string) => {
    if (segment.indexOf(":row") >= 0 || segment.indexOf(":c") >= 0) {
      scanByPattern(segment);
      return;
    }
    for (let i = 0; ;) {
      const open = tagAt(segment, "<row", i, segment.length);
      if (open < 0) return;
      // Segments end with a row's close tag: a row that does not close before is not closed at all.
      if (!findElement(segment, open, 4, "</row>", segment.length)) throw damaged("has a row that is not closed");
      const { attributesEnd, contentStart, contentEnd, end } = found;
      addRow(segment.slice(open + 4, attributesEnd), segment, contentStart, contentEnd, cellsByTags);
      i = end;
    }
  };

  const cellsByTags = (text: string, from: number, to: number) => {
    for (let i = from; ;) {
      const open = tagAt(text, "<c", i, to);
      // Between cells (where Excel writes nothing), a row that opens is one the row before left open.
      if (open !== i && tagBetween(text, "<row", i, open < 0 ? to : open)) throw damaged("has a row that is not closed");
      if (open < 0) return;
      if (!findElement(text, open, 2, "</c>", to)) throw damaged("has a cell that is not closed");
      cell(text, open + 2, found.attributesEnd, text, found.contentStart, found.contentEnd);
      i = found.end;
    }
  };

  let bytesRead = 0;
  // Decoded text not yet scanned, and its last characters (where a tag cut by the end of a chunk begins). Only each new
  // chunk, with those characters before it, is searched, and the text is joined once a row's close tag is in it: a
  // part whose rows never close takes time in proportion to its size, not to its square.
  const unscanned: string[] = [];
  let tail = "";
  inflate(bytes, entry, (chunk) => {
    bytesRead += chunk.length;
    onBytes?.(bytesRead);
    const text = decoder.decode(chunk, { stream: true });
    wide ||= PAST_LATIN1.test(text);
    unscanned.push(text);
    // Where a tag may straddle the last chunk and this one: short, so the chunks are not copied to search it.
    const seam = tail + text.slice(0, TAIL);
    tail = text.length >= TAIL ? text.slice(text.length - TAIL) : (tail + text).slice(-TAIL);
    if (closeTag === null) {
      const data = SHEET_DATA.exec(seam) ?? SHEET_DATA.exec(text);
      if (!data) return;
      closeTag = `</${data[1] ?? ""}row>`;
      if (data[1]) scanRows = scanByPattern;
    }
    if (text.indexOf(closeTag) < 0 && seam.indexOf(closeTag) < 0) return;
    const pending = unscanned.join("");
    unscanned.length = 0;
    const cut = pending.lastIndexOf(closeTag) + closeTag.length;
    scan(pending.slice(0, cut));
    const rest = pending.slice(cut);
    if (rest) unscanned.push(rest);
    tail = rest.length > TAIL ? rest.slice(rest.length - TAIL) : rest;
  });
  const last = decoder.decode();
  wide ||= PAST_LATIN1.test(last);
  unscanned.push(last);
  let pending = unscanned.join("");
  if (closeTag === null) {
    // No sheetData: a row here is outside it.
    if (ROW_OPENS.test(pending)) throw damaged("has rows outside its sheetData");
  } else {
    // Rows closed in another spelling (a sheet that mixes prefixes) up to the last close tag of any spelling; what follows
    // can hold no row with cells, and a row there that does not close itself is not closed.
    let lastClose = 0;
    ANY_ROW_CLOSE.lastIndex = 0;
    for (let close = ANY_ROW_CLOSE.exec(pending); close; close = ANY_ROW_CLOSE.exec(pending)) lastClose = close.index + close[0].length;
    if (lastClose > 0) {
      scan(pending.slice(0, lastClose));
      pending = pending.slice(lastClose);
    }
    pending = beforeDataCloses(pending);
    ROW_TAG.lastIndex = 0;
    for (let tag = ROW_TAG.exec(pending); tag; tag = ROW_TAG.exec(pending)) {
      const gt = pending.indexOf(">", tag.index);
      if (gt < 0 || pending.charCodeAt(gt - 1) !== 47 /* / */) throw damaged("has a row that is not closed");
      ROW_TAG.lastIndex = gt + 1;
    }
  }
  return { name, rows, firstRow: firstRow || 1 };

  function damaged(what: string): Error {
    return new Error(`the workbook is damaged: sheet '${name}' ${what}; open it in Excel and save it again`);
  }
}
