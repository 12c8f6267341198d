import { Text, makeStyles, tokens } from "@fluentui/react-components";
import type { CheckRow } from "../../host/host";

const useStyles = makeStyles({
  item: { padding: "4px 0", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  fail: { color: tokens.colorPaletteRedForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

/** The cutover checks that did not pass, with their detail. */
export function CutoverChecks({ checks }: { checks: readonly CheckRow[] }) {
  const styles = useStyles();
  if (checks.length === 0) return null;
  return (
    <section aria-label="Cutover checks">
      <Text as="h2" block weight="semibold" size={300}>Cutover rehearsal</Text>
      {checks.map((c, i) => (
        <div key={i} className={styles.item}>
          <Text size={200} weight="semibold" className={c.result === "Fail" ? styles.fail : styles.warn}>{c.result}: {c.check}</Text>
          <br />
          <Text size={200}>{c.detail}</Text>
        </div>
      ))}
    </section>
  );
}
