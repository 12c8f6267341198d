/** Sorts by natural order of a text key, splitting each key once (not once per comparison). */
export function sortNatural<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, text: key(item), parts: key(item).match(/\d+|\D+/g) ?? [] }));
  keyed.sort((a, b) => compareParts(a.parts, b.parts, a.text, b.text));
  return keyed.map((k) => k.item);
}

/** Orders ids the way people read them: `PF-999` before `PF-1001` (digit runs compare as numbers). */
export function compareNatural(a: string, b: string): number {
  return compareParts(a.match(/\d+|\D+/g) ?? [], b.match(/\d+|\D+/g) ?? [], a, b);
}

function compareParts(pa: readonly string[], pb: readonly string[], a: string, b: string): number {
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = x.replace(/^0+/, "");
      const ny = y.replace(/^0+/, "");
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}
