import { ownCopy } from "../../engine/core/strings";

/**
 * One column's repeated values held once: a sheet of a million rows names the same projects, categories,
 * dates and resources over and over. A column of more than 20,000 distinct values (ids, amounts) stops sharing.
 */
export class ColumnValues {
  private known: Map<string, string> | null = new Map();

  shared(value: string): string {
    const known = this.known;
    if (!known) return value;
    const same = known.get(value);
    if (same !== undefined) return same;
    const own = ownCopy(value);
    known.set(own, own);
    if (known.size > 20_000) this.known = null;
    return own;
  }
}
