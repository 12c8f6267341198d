import { textHash } from "./strings";

/**
 * Records by id, for a sheet of up to a million rows whose size is known before indexing: an open-addressing
 * table sized once for every record, keyed by a hash of the id's characters. A `Map` grows as it goes, and each
 * growth visits every key again; for a full Transactions sheet that made building the index take 0.3–0.5 s, this
 * table about 0.1 s (docs/performance.md, twelfth round). Lookups cost the same as a `Map`'s.
 *
 * The hash is not seeded, so ids made to share one hash (blocks of `Aa` and `BB`, say) would make every lookup
 * walk all of them: past `MAX_PROBES` the index moves its records into a `Map` and goes on there.
 */

const GOLDEN = 0x9e3779b1;
/**
 * Far more than a table at most half full needs (random ids of a million rows need up to about 60), short of what
 * ids chosen to collide would cost.
 */
export const MAX_PROBES = 256;
/** A table of 2^22 slots at most (two million ids, twice a sheet's rows); past that, a Map from the start. */
const MAX_BITS = 22;

export class IdIndex<T> {
  /** Per slot, the index of a record in `records` plus one (0: empty); null once the records are in `fallback`. */
  private slots: Int32Array | null = null;
  private hashes: Int32Array | null = null;
  private shift = 0;
  /** The ids and records in the order added; the ids only while the table holds them. */
  private ids: string[] = [];
  private readonly records: T[] = [];
  private fallback: Map<string, T> | null = null;

  /** A table for `capacity` records; more may be added (it then moves them into a `Map`, as for colliding ids). */
  constructor(private readonly capacity: number) {
    // At most half full: short probe runs, in 8 bytes a slot.
    let bits = 4;
    while (bits <= MAX_BITS && 2 ** bits < capacity * 2) bits++;
    if (bits > MAX_BITS) {
      this.fallback = new Map();
      return;
    }
    this.slots = new Int32Array(1 << bits);
    this.hashes = new Int32Array(1 << bits);
    this.shift = 32 - bits;
  }

  get size(): number {
    return this.records.length;
  }

  get(id: string): T | undefined {
    const { slots, hashes } = this;
    if (!slots || !hashes) return (this.fallback as Map<string, T>).get(id);
    const hash = textHash(id, 0, id.length);
    const mask = slots.length - 1;
    let slot = Math.imul(hash, GOLDEN) >>> this.shift;
    // An id the table holds lies at most MAX_PROBES slots past its own (`set`).
    for (let k = slots[slot], probes = 0; k !== 0 && probes <= MAX_PROBES; k = slots[slot], probes++) {
      if (hashes[slot] === hash && this.ids[k - 1] === id) return this.records[k - 1];
      slot = (slot + 1) & mask;
    }
    return undefined;
  }

  /**
   * Adds `record` under `id`, which the index must not hold yet (`get` says): unlike `Map.set`, it does not replace a
   * record, so an id added twice would be found as either.
   */
  set(id: string, record: T): this {
    this.records.push(record);
    const { slots, hashes } = this;
    if (!slots || !hashes) {
      (this.fallback as Map<string, T>).set(id, record);
      return this;
    }
    this.ids.push(id);
    if (this.records.length > this.capacity) return this.moveToMap();
    const hash = textHash(id, 0, id.length);
    const mask = slots.length - 1;
    let slot = Math.imul(hash, GOLDEN) >>> this.shift;
    for (let probes = 0; slots[slot] !== 0; probes++) {
      if (probes >= MAX_PROBES) return this.moveToMap();
      slot = (slot + 1) & mask;
    }
    slots[slot] = this.records.length;
    hashes[slot] = hash;
    return this;
  }

  /** The records in the order they were added. */
  values(): IterableIterator<T> {
    return this.records.values();
  }

  private moveToMap(): this {
    const map = new Map<string, T>();
    for (let i = 0; i < this.records.length; i++) map.set(this.ids[i], this.records[i]);
    this.fallback = map;
    this.slots = null;
    this.hashes = null;
    this.ids = [];
    return this;
  }
}
