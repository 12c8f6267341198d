/**
 * Writes output tables into an .xlsx package: each table on its own sheet as an Excel table with a
 * header row, number formats by column kind, ids and text always as text (never formulas). Added
 * to a base workbook, every existing part is copied byte for byte; only the package lists (workbook,
 * relationships, content types, styles) are rewritten, and sheets named like an output of a previous
 * run are removed first. Pure: the bytes go to a sink.
 */
import { sliceRows, type CellWriter, type ColumnKind, type OutputColumn, type OutputTable, type RowSource } from "../../../engine/workbook";
import { plainDecimal } from "../../../engine/core/plain-decimal";
import { DAYS_1904, isoToExcelSerial } from "../../../engine/core/dates";
import { ZipWriter, entryText, runWaiting, runWithoutWaiting, type ByteSink, type Compression, type WriteSteps, type ZipEntry } from "./zip";
import { openPackage, readRelationships, readWorkbookInfo, relsPartOf, type PackagePart, type WorkbookInfo } from "./read";
import { attribute, columnLetters, elements, escapeXml } from "./xml";
import { extendStylesXml, newStylesXml, type OutputStyles } from "./styles";
import { Utf8Pieces } from "../utf8-pieces";
import { startsOrEndsWithSpace } from "../text";

/** Excel's limit: 1,048,576 rows per sheet, the header included. */
export const MAX_DATA_ROWS = 1_048_575;

export interface SheetToWrite {
  readonly name: string;
  readonly columns: readonly OutputColumn[];
  readonly rows: RowSource;
  /** Write the sheet as an Excel table (outputs) or a plain range (inputs). */
  readonly asTable: boolean;
}

export interface WriteXlsxOptions {
  /** A workbook to add the sheets to. */
  readonly base?: Uint8Array;
  /** Which sheets of the base to remove first (compared case-insensitively by Excel's rules). */
  readonly replace?: (name: string) => boolean;
  /** Deflate level: 1 is faster, 6 smaller. */
  readonly level?: 1 | 6;
  /** How to compress new parts (Node can bring its native zlib); portable by default. */
  readonly compression?: Compression;
  /** The share of the new sheets' rows written so far, told after each piece of sheet XML. */
  readonly onProgress?: (fraction: number) => void;
}

/** The most sheets one table continues on (`Name 99`): past that, a sheet of that name is the user's (workbook-sheets.ts). */
export const MAX_CONTINUATIONS = 99;

/**
 * The sheets a table of `length` rows takes: `Name`, `Name 2`, `Name 3`, … (SPEC §5), each with the first row and
 * the number of rows it holds. More than MAX_CONTINUATIONS sheets is refused.
 */
export function sheetRanges(name: string, length: number, maxRows = MAX_DATA_ROWS): { name: string; start: number; count: number }[] {
  if (length <= maxRows) return [{ name, start: 0, count: length }];
  if (length > maxRows * MAX_CONTINUATIONS) {
    throw new Error(`${name} has ${length.toLocaleString("en-US")} rows, more than ${MAX_CONTINUATIONS} sheets hold: write the results to a folder of CSV files instead`);
  }
  const ranges: { name: string; start: number; count: number }[] = [];
  for (let start = 0, n = 1; start < length; start += maxRows, n++) ranges.push({ name: n === 1 ? name : `${name} ${n}`, start, count: Math.min(maxRows, length - start) });
  return ranges;
}

/** Splits a table longer than a sheet can hold into `Name`, `Name 2`, `Name 3`, … (SPEC §5). */
export function splitForSheets(table: OutputTable, asTable: boolean, maxRows = MAX_DATA_ROWS): SheetToWrite[] {
  return sheetRanges(table.name, table.rows.length, maxRows).map(({ name, start, count }) => ({
    name, columns: table.columns, rows: start === 0 && count === table.rows.length ? table.rows : sliceRows(table.rows, start, count), asTable,
  }));
}

const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL_WORKSHEET = `${NS_REL}/worksheet`;
const REL_TABLE = `${NS_REL}/table`;
const REL_STYLES = `${NS_REL}/styles`;
const CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const CT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml";
const CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const CT_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const XML_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;

interface Rel { id: string; type: string; target: string; external?: boolean }

/** The parts of a package this writer edits, as text, plus what it copies unchanged. */
interface PackageModel {
  readonly bytes: Uint8Array | null;
  readonly pkg: PackagePart | null;
  workbookPart: string;
  workbookXml: string;
  workbookRels: Rel[];
  contentTypesXml: string;
  stylesPart: string;
  stylesXml: string;
  /** Parts not copied into the new package. */
  readonly dropped: Set<string>;
  readonly keptSheetNames: string[];
  /** The base workbook counts dates from 1904: date cells are written as its serials. */
  readonly date1904: boolean;
}

export function writeXlsx(sheets: readonly SheetToWrite[], sink: ByteSink, options: WriteXlsxOptions = {}): void {
  runWithoutWaiting(xlsxSteps(sheets, sink, options));
}

/**
 * The same as `writeXlsx`, for a compression that hands pieces to another thread and takes them back as
 * messages (`Compression.between`): the writer yields to the event loop between pieces instead of blocking.
 */
export function writeXlsxAsync(sheets: readonly SheetToWrite[], sink: ByteSink, options: WriteXlsxOptions = {}): Promise<void> {
  return runWaiting(xlsxSteps(sheets, sink, options));
}

function* xlsxSteps(sheets: readonly SheetToWrite[], sink: ByteSink, options: WriteXlsxOptions): WriteSteps {
  const model = options.base ? modelFromBase(options.base, options.replace ?? (() => false)) : newModel();
  const taken = new Set(model.keptSheetNames.map((n) => n.toLowerCase()));
  for (const sheet of sheets) {
    if (sheet.name.length > 31 || /[\\/?*[\]:]/.test(sheet.name)) throw new Error(`'${sheet.name}' is not a valid sheet name`);
    if (taken.has(sheet.name.toLowerCase())) throw new Error(`the workbook already has a sheet named '${sheet.name}'`);
    taken.add(sheet.name.toLowerCase());
  }
  const { xml: stylesXml, styles } = model.stylesXml ? extendStylesXml(model.stylesXml) : newStylesXml();
  if (!model.stylesXml) {
    model.workbookRels.push({ id: uniqueRelId(model.workbookRels), type: REL_STYLES, target: relativeTarget(model.workbookPart, "xl/styles.xml") });
    model.stylesPart = "xl/styles.xml";
    model.contentTypesXml = addOverride(model.contentTypesXml, "/xl/styles.xml", CT_STYLES);
  }
  model.stylesXml = stylesXml;

  const existingParts = new Set(model.pkg ? [...model.pkg.entries.keys()].filter((p) => !model.dropped.has(p)) : []);
  const tableNames = new Set<string>(model.pkg && model.bytes ? existingTableNames(model.bytes, model.pkg, model.dropped) : []);
  for (const { attributes } of elements(model.workbookXml, "definedName")) tableNames.add((attribute(attributes, "name") ?? "").toLowerCase());
  let tableId = model.pkg && model.bytes ? maxTableId(model.bytes, model.pkg, model.dropped) : 0;
  let sheetId = Math.max(0, ...[...elements(model.workbookXml, "sheet")].map(({ attributes }) => Number(attribute(attributes, "sheetId") ?? 0)));
  let sheetNumber = maxPartNumber(existingParts, /^xl\/worksheets\/sheet(\d+)\.xml$/i);
  let tableNumber = maxPartNumber(existingParts, /^xl\/tables\/table(\d+)\.xml$/i);

  interface NewSheet { sheet: SheetToWrite; part: string; tablePart: string | null; tableName: string; tableId: number }
  const added: NewSheet[] = [];
  const sheetElements: string[] = [];
  for (const sheet of sheets) {
    const part = `xl/worksheets/sheet${++sheetNumber}.xml`;
    const relId = uniqueRelId(model.workbookRels);
    model.workbookRels.push({ id: relId, type: REL_WORKSHEET, target: relativeTarget(model.workbookPart, part) });
    model.contentTypesXml = addOverride(model.contentTypesXml, `/${part}`, CT_WORKSHEET);
    sheetElements.push(`<sheet name="${escapeXml(sheet.name)}" sheetId="${++sheetId}" r:id="${relId}"/>`);
    let tablePart: string | null = null;
    let tableName = "";
    if (sheet.asTable) {
      tablePart = `xl/tables/table${++tableNumber}.xml`;
      model.contentTypesXml = addOverride(model.contentTypesXml, `/${tablePart}`, CT_TABLE);
      tableName = uniqueTableName(sheet.name, tableNames);
    }
    added.push({ sheet, part, tablePart, tableName, tableId: sheet.asTable ? ++tableId : 0 });
  }
  model.workbookXml = addSheetElements(model.workbookXml, sheetElements);

  const zip = new ZipWriter(sink, options.compression);
  const level = options.level ?? 6;
  yield* zip.addText("[Content_Types].xml", model.contentTypesXml);
  const rewritten = new Map<string, string>([
    [model.workbookPart, model.workbookXml],
    [relsPartOf(model.workbookPart), relsXml(model.workbookRels)],
    [model.stylesPart, model.stylesXml],
  ]);
  if (model.pkg && model.bytes) {
    for (const entry of model.pkg.entries.values()) {
      if (model.dropped.has(entry.name) || entry.name === "[Content_Types].xml") continue;
      const text = rewritten.get(entry.name);
      if (text !== undefined) {
        yield* zip.addText(entry.name, text);
        rewritten.delete(entry.name);
      } else zip.copyRaw(model.bytes, entry);
    }
  } else {
    yield* zip.addText("_rels/.rels", relsXml([{ id: "rId1", type: `${NS_REL}/officeDocument`, target: "xl/workbook.xml" }]));
  }
  for (const [part, text] of rewritten) yield* zip.addText(part, text);
  const totalRows = added.reduce((sum, s) => sum + s.sheet.rows.length, 0);
  let rowsBefore = 0;
  const rowsWritten = (rows: number) => options.onProgress?.(totalRows ? (rowsBefore + rows) / totalRows : 1);
  for (const s of added) {
    yield* zip.addStream(s.part, (write) => sheetXml(s.sheet, styles, s.tablePart ? "rId1" : null, model.date1904, write, rowsWritten), level);
    rowsBefore += s.sheet.rows.length;
    if (s.tablePart) {
      yield* zip.addText(relsPartOf(s.part), relsXml([{ id: "rId1", type: REL_TABLE, target: relativeTarget(s.part, s.tablePart) }]));
      yield* zip.addText(s.tablePart, tableXml(s.sheet, s.tableName, s.tableId));
    }
  }
  zip.finish();
}

function newModel(): PackageModel {
  return {
    bytes: null, pkg: null, workbookPart: "xl/workbook.xml",
    workbookXml: `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets></sheets></workbook>`,
    workbookRels: [],
    contentTypesXml: `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${CT_WORKBOOK}"/></Types>`,
    stylesPart: "", stylesXml: "", dropped: new Set(), keptSheetNames: [], date1904: false,
  };
}

function modelFromBase(bytes: Uint8Array, replace: (name: string) => boolean): PackageModel {
  const pkg = openPackage(bytes);
  const info = readWorkbookInfo(bytes, pkg);
  const contentTypes = pkg.find("[Content_Types].xml");
  if (!contentTypes) throw new Error("the workbook has no content types part; save it from Excel as Excel Workbook (*.xlsx)");
  const workbookEntry = pkg.find(info.workbookPart) as ZipEntry;
  let workbookXml = entryText(bytes, workbookEntry);
  if (workbookXml.indexOf(NS_MAIN) < 0) throw new Error("the workbook is saved as Strict Open XML; save it as Excel Workbook (*.xlsx) to add results to it");
  const removed = info.sheets.filter((s) => replace(s.name));
  const removedIds = new Set(removed.map((s) => s.relId));
  const dropped = unreachableParts(bytes, pkg, info, removedIds);
  const calcChain = info.relationships.find((r) => r.type.endsWith("/calcChain"));
  // Cached calculation order may name cells of removed sheets; Excel rebuilds it.
  if (calcChain && removed.length) dropped.add(calcChain.part);
  const droppedRelIds = new Set(info.relationships.filter((r) => !r.external && dropped.has(r.part)).map((r) => r.id));
  const workbookRels: Rel[] = info.relationships.filter((r) => !droppedRelIds.has(r.id)).map((r) => ({ id: r.id, type: r.type, target: r.target, external: r.external }));
  workbookXml = removeSheets(workbookXml, info, removedIds);
  if (!/xmlns:r\s*=\s*"http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/.test(workbookXml)) {
    workbookXml = workbookXml.replace(/<((?:[\w.-]+:)?)workbook\b/, (m) => `${m} xmlns:r="${NS_REL}"`);
  }
  let contentTypesXml = entryText(bytes, contentTypes);
  for (const part of dropped) contentTypesXml = removeOverride(contentTypesXml, `/${part}`);
  const stylesRel = info.relationships.find((r) => r.type === REL_STYLES || r.type.endsWith("/styles"));
  const stylesEntry = stylesRel ? pkg.find(stylesRel.part) : undefined;
  return {
    bytes, pkg, workbookPart: info.workbookPart, workbookXml, workbookRels, contentTypesXml,
    stylesPart: stylesEntry?.name ?? "", stylesXml: stylesEntry ? entryText(bytes, stylesEntry) : "",
    dropped, keptSheetNames: info.sheets.filter((s) => !removedIds.has(s.relId)).map((s) => s.name), date1904: info.date1904,
  };
}

/** Parts reachable from removed sheets and from nothing else, with their relationship parts. */
function unreachableParts(bytes: Uint8Array, pkg: PackagePart, info: WorkbookInfo, removedIds: Set<string>): Set<string> {
  const walk = (starts: string[]): Set<string> => {
    const seen = new Set<string>();
    const queue = [...starts];
    while (queue.length) {
      const part = queue.pop() as string;
      if (seen.has(part) || !pkg.find(part)) continue;
      seen.add(part);
      for (const rel of readRelationships(bytes, pkg, part)) if (!rel.external) queue.push(rel.part);
    }
    return seen;
  };
  const kept = walk([
    ...readRelationships(bytes, pkg, "").filter((r) => !r.external && r.part !== info.workbookPart).map((r) => r.part),
    ...info.relationships.filter((r) => !r.external && !removedIds.has(r.id)).map((r) => r.part),
  ]);
  const removed = walk(info.relationships.filter((r) => removedIds.has(r.id)).map((r) => r.part));
  const dropped = new Set<string>();
  for (const part of removed) {
    if (kept.has(part)) continue;
    dropped.add(part);
    dropped.add(relsPartOf(part));
  }
  return dropped;
}

function removeSheets(xml: string, info: WorkbookInfo, removedIds: Set<string>): string {
  if (removedIds.size === 0) return xml;
  const newIndex = new Map<number, number>();
  let n = 0;
  info.sheets.forEach((s, i) => {
    if (!removedIds.has(s.relId)) newIndex.set(i, n++);
  });
  const removedNames = info.sheets.filter((s) => removedIds.has(s.relId)).map((s) => s.name.toLowerCase());
  xml = xml.replace(/<(?:[\w.-]+:)?sheet\s[^>]*?\/>/g, (element) => {
    const id = /\s[\w.-]+:id\s*=\s*"([^"]*)"/.exec(element)?.[1];
    return id && removedIds.has(id) ? "" : element;
  });
  xml = xml.replace(/<((?:[\w.-]+:)?)definedName\b([^>]*)>([\s\S]*?)<\/(?:[\w.-]+:)?definedName>/g, (element, _p: string, attrs: string, formula: string) => {
    const local = /localSheetId\s*=\s*"(\d+)"/.exec(attrs);
    if (local) {
      const target = newIndex.get(Number(local[1]));
      if (target === undefined) return "";
      element = element.replace(/localSheetId\s*=\s*"\d+"/, `localSheetId="${target}"`);
    }
    const refersToRemoved = removedNames.some((name) => formula.toLowerCase().includes(`${name}!`) || formula.toLowerCase().includes(`'${name.replace(/'/g, "''")}'!`));
    return refersToRemoved ? "" : element;
  });
  xml = xml.replace(/<((?:[\w.-]+:)?)definedNames\b[^>]*>\s*<\/(?:[\w.-]+:)?definedNames>/g, "");
  const kept = n;
  xml = xml.replace(/(activeTab|firstSheet)\s*=\s*"(\d+)"/g, (match, key: string, value: string) => {
    const target = newIndex.get(Number(value));
    return `${key}="${target !== undefined && target < kept ? target : 0}"`;
  });
  return xml;
}

function addSheetElements(xml: string, elementsXml: string[]): string {
  const close = /<\/((?:[\w.-]+:)?)sheets>/.exec(xml);
  if (close) {
    const prefix = close[1];
    const added = elementsXml.map((e) => e.replace(/^<sheet/, `<${prefix}sheet`)).join("");
    return xml.slice(0, close.index) + added + xml.slice(close.index);
  }
  const empty = /<((?:[\w.-]+:)?)sheets\s*\/>/.exec(xml);
  if (!empty) throw new Error("the workbook part lists no sheets");
  const prefix = empty[1];
  return xml.replace(empty[0], () => `<${prefix}sheets>${elementsXml.map((e) => e.replace(/^<sheet/, `<${prefix}sheet`)).join("")}</${prefix}sheets>`);
}

function addOverride(xml: string, partName: string, contentType: string): string {
  const override = `<Override PartName="${partName}" ContentType="${contentType}"/>`;
  return xml.replace(/<\/((?:[\w.-]+:)?)Types>/, (close) => override + close);
}

function removeOverride(xml: string, partName: string): string {
  return xml.replace(/<(?:[\w.-]+:)?Override\s[^>]*?\/>/g, (element) => (attribute(element.slice(element.indexOf(" ")), "PartName")?.toLowerCase() === partName.toLowerCase() ? "" : element));
}

function relsXml(rels: readonly Rel[]): string {
  const items = rels.map((r) => `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(r.target)}"${r.external ? ' TargetMode="External"' : ""}/>`);
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${items.join("")}</Relationships>`;
}

function uniqueRelId(rels: readonly Rel[]): string {
  const ids = new Set(rels.map((r) => r.id));
  let n = rels.length + 1;
  while (ids.has(`rId${n}`)) n++;
  return `rId${n}`;
}

/** A target relative to the folder of `fromPart` (both inside xl/ in practice). */
function relativeTarget(fromPart: string, part: string): string {
  const from = fromPart.split("/").slice(0, -1);
  const to = part.split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => ".."), ...to.slice(common)].join("/");
}

function maxPartNumber(parts: Set<string>, pattern: RegExp): number {
  let max = 0;
  for (const part of parts) {
    const match = pattern.exec(part);
    if (match) max = Math.max(max, Number(match[1]));
  }
  return max;
}

function tableParts(bytes: Uint8Array, pkg: PackagePart, dropped: Set<string>): string[] {
  return [...pkg.entries.values()]
    .filter((e) => /^xl\/tables\/[^/]+\.xml$/i.test(e.name) && !dropped.has(e.name))
    .map((e) => {
      const xml = entryText(bytes, e);
      return /<(?:[\w.-]+:)?table\b([^>]*)>/.exec(xml)?.[1] ?? "";
    });
}

function existingTableNames(bytes: Uint8Array, pkg: PackagePart, dropped: Set<string>): string[] {
  return tableParts(bytes, pkg, dropped).flatMap((attrs) => [attribute(attrs, "name"), attribute(attrs, "displayName")]).filter((n): n is string => !!n).map((n) => n.toLowerCase());
}

function maxTableId(bytes: Uint8Array, pkg: PackagePart, dropped: Set<string>): number {
  return Math.max(0, ...tableParts(bytes, pkg, dropped).map((attrs) => Number(attribute(attrs, "id") ?? 0)));
}

/** A table name Excel accepts (letters, digits, _; not a cell reference) that no other table or name uses. */
function uniqueTableName(sheetName: string, taken: Set<string>): string {
  let base = sheetName.replace(/[^A-Za-z0-9_]/g, "_");
  if (!/^[A-Za-z_]/.test(base) || /^[A-Za-z]{1,3}\d+$/.test(base) || /^[RrCc]\d*$/.test(base)) base = `_${base}`;
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function tableXml(sheet: SheetToWrite, name: string, id: number): string {
  const lastColumn = columnLetters(Math.max(0, sheet.columns.length - 1));
  // A table needs at least one data row; an empty one keeps a blank row.
  const ref = `A1:${lastColumn}${Math.max(2, sheet.rows.length + 1)}`;
  const columns = sheet.columns.map((c, i) => `<tableColumn id="${i + 1}" name="${escapeXml(headerText(c.name))}"/>`).join("");
  return `${XML_HEAD}<table xmlns="${NS_MAIN}" id="${id}" name="${name}" displayName="${name}" ref="${ref}" totalsRowShown="0"><autoFilter ref="${ref}"/><tableColumns count="${sheet.columns.length}">${columns}</tableColumns><tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`;
}

/** Header cells of a table must be text without line breaks. */
function headerText(name: string): string {
  return name.replace(/[\r\n]+/g, " ");
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A sheet's XML, piece by piece through `write`; after each row that completed a piece it tells how many rows are written and yields. */
function* sheetXml(
  sheet: SheetToWrite, styles: OutputStyles, tableRelId: string | null, date1904: boolean, write: (chunk: Uint8Array) => void, rowsWritten: (rows: number) => void,
): Generator<void, void, void> {
  const dateOffset = date1904 ? DAYS_1904 : 0;
  // A sheet has few distinct dates and many rows: convert each date once.
  const serials = new Map<string, string>();
  const serialOf = (iso: string) => {
    let serial = serials.get(iso);
    if (serial === undefined) serials.set(iso, (serial = String(isoToExcelSerial(iso) - dateOffset)));
    return serial;
  };
  const columnCount = sheet.columns.length;
  const letters = sheet.columns.map((_, i) => columnLetters(i));
  const lastRow = Math.max(2, sheet.rows.length + 1);
  let out =
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    `<dimension ref="A1:${letters[columnCount - 1] ?? "A"}${lastRow}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>`;
  // The column's format also applies to cells a user types later.
  if (columnCount) out += `<cols>${sheet.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${columnWidth(c, sheet.rows, i)}" style="${styles[c.kind]}" customWidth="1"/>`).join("")}</cols>`;
  out += `<sheetData><row r="1">`;
  for (let i = 0; i < columnCount; i++) out += textCell(headerText(sheet.columns[i].name), styles.text, ` r="${letters[i]}1"`);
  out += "</row>";
  // Every deflater uses or copies a piece before `push` returns (zip.ts), so one buffer serves the whole sheet.
  let written = 0;
  const pieces = new Utf8Pieces((chunk) => {
    written++;
    write(chunk);
  }, 1 << 20, "reuse");
  let yielded = 0;
  pieces.text(out);
  const cells = new SheetRow(pieces, sheet.columns.map((c) => c.kind), styles, letters, serialOf);
  const rowStart = encodeText("<row r=\"");
  const rowOpened = encodeText("\">");
  const rowEnd = encodeText("</row>");
  const { rows } = sheet;
  for (let r = 0; r < rows.length; r++) {
    const rowNumber = String(r + 2);
    pieces.bytes(rowStart);
    pieces.text(rowNumber);
    pieces.bytes(rowOpened);
    cells.begin(rowNumber);
    if (rows.writeRow) rows.writeRow(r, cells);
    else {
      const row = rows.at(r) ?? [];
      for (let c = 0; c < columnCount; c++) cells.text(row[c] ?? null);
    }
    pieces.bytes(rowEnd);
    if (written !== yielded) {
      yielded = written;
      rowsWritten(r + 1);
      yield;
    }
  }
  out = "</sheetData>";
  if (tableRelId) out += `<tableParts count="1"><tablePart r:id="${tableRelId}"/></tableParts>`;
  out += "</worksheet>";
  pieces.text(out);
  pieces.flush();
}

const encoder = new TextEncoder();
const encodeText = (text: string): Uint8Array => encoder.encode(text);

/**
 * A row's cells as sheet XML, each as its column's fixed parts around the row number and the value. Empty
 * cells are left out; Excel could place an unreferenced cell by position, but other readers need the reference.
 */
class SheetRow implements CellWriter {
  private count = 0;
  private rowNumber = "";
  /** The row number's digits, written into every cell reference of the row. */
  private readonly rowDigits = new Uint8Array(16);
  private rowLength = 0;
  private readonly opening: Uint8Array[];
  private readonly valueStart: Uint8Array[];
  private readonly textStart: Uint8Array;
  private readonly valueEnd = encodeText("</v></c>");
  private readonly textEnd = encodeText("</t></is></c>");

  constructor(
    private readonly pieces: Utf8Pieces, private readonly kinds: readonly ColumnKind[], private readonly styles: OutputStyles,
    private readonly letters: readonly string[], private readonly serialOf: (iso: string) => string,
  ) {
    this.opening = letters.map((l) => encodeText(`<c r="${l}`));
    this.valueStart = kinds.map((kind) => encodeText(`" s="${styles[kind]}"><v>`));
    this.textStart = encodeText(`" s="${styles.text}" t="inlineStr"><is><t>`);
  }

  begin(rowNumber: string): void {
    this.count = 0;
    this.rowNumber = rowNumber;
    this.rowLength = rowNumber.length;
    for (let i = 0; i < rowNumber.length; i++) this.rowDigits[i] = rowNumber.charCodeAt(i);
  }

  text(value: string | null): void {
    const c = this.count++;
    if (value === null || value === undefined || value === "" || c >= this.kinds.length) return;
    const { pieces } = this;
    const kind = this.kinds[c];
    if (kind === "text") {
      // Plain ASCII text goes out as it is, in one go; anything to escape (or spaces to keep) the long way.
      if (value.length <= MAX_CELL_TEXT && !startsOrEndsWithSpace(value) && pieces.framedAscii(this.opening[c], this.rowDigits, this.rowLength, this.textStart, value, XML_ESCAPED, this.textEnd)) return;
      pieces.text(textCell(value, this.styles.text, ` r="${this.letters[c]}${this.rowNumber}"`));
    } else if (kind === "date" ? ISO_DATE.test(value) : PLAIN_NUMBER.test(value)) {
      // Digits, a sign and a point, a few dozen bytes in all: this cell always goes out in one go.
      pieces.framedAscii(this.opening[c], this.rowDigits, this.rowLength, this.valueStart[c], kind === "date" ? this.serialOf(value) : value, NO_MARKUP, this.valueEnd);
    } else pieces.text(textCell(value, this.styles.text, ` r="${this.letters[c]}${this.rowNumber}"`));
  }

  decimal(units: number, scale: number, minPlaces: number): void {
    const kind = this.kinds[this.count];
    if (kind === "text" || kind === "date" || kind === undefined) {
      this.text(plainDecimal(units, scale, minPlaces));
      return;
    }
    const c = this.count++;
    // A number cell: its digits straight into the piece, no text made.
    const { pieces } = this;
    pieces.bytes(this.opening[c]);
    pieces.bytes(this.rowDigits, this.rowLength);
    pieces.bytes(this.valueStart[c]);
    pieces.decimal(units, scale, minPlaces);
    pieces.bytes(this.valueEnd);
  }
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** Numbers and date serials hold no character to escape. */
const NO_MARKUP = new Uint8Array(128);

/** ASCII characters a text cell cannot hold as they are: markup, control characters, and `_` (of Excel's _xHHHH_ escapes). */
const XML_ESCAPED = new Uint8Array(128);
for (let c = 0; c < 32; c++) if (c !== 9 && c !== 10 && c !== 13) XML_ESCAPED[c] = 1;
for (const c of "&<>\"_") XML_ESCAPED[c.charCodeAt(0)] = 1;

/** Excel holds at most 32,767 characters in a cell. */
const MAX_CELL_TEXT = 32_767;

function textCell(value: string, style: number, ref: string): string {
  const text = value.length > MAX_CELL_TEXT ? value.slice(0, MAX_CELL_TEXT) : value;
  const space = startsOrEndsWithSpace(text) ? ' xml:space="preserve"' : "";
  return `<c${ref} s="${style}" t="inlineStr"><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

function columnWidth(column: OutputColumn, rows: RowSource, index: number): number {
  let width = column.name.length + 3;
  if (column.kind === "amount") width = Math.max(width, 14);
  if (column.kind === "date") width = Math.max(width, 11);
  for (let r = 0; r < Math.min(rows.length, 200); r++) width = Math.max(width, Math.min(60, (rows.at(r)?.[index]?.length ?? 0) + 2));
  return width;
}
