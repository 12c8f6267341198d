/**
 * Financial dimensions: every `Dim …` column of the workbook (SPEC §3). They carry through to journal,
 * proposal and voucher lines as columns of the same names, in the order the workbook first shows them.
 */
import { normalizeName } from "./cells";

/** Dimension values by dimension key; a missing key means "no value". */
export type Dimensions = ReadonlyMap<string, string>;

export const NO_DIMENSIONS: Dimensions = new Map();

export class DimensionRegistry {
  private readonly labels = new Map<string, string>();

  /** Registers a dimension by its name (without `Dim `) and returns its key. */
  register(name: string): string {
    const key = normalizeName(name);
    if (!this.labels.has(key)) this.labels.set(key, name.trim());
    return key;
  }

  /** Output column titles, e.g. `Dim BusinessUnit`, in registration order. */
  columns(): { key: string; title: string }[] {
    return [...this.labels].map(([key, label]) => ({ key, title: `Dim ${label}` }));
  }
}

/** Layers dimension sources: later sources win where they hold a value. */
export function mergeDimensions(...sources: Dimensions[]): Dimensions {
  const merged = new Map<string, string>();
  for (const source of sources) for (const [key, value] of source) merged.set(key, value);
  return merged;
}
