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
