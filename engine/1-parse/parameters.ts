/**
 * The Parameters sheet: Key/Value rows, keys matched like column names (SPEC §3). Unknown keys are
 * a warning; a missing key takes its documented default (PARAMETER_KEYS).
 */
import type { InputWorkbook } from "../workbook";
import type { IssueLog } from "../core/issues";
import type { IsoDate } from "../core/dates";
import { isEmptyCell, normalizeName, readChoice, readDate, readText, readYesNo } from "./cells";
import { findSheet, locateSheet } from "./sheets";
import { DimensionRegistry } from "./dimensions";
import { PARAMETERS, PARAMETER_KEYS, type ParameterSpec } from "./schema";
import type { CellValue } from "../workbook";
import type { ItemSalesTaxGroupMethod, JournalPeriod, Parameters, SalesTaxGroupMethod } from "./model";

export function readParameters(book: InputWorkbook, issues: IssueLog): Parameters | null {
  if (!findSheet(book, PARAMETERS.name)) {
    issues.error(PARAMETERS.name, null, "", "The workbook has no Parameters sheet; add one with the columns Key and Value (at least the Accounting currency).");
    return null;
  }
  const sheet = locateSheet(book, PARAMETERS, issues, new DimensionRegistry());
  if (!sheet) return null;
  const keyIndex = sheet.columns.get("Key") as number;
  const valueIndex = sheet.columns.get("Value") as number;
  const found = new Map<string, { value: CellValue; row: number }>();
  for (let i = 1; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i];
    const keyCell = cells[keyIndex] ?? null;
    if (isEmptyCell(keyCell)) continue;
    const row = sheet.firstRow + i;
    const title = String(keyCell).trim();
    const spec = PARAMETER_KEYS.find((p) => normalizeName(p.key) === normalizeName(title));
    if (!spec) {
      issues.warning(sheet.name, row, "Key", `Unknown parameter '${title}' is ignored; known keys: ${PARAMETER_KEYS.map((p) => p.key).join(", ")}`);
      continue;
    }
    if (found.has(spec.key)) {
      issues.warning(sheet.name, row, "Key", `Parameter '${spec.key}' is set twice; row ${found.get(spec.key)?.row} is used`);
      continue;
    }
    found.set(spec.key, { value: cells[valueIndex] ?? null, row });
  }

  const get = (key: string): { text: string; row: number | null; spec: ParameterSpec } => {
    const spec = PARAMETER_KEYS.find((p) => p.key === key) as ParameterSpec;
    const entry = found.get(key);
    if (!entry || isEmptyCell(entry.value)) return { text: spec.default, row: entry?.row ?? null, spec };
    const text = readText(entry.value);
    if (text.ok) return { text: text.value, row: entry.row, spec };
    // An unreadable value (an Excel error, say) is an error on its row; the key then reads as not set.
    issues.once(`parameter:${key}`, "Error", sheet.name, entry.row, "Value",
      `Parameter '${key}': ${text.message}; ${spec.default ? `the default '${spec.default}' is used` : "it counts as not set"}`);
    return { text: spec.default, row: entry.row, spec };
  };
  const invalid = (key: string, row: number | null, message: string, fallback: string) =>
    issues.error(sheet.name, row, "Value", `Parameter '${key}': ${message}; '${fallback}' is used`);

  const choice = <T extends string>(key: string): T => {
    const { text, row, spec } = get(key);
    const result = readChoice(text, spec.choices as readonly T[]);
    if (result.ok) return result.value;
    invalid(key, row, result.message, spec.default);
    return spec.default as T;
  };
  const yesNo = (key: string): boolean => {
    const { text, row, spec } = get(key);
    const result = readYesNo(text);
    if (result.ok) return result.value;
    invalid(key, row, result.message, spec.default);
    return spec.default === "Yes";
  };
  const text = (key: string): string | null => get(key).text || null;
  const date = (key: string): IsoDate | null => {
    const entry = found.get(key);
    if (!entry || isEmptyCell(entry.value)) return null;
    const result = readDate(entry.value, book.date1904 ?? false);
    if (result.ok) return result.value;
    issues.error(sheet.name, entry.row, "Value", `Parameter '${key}': ${result.message}`);
    return null;
  };

  const accountingCurrency = text("Accounting currency");
  if (!accountingCurrency) {
    issues.error(sheet.name, found.get("Accounting currency")?.row ?? null, "Value", "Parameter 'Accounting currency' is required: add a row with Key 'Accounting currency' and the ledger currency, e.g. USD. Nothing can be posted without it.");
    return null;
  }
  return {
    legalEntity: text("Legal entity") ?? "",
    accountingCurrency,
    salesTaxGroupMethod: choice<SalesTaxGroupMethod>("Sales tax group method"),
    itemSalesTaxGroupMethod: choice<ItemSalesTaxGroupMethod>("Item sales tax group method"),
    fixedRateAgreementsEnabled: yesNo("Fixed rate agreements enabled"),
    salesTaxCalculation: choice<"Line" | "Total">("Sales tax calculation"),
    milestoneItemSalesTaxGroup: text("Milestone item sales tax group"),
    pennyDifferenceAccount: text("Penny difference account"),
    proposalNumberAllowsLower: yesNo("Proposal number allows lower"),
    proposalNumberAllowsHigher: yesNo("Proposal number allows higher"),
    journalPeriod: choice<JournalPeriod>("Journal period"),
    goLiveDate: date("Go-live date"),
    maintenanceMode: yesNo("Maintenance mode"),
    financeVersion: text("Finance version"),
  };
}
