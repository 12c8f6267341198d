/**
 * GL vouchers as a plain-text hledger/ledger journal, so that an independent accounting tool can
 * check that every voucher balances and re-derive the trial balance (SPEC §6 `--journal`).
 * Accounts are main account numbers; amounts are in the accounting currency; the transaction
 * currency amount, rate and posting type travel as a comment.
 */
import type { OutputTable } from "../../engine/workbook";

export function formatLedgerJournal(glVouchers: OutputTable, accountingCurrency: string): string {
  const col = (name: string) => glVouchers.columns.findIndex((c) => c.name === name);
  const [voucher, date, source, sourceId, account, postingType, project, currency, amount, rate, accounting] = [
    "Voucher", "Date", "Source", "Source id", "Main account", "Posting type", "Project", "Currency", "Amount", "Exchange rate", "Accounting amount",
  ].map(col);
  const commodity = /^[A-Za-z]+$/.test(accountingCurrency) ? accountingCurrency : `"${accountingCurrency}"`;
  const clean = (text: string | null) => (text ?? "").replace(/[\r\n;]+/g, " ").replace(/\s+/g, " ").trim();
  const out: string[] = [`; GL vouchers in ${accountingCurrency}`, ""];
  let current: string | null = null;
  for (let i = 0; i < glVouchers.rows.length; i++) {
    const row = glVouchers.rows.at(i) ?? [];
    if (row[voucher] !== current) {
      if (current !== null) out.push("");
      current = row[voucher];
      out.push(`${row[date]} (${clean(row[voucher])}) ${clean(row[source])} ${clean(row[sourceId])}`);
    }
    out.push(`    ${clean(row[account]).replace(/ /g, "_")}    ${row[accounting]} ${commodity}  ; ${clean(row[postingType])}, ${clean(row[currency])} ${row[amount]} @ ${row[rate]}, project: ${clean(row[project])}`);
  }
  out.push("");
  return out.join("\n");
}
