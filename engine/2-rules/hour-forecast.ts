/**
 * General-ledger preview of forecast revenue (SPEC §4 "Hour forecasts", DOMAIN.md §7.5): hours ×
 * sales price in contract currency, converted like any sales amount. The seeds' example: 7 h × 250 GBP
 * at the fixed rate 125 = 1,750 GBP = 2,187.50 USD.
 */
import type { Decimal } from "../core/decimal";
import { roundTo } from "../core/money";
import type { IssueLog } from "../core/issues";
import type { HourForecast } from "../1-parse/model";
import { missingReference, type ParsedWorkbook } from "../1-parse/read-workbook";
import { currencyProblem, currencyRounding, rateProblem, resolveExchangeRate, toAccountingAmount, type AppliedRate, type RateTable } from "./currency";

export interface ForecastPreviewLine {
  readonly forecast: HourForecast;
  readonly amount: Decimal;
  readonly currency: string;
  readonly rate: AppliedRate | null;
  readonly accountingAmount: Decimal | null;
}

export function previewHourForecasts(book: ParsedWorkbook, rates: RateTable, issues: IssueLog): ForecastPreviewLine[] {
  const sheet = book.sheets.get("HourForecasts") ?? "HourForecasts";
  const accounting = book.parameters.accountingCurrency;
  return book.hourForecasts.map((forecast) => {
    const project = book.projects.get(forecast.project);
    if (!project) issues.error(sheet, forecast.row, "Project", missingReference(book, "Projects", "project", forecast.project, "add it to Projects or correct the forecast"));
    if (!book.categories.has(forecast.category)) issues.warning(sheet, forecast.row, "Category", `Unknown category '${forecast.category}'`);
    const contract = project ? book.contracts.get(project.contract) : undefined;
    if (project && !contract) issues.error(sheet, forecast.row, "Project", `Project ${project.id} has contract '${project.contract}', which Contracts does not list`);
    const currency = contract?.currency ?? "";
    const amount = roundTo(forecast.hours.times(forecast.salesPrice), currencyRounding(book, currency));
    let rate: AppliedRate | null = null;
    if (contract) {
      const query = { currency, date: forecast.date, contract: contract.id };
      const unknownRounding = currencyProblem(book, currency) ?? currencyProblem(book, accounting);
      rate = unknownRounding ? null : resolveExchangeRate(book, rates, query);
      if (unknownRounding) issues.error(sheet, forecast.row, "Sales price", unknownRounding);
      else if (!rate) issues.error(sheet, forecast.row, "Date", rateProblem(book, rates, query));
    }
    const accountingAmount = rate ? toAccountingAmount(amount, rate, currencyRounding(book, accounting)) : null;
    return { forecast, amount, currency, rate, accountingAmount };
  });
}
