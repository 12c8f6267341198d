/**
 * Cell styles: which style indices show a date (so their numbers read as dates), and appending the
 * number formats the output sheets need to a workbook's own styles part.
 */
import { attribute, elements, escapeXml, unescapeXml } from "./xml";

/** Built-in number formats that are dates or times (ECMA-376 §18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Whether a custom format code shows a date or time: d, m, y, h or s outside quotes, brackets and escapes. */
export function isDateFormatCode(code: string): boolean {
  const stripped = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, "");
  return /[dmyhs]/i.test(stripped);
}

export function dateStyles(stylesXml: string): (style: number) => boolean {
  if (!stylesXml) return () => false;
  const custom = new Map<number, string>();
  for (const { attributes } of elements(stylesXml, "numFmt")) {
    custom.set(Number(attribute(attributes, "numFmtId")), unescapeXml(attribute(attributes, "formatCode") ?? ""));
  }
  const cellXfs = [...elements(stylesXml, "cellXfs")][0];
  const flags: boolean[] = [];
  if (cellXfs) {
    for (const { attributes } of elements(cellXfs.inner, "xf")) {
      const id = Number(attribute(attributes, "numFmtId") ?? 0);
      const code = custom.get(id);
      flags.push(code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id));
    }
  }
  return (style) => flags[style] === true;
}

/** The formats output cells use, by column kind. */
export interface OutputStyles {
  readonly text: number;
  readonly integer: number;
  readonly amount: number;
  readonly number: number;
  readonly date: number;
}

const AMOUNT_FORMAT = "#,##0.00";
const DATE_FORMAT = "yyyy-mm-dd";

/** A complete styles part for a new workbook. */
export function newStylesXml(): { xml: string; styles: OutputStyles } {
  const xml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<numFmts count="2"><numFmt numFmtId="164" formatCode="${AMOUNT_FORMAT}"/><numFmt numFmtId="165" formatCode="${DATE_FORMAT}"/></numFmts>` +
    `<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
    `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
    `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
    `<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
    `<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
    `<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
    `<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
    `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
    `</styleSheet>`;
  return { xml, styles: { text: 1, integer: 2, amount: 3, number: 4, date: 5 } };
}

/**
 * Adds the output formats to an existing styles part: custom number formats with ids above every existing one,
 * and five cell formats after the existing ones. What an earlier run added (the same formats, the same five cell
 * formats in a row) is used again rather than added once more, so that a workbook run again and again keeps one
 * set. Nothing existing changes.
 */
export function extendStylesXml(xml: string): { xml: string; styles: OutputStyles } {
  // The cell number formats are those of <numFmts>; a <dxf> (conditional or table format) has its own, which a cell
  // format cannot use, but whose ids a new format must still not take.
  const numFmts = /<((?:[\w.-]+:)?)numFmts([^>]*?)(\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?numFmts>)/.exec(xml);
  const formats = [...elements(numFmts?.[4] ?? "", "numFmt")].map(({ attributes }) => ({
    id: Number(attribute(attributes, "numFmtId") ?? 0), code: attribute(attributes, "formatCode") ?? "",
  }));
  const everyId = [...elements(xml, "numFmt")].map(({ attributes }) => Number(attribute(attributes, "numFmtId") ?? 0));
  let nextId = Math.max(163, ...everyId) + 1;
  const added: string[] = [];
  const formatId = (code: string): number => {
    const found = formats.find((f) => f.code === code);
    if (found) return found.id;
    const id = nextId++;
    added.push(`<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    return id;
  };
  const amountId = formatId(AMOUNT_FORMAT);
  const dateId = formatId(DATE_FORMAT);
  if (added.length) {
    if (numFmts) {
      const prefix = numFmts[1];
      const count = formats.length + added.length;
      xml = xml.replace(numFmts[0], () => `<${prefix}numFmts count="${count}">${numFmts[4] ?? ""}${added.join("").replace(/<numFmt/g, `<${prefix}numFmt`)}</${prefix}numFmts>`);
    } else {
      const open = /<((?:[\w.-]+:)?)styleSheet\b[^>]*>/.exec(xml);
      if (!open) throw new Error("the workbook's styles part is not readable");
      xml = xml.replace(open[0], () => `${(open as RegExpExecArray)[0]}<${open[1]}numFmts count="${added.length}">${added.join("").replace(/<numFmt/g, `<${open[1]}numFmt`)}</${open[1]}numFmts>`);
    }
  }
  const cellXfs = /<((?:[\w.-]+:)?)cellXfs([^>]*?)>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(xml);
  if (!cellXfs) throw new Error("the workbook's styles part has no cell formats");
  const prefix = cellXfs[1];
  const wanted = [49, 1, amountId, 0, dateId];
  // Each existing cell format as the key of what it is; ours are plain number formats on the default font, fill and border.
  const plain = (fmt: number) => `${fmt}|0|0|0|0|1`;
  const keys = [...elements(cellXfs[3], "xf")].map(({ attributes, inner }) => inner.trim() ? null
    : [attribute(attributes, "numFmtId"), attribute(attributes, "fontId"), attribute(attributes, "fillId"), attribute(attributes, "borderId"), attribute(attributes, "xfId"), attribute(attributes, "applyNumberFormat")].join("|"));
  for (let k = 0; k + wanted.length <= keys.length; k++) {
    if (wanted.every((fmt, i) => keys[k + i] === plain(fmt))) return { xml, styles: { text: k, integer: k + 1, amount: k + 2, number: k + 3, date: k + 4 } };
  }
  const existing = keys.length;
  const xf = (fmt: number) => `<${prefix}xf numFmtId="${fmt}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`;
  const appended = wanted.map(xf).join("");
  xml = xml.replace(cellXfs[0], () => `<${prefix}cellXfs count="${existing + 5}">${cellXfs[3]}${appended}</${prefix}cellXfs>`);
  return { xml, styles: { text: existing, integer: existing + 1, amount: existing + 2, number: existing + 3, date: existing + 4 } };
}
