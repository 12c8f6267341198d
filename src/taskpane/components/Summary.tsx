import { Badge, Card, CardHeader, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { RunOutcome } from "../../host/host";

const useStyles = makeStyles({
  grid: { display: "grid", gridTemplateColumns: "1fr auto", rowGap: "4px", columnGap: "12px" },
  value: { textAlign: "right", fontVariantNumeric: "tabular-nums" },
  fail: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

/** The run at a glance: vouchers, balance, proposals, invoices, cutover and issues. */
export function Summary({ outcome }: { outcome: RunOutcome }) {
  const styles = useStyles();
  const s = outcome.summary;
  const currency = outcome.accountingCurrency ? ` ${outcome.accountingCurrency}` : "";
  const rows: [string, string, boolean?][] = [
    ["Journal lines", `${s.journalLines.toLocaleString()}${s.blockedLines ? ` (${s.blockedLines.toLocaleString()} blocked)` : ""}`, s.blockedLines > 0],
    ["Vouchers", `${s.vouchers.toLocaleString()} (${s.voucherLines.toLocaleString()} lines)`],
    ["Balanced", s.balanced ? "Every voucher" : "NO", !s.balanced],
    ["Invoice proposals", s.proposals.toLocaleString()],
    ["Posted invoices", s.invoices.toLocaleString()],
  ];
  if (s.cutover) {
    rows.push(["Cutover checks failed", String(s.cutover.failed), s.cutover.failed > 0]);
    rows.push(["Ledger impact", `${s.cutover.ledgerImpact}${currency}`, s.cutover.ledgerImpact !== "0.00"]);
  }
  return (
    <Card aria-label="Summary">
      <CardHeader
        header={<Text as="h2" weight="semibold" size={300}>Summary</Text>}
        action={
          <span>
            {s.errors > 0 && <Badge color="danger">{s.errors} {s.errors === 1 ? "error" : "errors"}</Badge>}{" "}
            {s.warnings > 0 && <Badge color="warning">{s.warnings} {s.warnings === 1 ? "warning" : "warnings"}</Badge>}
            {s.errors === 0 && s.warnings === 0 && <Badge color="success">No issues</Badge>}
          </span>
        }
      />
      <div className={styles.grid}>
        {rows.map(([label, value, bad]) => (
          <div key={label} style={{ display: "contents" }}>
            <Text>{label}</Text>
            <Text className={`${styles.value} ${bad ? styles.fail : ""}`} data-testid={`summary-${label.toLowerCase().replace(/\s+/g, "-")}`}>{value}</Text>
          </div>
        ))}
      </div>
    </Card>
  );
}
