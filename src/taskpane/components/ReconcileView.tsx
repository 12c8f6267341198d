import { Badge, Button, Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { CellLocation, ReconciliationView } from "../../host/host";

const useStyles = makeStyles({
  counts: { display: "flex", flexWrap: "wrap", gap: "4px", margin: "4px 0" },
  list: { display: "flex", flexDirection: "column", gap: "2px", maxHeight: "320px", overflowY: "auto" },
  item: { justifyContent: "flex-start", textAlign: "left", height: "auto", padding: "6px 8px", minWidth: 0, width: "100%" },
  static: { padding: "6px 8px" },
  body: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0 },
  head: { color: tokens.colorPaletteRedForeground1 },
  text: { whiteSpace: "normal", wordBreak: "break-word" },
});

/** The reconciliation with Finance's posted vouchers: counts per status and the pairs that differ. */
export function ReconcileView({ view, onSelect, selectable }: { view: ReconciliationView; onSelect: (location: CellLocation) => void; selectable: boolean }) {
  const styles = useStyles();
  const c = view.counts;
  return (
    <section aria-label="Reconciliation">
      <Text as="h2" block weight="semibold" size={300}>Reconciliation with posted vouchers</Text>
      <div className={styles.counts}>
        <Badge color="success">{c.Match ?? 0} match</Badge>
        <Badge color={(c.Difference ?? 0) ? "danger" : "informative"}>{c.Difference ?? 0} differ</Badge>
        <Badge color={(c["Only simulated"] ?? 0) ? "danger" : "informative"}>{c["Only simulated"] ?? 0} only simulated</Badge>
        <Badge color={(c["Only posted"] ?? 0) ? "danger" : "informative"}>{c["Only posted"] ?? 0} only posted</Badge>
      </div>
      {view.differing.length === 0 ? (
        <Caption1>Everything Finance posted matches the simulation.</Caption1>
      ) : (
        <div className={styles.list} role="list">
          {view.differing.map((d) => {
            const body = (
              <span className={styles.body}>
                <Caption1 className={styles.head}>{d.status} · {d.sourceId} · {d.mainAccount}{d.postingType ? ` · ${d.postingType}` : ""}</Caption1>
                <Text size={200}>Simulated {d.simulated || "—"} · posted {d.posted || "—"} · difference {d.difference}</Text>
                {d.explanation && <Text size={200} className={styles.text}>{d.explanation}</Text>}
              </span>
            );
            return selectable ? (
              <div key={d.row} role="listitem">
                <Button appearance="subtle" className={styles.item} title="Select this row on the Reconciliation sheet"
                  onClick={() => onSelect({ sheet: "Reconciliation", row: d.row, column: "Status" })}>{body}</Button>
              </div>
            ) : (
              <div key={d.row} role="listitem" className={styles.static}>{body}</div>
            );
          })}
        </div>
      )}
    </section>
  );
}
