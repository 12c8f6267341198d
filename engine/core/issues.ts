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

/** An issue held by `SheetOrderIssues`: the sheet position of the item it belongs to, and the order it was reported in there. */
interface Held {
  position: number;
  seq: number;
  issue: Issue;
  /** For a problem of many rows: its key, and how many more rows met it (counted by `once`, not by `first`). */
  readonly key: string | null;
  readonly counted: boolean;
  more: number;
}

/**
 * Issues of items worked through in another order than the sheet's (the integration journal goes journal by
 * journal), handed on to the log as if the items had been worked through in sheet order: by the position of
 * the item each belongs to, then in the order reported within one item. A problem of many rows is held once,
 * as the first row in the sheet reported it, and only counted after that, so it is reported where and as it
 * would have been, and a million rows meeting it hold no more than one.
 */
export class SheetOrderIssues implements IssueSink {
  private readonly held: Held[] = [];
  private readonly shared = new Map<string, Held>();
  private position = 0;
  private seq = 0;

  constructor(private readonly log: IssueLog) {}

  /** Issues reported from now on belong to the item at sheet position `position`. */
  at(position: number): void {
    this.position = position;
  }

  error(sheet: string, row: number | null, column: string, message: string): void {
    this.hold(null, false, { severity: "Error", sheet, row, column, message });
  }

  warning(sheet: string, row: number | null, column: string, message: string): void {
    this.hold(null, false, { severity: "Warning", sheet, row, column, message });
  }

  /** A problem many rows share (`IssueLog.once`): reported at the first of them in the sheet, with how many more met it. */
  once(key: string, severity: Severity, sheet: string, row: number | null, column: string, message: string): void {
    this.hold(key, true, { severity, sheet, row, column, message });
  }

  /**
   * A problem of something many rows depend on (a project's group, say), reported once, at the first row in the
   * sheet that depends on it, as a plain error or warning: no count.
   */
  first(key: string, severity: Severity, sheet: string, row: number | null, column: string, message: string): void {
    this.hold(key, false, { severity, sheet, row, column, message });
  }

  /** Hands every held issue to the log, in sheet order. */
  flush(): void {
    const held = this.held.sort((a, b) => a.position - b.position || a.seq - b.seq);
    for (const { key, counted, more, issue } of held) {
      if (key !== null && counted) {
        this.log.once(key, issue.severity, issue.sheet, issue.row, issue.column, issue.message);
        for (let i = 0; i < more; i++) this.log.once(key, issue.severity, issue.sheet, issue.row, issue.column, issue.message);
      } else if (issue.severity === "Error") this.log.error(issue.sheet, issue.row, issue.column, issue.message);
      else this.log.warning(issue.sheet, issue.row, issue.column, issue.message);
    }
    this.held.length = 0;
    this.shared.clear();
  }

  private hold(key: string | null, counted: boolean, issue: Issue): void {
    const seen = key === null ? undefined : this.shared.get(key);
    if (!seen) {
      const held: Held = { position: this.position, seq: this.seq++, issue, key, counted, more: 0 };
      this.held.push(held);
      if (key !== null) this.shared.set(key, held);
      return;
    }
    if (counted) seen.more++;
    // An earlier row met it: reported there, as that row reported it.
    if (this.position < seen.position) {
      seen.position = this.position;
      seen.seq = this.seq++;
      seen.issue = issue;
    }
  }
}
