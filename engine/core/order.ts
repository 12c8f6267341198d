/** A text split once into its runs of digits and other characters, digit runs also without leading zeros. */
interface NaturalKey {
  readonly text: string;
  readonly parts: readonly string[];
  /** Per part: the digits without leading zeros, or null for a run of other characters. */
  readonly numbers: readonly (string | null)[];
}

function naturalKey(text: string): NaturalKey {
  const parts = text.match(/\d+|\D+/g) ?? [];
  return { text, parts, numbers: parts.map((p) => (/^\d/.test(p) ? p.replace(/^0+/, "") : null)) };
}

/**
 * Sorts by natural order of a text key, the way people read ids: `PF-999` before `PF-1001` (digit runs
 * compare as numbers). Each key is split once, not once per comparison.
 */
export function sortNatural<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: naturalKey(key(item)) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((k) => k.item);
}

function compareKeys(a: NaturalKey, b: NaturalKey): number {
  const n = Math.min(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const x = a.parts[i];
    const y = b.parts[i];
    if (x === y) continue;
    const nx = a.numbers[i];
    const ny = b.numbers[i];
    if (nx !== null && ny !== null) {
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return a.parts.length - b.parts.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}
