/**
 * Which main account a posting type uses (SPEC §3 PostingSetup): the most specific row first —
 * project group + category, then category, then project group, then the row with both blank.
 */
import type { IssueLog } from "../core/issues";
import type { PostingSetupRow, PostingType, UnreadPostingSetupRow } from "../1-parse/model";

export interface Account {
  readonly mainAccount: string;
  readonly accountName: string;
}

export class PostingSetup {
  private readonly rows = new Map<string, PostingSetupRow>();
  private readonly names = new Map<string, string>();
  /** Resolved accounts by posting type, project group and category: a run asks the same few questions millions of times. */
  private readonly resolved = new Map<string, Map<string, Map<string, Account | null>>>();

  /** Rows with errors by the posting type they set (UnreadSetupRows): an account one of them would give waits for it. */
  private readonly unread = new Map<PostingType, UnreadPostingSetupRow[]>();
  /** Why a question has no account, where a row with errors is the reason. */
  private readonly blockedBy = new Map<string, UnreadPostingSetupRow>();

  constructor(rows: readonly PostingSetupRow[], private readonly sheetName: string, issues: IssueLog, unread: readonly UnreadPostingSetupRow[] = []) {
    for (const row of unread) {
      const list = this.unread.get(row.postingType);
      if (list) list.push(row);
      else this.unread.set(row.postingType, [row]);
    }
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
    // A row with errors more specific than the row found (or where none is found) may be the one meant; of two rows
    // for the same key the first wins, so one of equal specificity only when it comes first.
    const found = row ? specificity(row.projectGroup ?? "", row.category ?? "") : -1;
    for (const bad of this.unread.get(postingType) ?? []) {
      const group = bad.projectGroup === undefined ? projectGroup : bad.projectGroup;
      const cat = bad.category === undefined ? category : bad.category;
      if ((group !== "" && group !== projectGroup) || (cat !== "" && cat !== category)) continue;
      const rank = specificity(group, cat);
      if (rank < found || (row && rank === found && bad.row > row.row)) continue;
      this.blockedBy.set(setupKey(postingType, projectGroup, category), bad);
      return null;
    }
    return row ? { mainAccount: row.mainAccount, accountName: this.accountName(row.mainAccount) } : null;
  }

  /**
   * Why `resolveAccount` gives no account: a row with errors that may be the one meant (its row, where the issue
   * belongs), or no row at all.
   */
  accountProblem(postingType: PostingType, projectGroup: string, category: string): { readonly message: string; readonly row: number | null } {
    const bad = this.resolveAccount(postingType, projectGroup, category) ? undefined : this.blockedBy.get(setupKey(postingType, projectGroup, category));
    if (!bad) return { message: missingAccountMessage(postingType, projectGroup, category), row: null };
    const scope = [projectGroup && `project group ${projectGroup}`, category && `category ${category}`].filter(Boolean).join(", ");
    return {
      message: `${this.sheetName} row ${bad.row} ('${postingType}') has errors, and it may be the row ${scope ? `for ${scope}` : "this posting uses"}: fix it before that account is used`,
      row: bad.row,
    };
  }

  /** The first name PostingSetup gives a main account, or blank. */
  accountName(mainAccount: string): string {
    return this.names.get(mainAccount) ?? "";
  }
}

const setupKey = (type: string, group: string, category: string) => `${type}\u0000${group}\u0000${category}`;

/** The order rows are tried in: project group + category, then category, then project group, then both blank. */
const specificity = (group: string, category: string): number => (category ? 2 : 0) + (group ? 1 : 0);

function missingAccountMessage(postingType: PostingType, projectGroup: string, category: string): string {
  return `No main account for posting type '${postingType}' (project group ${projectGroup}, category ${category}): add a PostingSetup row for it`;
}
