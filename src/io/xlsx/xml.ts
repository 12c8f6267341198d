/** Just enough XML for SpreadsheetML parts: escaping, unescaping and attributes. */

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
/** Excel writes characters XML 1.0 cannot hold as _xHHHH_. */
const EXCEL_ESCAPE = /_x([0-9a-fA-F]{4})_/g;

/** A character reference past U+10FFFF: no character, so the part that holds it is damaged. The reader says where. */
export class NotACharacter extends Error {
  constructor(readonly reference: string, where = "its text") {
    super(`the workbook is damaged: '${reference}' in ${where} is not a character; open it in Excel and save it again`);
  }
}

/** Unescapes XML text; a reference to no character throws `NotACharacter`. */
export function unescapeXml(text: string): string {
  if (text.indexOf("&") >= 0) {
    text = text.replace(ENTITY, (reference: string, dec: string, hex: string, name: string) => {
      if (name) return NAMED[name];
      const code = dec ? Number(dec) : parseInt(hex, 16);
      if (!(code <= 0x10ffff)) throw new NotACharacter(reference);
      return String.fromCodePoint(code);
    });
  }
  if (text.indexOf("_x") >= 0) text = text.replace(EXCEL_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return text;
}

// eslint-disable-next-line no-control-regex
const INVALID_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/_x([0-9a-fA-F]{4})_/g, "_x005F_x$1_")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(INVALID_XML_CHAR, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}_`);
}

/** The value of attribute `name` in an element's attribute text, unescaped; null when absent. */
export function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  if (!match) return null;
  return unescapeXml(match[1] ?? match[2]);
}

/** Every element `<prefix:local …>` (any namespace prefix) with its attribute text and inner text. */
export function* elements(xml: string, local: string): Generator<{ attributes: string; inner: string }> {
  const pattern = new RegExp(`<(?:[\\w.-]+:)?${local}(\\s[^>]*?)?(?:\\/>|>([\\s\\S]*?)<\\/(?:[\\w.-]+:)?${local}>)`, "g");
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(xml)) !== null) yield { attributes: match[1] ?? "", inner: match[2] ?? "" };
}

/** The concatenated text of all `<t>` runs of a string item, leaving out phonetic runs (`<rPh>`). */
export function stringItemText(inner: string): string {
  // The usual item is one plain run, <t>…</t> or <t xml:space="preserve">…</t>: read it without patterns.
  if (inner.charCodeAt(0) === 60 && inner.charCodeAt(1) === 116 && (inner.charCodeAt(2) === 62 || inner.charCodeAt(2) === 32)) {
    const open = inner.indexOf(">");
    const close = inner.indexOf("</t>", open);
    if (inner.charCodeAt(open - 1) !== 47 && close === inner.length - 4 && inner.indexOf("<", open) === close) return unescapeXml(inner.slice(open + 1, close));
  }
  if (inner.indexOf("<rPh") >= 0) inner = inner.replace(/<(?:[\w.-]+:)?rPh[\s>][\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, "");
  let text = "";
  for (const t of elements(inner, "t")) text += t.inner;
  return unescapeXml(text);
}

/** Resolves a relationship target against the folder of the part that holds the relationship. */
export function resolvePartPath(fromPart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = fromPart.split("/").slice(0, -1);
  for (const segment of target.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== ".") parts.push(segment);
  }
  return parts.join("/");
}

/** Column letters for a zero-based column index: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = "";
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Zero-based column index of a cell reference like `AB12`. */
export function columnIndex(reference: string): number {
  let n = 0;
  for (let i = 0; i < reference.length; i++) {
    const c = reference.charCodeAt(i);
    if (c < 65 || c > 90) {
      if (c >= 97 && c <= 122) {
        n = n * 26 + (c - 96);
        continue;
      }
      break;
    }
    n = n * 26 + (c - 64);
  }
  return n - 1;
}
