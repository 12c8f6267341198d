import { ownCopy, worthSharing } from "../../engine/core/strings";

/**
 * One column's repeated values held once: a sheet of a million rows names the same projects, categories,
 * dates and resources over and over. A column of mostly distinct values (ids, amounts) stops sharing (`worthSharing`).
 */
export class ColumnValues {
  private known: Map<string, string> | null = new Map();
  private reads = 0;

  shared(value: string): string {
    const known = this.known;
    if (!known) return value;
    this.reads++;
    const same = known.get(value);
    if (same !== undefined) return same;
    const own = ownCopy(value);
    known.set(own, own);
    if (!worthSharing(known.size, this.reads)) this.known = null;
    return own;
  }
}
