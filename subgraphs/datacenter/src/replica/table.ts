import { matches, requiredValues, type Doc, type Filter } from './match.ts';

/**
 * The records of one collection in memory (tombstones included, as stored), by `_id`, with
 * value indexes on the fields lookups and lists filter by, and the `_id` order lists page in.
 */
export class Table {
  private readonly byId = new Map<string, Doc>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  /** Ids in `_id` order; rebuilt lazily after an insert. */
  private order: string[] | undefined = [];

  constructor(indexedFields: readonly string[]) {
    for (const field of indexedFields) this.indexes.set(field, new Map());
  }

  get size(): number {
    return this.byId.size;
  }

  clear(): void {
    this.byId.clear();
    for (const index of this.indexes.values()) index.clear();
    this.order = [];
  }

  get(id: string): Doc | undefined {
    return this.byId.get(id);
  }

  /**
   * Stores a record unless the table holds a newer version of it (a re-read racing a local
   * write): versions of a record only grow, writes of a kind being serialized (writeLock.ts).
   */
  put(doc: Doc): void {
    const id = doc._id.toHexString();
    const current = this.byId.get(id);
    if (current && (current.version as number) > (doc.version as number)) return;
    if (current) this.unindex(id, current);
    else this.order = undefined;
    this.byId.set(id, doc);
    for (const [field, index] of this.indexes) {
      const value = doc[field];
      if (typeof value !== 'string') continue;
      let ids = index.get(value);
      if (!ids) index.set(value, (ids = new Set()));
      ids.add(id);
    }
  }

  private unindex(id: string, doc: Doc): void {
    for (const [field, index] of this.indexes) {
      const value = doc[field];
      if (typeof value === 'string') index.get(value)?.delete(id);
    }
  }

  /** Records matching the filter, in `_id` order, from the first `_id` above `afterId`. */
  *scan(filter: Filter, afterId?: string): Generator<Doc> {
    const ids = this.candidates(filter);
    let start = 0;
    if (afterId !== undefined) {
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ids[mid]! <= afterId) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    for (let i = start; i < ids.length; i++) {
      const doc = this.byId.get(ids[i]!)!;
      if (matches(doc, filter)) yield doc;
    }
  }

  find(filter: Filter): Doc[] {
    return [...this.scan(filter)];
  }

  count(filter: Filter): number {
    let n = 0;
    for (const _ of this.scan(filter)) n++;
    return n;
  }

  /** The ids an indexed equality condition allows (sorted), or every id. */
  private candidates(filter: Filter): readonly string[] {
    for (const [field, index] of this.indexes) {
      const values = requiredValues(filter, field);
      if (!values || !values.every((v) => typeof v === 'string')) continue;
      const ids: string[] = [];
      for (const v of values as string[]) for (const id of index.get(v) ?? []) ids.push(id);
      return ids.sort();
    }
    return (this.order ??= [...this.byId.keys()].sort());
  }
}
