/**
 * Which main account a posting type uses (SPEC §3 PostingSetup): the most specific row first —
 * project group + category, then category, then project group, then the row with both blank.
 */
import type { IssueLog } from "../core/issues";
import type { PostingSetupRow, PostingType } from "../1-parse/model";

export interface Account {
  readonly mainAccount: string;
  readonly accountName: string;
}

export class PostingSetup {
  private readonly rows = new Map<string, PostingSetupRow>();
  private readonly names = new Map<string, string>();
  /** Resolved accounts by posting type, project group and category: a run asks the same few questions millions of times. */
  private readonly resolved = new Map<string, Map<string, Map<string, Account | null>>>();

  constructor(rows: readonly PostingSetupRow[], sheetName: string, issues: IssueLog) {
    for (const row of rows) {
      const key = setupKey(row.postingType, row.projectGroup ?? "", row.category ?? "");
      const first = this.rows.get(key);
      if (first) {
        issues.warning(sheetName, row.row, "Posting type", `Row ${first.row} already sets '${row.postingType}' for project group '${row.projectGroup ?? ""}' and category '${row.category ?? ""}'; this row is ignored`);
        continue;
      }
      this.rows.set(key, row);
      if (row.accountName && !this.names.has(row.mainAccount)) this.names.set(row.mainAccount, row.accountName);
    }
  }

  /** The account for a posting type, or null when no row matches. */
  resolveAccount(postingType: PostingType, projectGroup: string, category: string): Account | null {
    let byGroup = this.resolved.get(postingType);
    if (!byGroup) this.resolved.set(postingType, (byGroup = new Map()));
    let byCategory = byGroup.get(projectGroup);
    if (!byCategory) byGroup.set(projectGroup, (byCategory = new Map()));
    let account = byCategory.get(category);
    if (account === undefined) byCategory.set(category, (account = this.lookUp(postingType, projectGroup, category)));
    return account;
  }

  private lookUp(postingType: PostingType, projectGroup: string, category: string): Account | null {
    const row =
      this.rows.get(setupKey(postingType, projectGroup, category)) ??
      this.rows.get(setupKey(postingType, "", category)) ??
      this.rows.get(setupKey(postingType, projectGroup, "")) ??
      this.rows.get(setupKey(postingType, "", ""));
    return row ? { mainAccount: row.mainAccount, accountName: this.accountName(row.mainAccount) } : null;
  }

  /** The first name PostingSetup gives a main account, or blank. */
  accountName(mainAccount: string): string {
    return this.names.get(mainAccount) ?? "";
  }
}

const setupKey = (type: string, group: string, category: string) => `${type}\u0000${group}\u0000${category}`;

export function missingAccountMessage(postingType: PostingType, projectGroup: string, category: string): string {
  return `No main account for posting type '${postingType}' (project group ${projectGroup}, category ${category}): add a PostingSetup row for it`;
}
