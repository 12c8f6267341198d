import { Button, Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Issue } from "../../../engine";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: "2px", maxHeight: "320px", overflowY: "auto" },
  item: { justifyContent: "flex-start", textAlign: "left", height: "auto", padding: "6px 8px", minWidth: 0, width: "100%" },
  static: { padding: "6px 8px" },
  body: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0 },
  error: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  message: { whiteSpace: "normal", wordBreak: "break-word" },
});

const SHOWN = 200;

/** Every issue, with where it is; clicking one selects its cell. */
export function IssuesList({ issues, onSelect, selectable }: { issues: readonly Issue[]; onSelect: (issue: Issue) => void; selectable: boolean }) {
  const styles = useStyles();
  if (issues.length === 0) return null;
  return (
    <section aria-label="Issues">
      <Text as="h2" block weight="semibold" size={300}>Issues ({issues.length.toLocaleString()})</Text>
      <div className={styles.list} role="list">
        {issues.slice(0, SHOWN).map((issue, i) => {
          const body = (
            <span className={styles.body}>
              <Caption1 className={issue.severity === "Error" ? styles.error : styles.warning}>
                {issue.severity} · {issue.sheet}{issue.row !== null ? ` row ${issue.row}` : ""}{issue.column ? ` · ${issue.column}` : ""}
              </Caption1>
              <Text size={200} className={styles.message}>{issue.message}</Text>
            </span>
          );
          // Inside Excel a click selects the cell; a file opened in a browser has no cell to select.
          return selectable ? (
            <div key={i} role="listitem">
              <Button appearance="subtle" className={styles.item} onClick={() => onSelect(issue)} title="Select this cell in the workbook">{body}</Button>
            </div>
          ) : (
            <div key={i} role="listitem" className={styles.static}>{body}</div>
          );
        })}
      </div>
      {issues.length > SHOWN && <Caption1>{(issues.length - SHOWN).toLocaleString()} more on the Issues sheet.</Caption1>}
    </section>
  );
}
