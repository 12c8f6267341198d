/**
 * The index of transactions by id against a `Map`: the same answers for every id asked, present or not, whatever
 * the ids, in the order they were added; ids made to share one hash and more records than announced still index.
 */
import fc from "fast-check";
import { IdIndex, MAX_PROBES } from "../../engine/core/id-index";

/** Every id the index holds and a few it does not give what a Map gives; `values` keeps the order of adding. */
function expectLikeMap(ids: readonly string[], capacity = ids.length): void {
  const index = new IdIndex<{ id: string; at: number }>(capacity);
  const map = new Map<string, { id: string; at: number }>();
  const wrong: string[] = [];
  ids.forEach((id, at) => {
    if (index.get(id) !== map.get(id)) wrong.push(id);
    if (map.has(id)) return;
    const record = { id, at };
    index.set(id, record);
    map.set(id, record);
  });
  for (const id of [...ids, "", "absent", `${ids[0] ?? ""}x`]) if (index.get(id) !== map.get(id)) wrong.push(id);
  expect(wrong).toEqual([]);
  expect([...index.values()]).toEqual([...map.values()]);
  expect(index.size).toBe(map.size);
}

describe("IdIndex", () => {
  test("answers as a Map does, for ids of any text, repeated or not", () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 12, unit: "binary" }), fc.constantFrom("T-1", "T-01", "t-1", "T-1 ", "Ł-1", "É-1")), { maxLength: 300 }), (ids) => {
      expectLikeMap(ids);
    }), { seed: 5, numRuns: 300 });
  });

  test("a sheet's worth of ids, numbered as the bench numbers them", () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `T-${String(i + 1).padStart(7, "0")}`);
    expectLikeMap(ids);
  });

  test("ids made to share one hash leave the table for a Map, and every one is still found", () => {
    // "Aa" and "BB" have the same 31-polynomial hash, so every string of 16 such blocks has one hash: 65,536 of them.
    // Walked one after another, they would take billions of comparisons, far past the test's time.
    const ids = Array.from({ length: 1 << 16 }, (_, i) => Array.from({ length: 16 }, (_, b) => ((i >> b) & 1 ? "BB" : "Aa")).join(""));
    expectLikeMap([...ids, "T-1", ids[7]]);
    // At the edge: the last of MAX_PROBES + 1 such ids lies MAX_PROBES slots past its own and is still in the table
    // (where a lookup that gave up one slot earlier would not find it); one more, and the records move to the Map.
    expectLikeMap(ids.slice(0, MAX_PROBES + 1));
    expectLikeMap(ids.slice(0, MAX_PROBES + 2));
  });

  test("more records than announced still index", () => {
    expectLikeMap(Array.from({ length: 100 }, (_, i) => `P-${i}`), 10);
    expectLikeMap(["a", "b"], 0);
  });
});
