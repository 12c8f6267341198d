/**
 * Issues are part of the product: each names the sheet, the worksheet row (header = 1), the column
 * and what to do. An error blocks only what depends on that row (SPEC §5).
 */
export type Severity = "Error" | "Warning";

export interface Issue {
  readonly severity: Severity;
  readonly sheet: string;
  /** Worksheet row number, header = 1; null when the issue is about a whole sheet or a setting. */
  readonly row: number | null;
  readonly column: string;
  readonly message: string;
}

interface Grouped {
  issue: Issue;
  more: number;
}

export class IssueLog {
  private readonly list: Issue[] = [];
  /** One problem that many rows run into (a missing rate, a missing account) is reported once, with a count. */
  private readonly grouped = new Map<string, Grouped>();
  private readonly groupedIndex = new Map<string, number>();

  error(sheet: string, row: number | null, column: string, message: string): void {
    this.list.push({ severity: "Error", sheet, row, column, message });
  }

  warning(sheet: string, row: number | null, column: string, message: string): void {
    this.list.push({ severity: "Warning", sheet, row, column, message });
  }

  /**
   * Reports a problem shared by many rows once, at the first row that meets it; later rows only
   * count, and the message ends with how many more rows it affects.
   */
  once(key: string, severity: Severity, sheet: string, row: number | null, column: string, message: string): void {
    const seen = this.grouped.get(key);
    if (seen) {
      seen.more++;
      return;
    }
    this.grouped.set(key, { issue: { severity, sheet, row, column, message }, more: 0 });
    this.groupedIndex.set(key, this.list.length);
    this.list.push({ severity, sheet, row, column, message });
  }

  /** All issues in the order they were found; a grouped one says how many more rows it affects. */
  all(): Issue[] {
    const result = this.list.slice();
    for (const [key, g] of this.grouped) {
      if (g.more === 0) continue;
      const i = this.groupedIndex.get(key) as number;
      result[i] = { ...g.issue, message: `${g.issue.message} (${g.more} more row${g.more === 1 ? "" : "s"} affected)` };
    }
    return result;
  }

  count(severity: Severity): number {
    let n = 0;
    for (const issue of this.list) if (issue.severity === severity) n++;
    return n;
  }
}

/** Where a rule reports issues: the log itself, or a buffer that hands them on in sheet order (`SheetOrderIssues`). */
export type IssueSink = Pick<IssueLog, "error" | "warning" | "once">;

/** An issue held by `SheetOrderIssues` until it is handed on. */
export interface HeldIssue {
  /** The sheet position of the item it belongs to. */
  position: number;
  readonly seq: number;
  readonly key: string | null;
  readonly issue: Issue;
}

/**
 * Issues of items worked through in another order than the sheet's (the integration journal goes journal by
 * journal), handed on to the log as if the items had been worked through in sheet order: by the position
 * of the item each belongs to, and in the order reported within one item. A problem reported once for many
 * rows (`once`) is then reported at the first of them in the sheet, and counts the others, as it would have.
 */
export class SheetOrderIssues implements IssueSink {
  private readonly held: HeldIssue[] = [];
  private position = 0;

  constructor(private readonly log: IssueLog) {}

  /** Issues reported from now on belong to the item at sheet position `position`. */
  at(position: number): void {
    this.position = position;
  }

  error(sheet: string, row: number | null, column: string, message: string): void {
    this.hold(null, { severity: "Error", sheet, row, column, message });
  }

  warning(sheet: string, row: number | null, column: string, message: string): void {
    this.hold(null, { severity: "Warning", sheet, row, column, message });
  }

  once(key: string, severity: Severity, sheet: string, row: number | null, column: string, message: string): void {
    this.hold(key, { severity, sheet, row, column, message });
  }

  /** The issue reported last: one reported when the first of several items met a shared cause can move to an earlier item (`movesTo`). */
  last(): HeldIssue | null {
    return this.held.length ? this.held[this.held.length - 1] : null;
  }

  /** `held` belongs to the item at `position` when that one comes earlier in the sheet. */
  movesTo(held: HeldIssue, position: number): void {
    if (position < held.position) held.position = position;
  }

  /** Hands every held issue to the log, in sheet order. */
  flush(): void {
    const held = this.held.slice().sort((a, b) => a.position - b.position || a.seq - b.seq);
    this.held.length = 0;
    for (const { key, issue } of held) {
      if (key === null) {
        if (issue.severity === "Error") this.log.error(issue.sheet, issue.row, issue.column, issue.message);
        else this.log.warning(issue.sheet, issue.row, issue.column, issue.message);
      } else this.log.once(key, issue.severity, issue.sheet, issue.row, issue.column, issue.message);
    }
  }

  private hold(key: string | null, issue: Issue): void {
    this.held.push({ position: this.position, seq: this.held.length, key, issue });
  }
}
