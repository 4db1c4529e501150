import { catchUpGate, type Logger } from '@edugraph/shared';
import type { Models } from '../models/index.ts';
import type { Doc } from './match.ts';
import { readRingBatch, readRings, type RecordCollection, type RingEntry, type RingWrite } from './ring.ts';
import { Table } from './table.ts';

/** Indexed fields per collection: natural key first, then the narrower filters. */
const INDEXED: Record<RecordCollection, readonly string[]> = {
  regions: ['code', 'parentCode'],
  schools: ['code', 'centralSchoolCode', 'regionCode'],
  classes: ['code', 'schoolCode'],
  students: ['registryNumber', 'classCode', 'schoolCode'],
  teachers: ['staffNumber', 'schoolCode'],
  assets: ['assetTag', 'schoolCode'],
};
export const RECORD_COLLECTIONS = Object.keys(INDEXED) as RecordCollection[];

/**
 * An in-memory copy of the data center's records, per service instance, that lookups, lists,
 * counts, indicators and the upserts' planning read instead of the database.
 *
 * Why: the embedded database (FerretDB v1 on SQLite) looks up nothing but a single `_id`; any
 * other filter decodes the whole collection, so a school with 50 classes and their counts cost
 * seconds. Same approach as the resources subgraph's catalog index: a full read at start, then
 * every write records what it stored in its collection's ring (ring.ts); before each request the
 * replica reads the rings' heads (one read of six small documents) and applies the batches other
 * instances wrote since. So a
 * request sees every write answered before it started, on any instance. An instance further
 * behind than the ring rebuilds, and requests read the database meanwhile.
 */
export class Replica {
  private readonly tables = Object.fromEntries(
    RECORD_COLLECTIONS.map((c) => [c, new Table(INDEXED[c])]),
  ) as Record<RecordCollection, Table>;
  /** Per collection, the number of the last ring batch applied (or seen by the build). */
  private readonly lastN = new Map<RecordCollection, number>();
  /** Ring entries of writes this instance applied itself. */
  private readonly appliedHere = new Set<string>();
  private warm = false;
  private building: Promise<void> | undefined;
  private readonly catchUpOnce = catchUpGate(() => (this.warm ? this.catchUp() : Promise.resolve(false)));
  private readonly models: Models;
  private readonly logger: Logger;

  constructor(models: Models, logger: Logger) {
    this.models = models;
    this.logger = logger;
  }

  get isWarm(): boolean {
    return this.warm;
  }

  table(coll: RecordCollection): Table {
    return this.tables[coll];
  }

  /** A full read (at start-up, and after falling behind the ring). */
  build(): Promise<void> {
    return (this.building ??= (async () => {
      const started = performance.now();
      try {
        this.appliedHere.clear();
        // The ring position first: batches recorded during the read are re-read after it.
        const rings = await readRings(this.models);
        const read = await Promise.all(
          RECORD_COLLECTIONS.map((c) => this.models[c].collection.find({}).toArray()),
        );
        RECORD_COLLECTIONS.forEach((c, i) => {
          this.tables[c].clear();
          for (const doc of read[i]!) this.tables[c].put(doc as unknown as Doc);
        });
        for (const c of RECORD_COLLECTIONS) this.lastN.set(c, rings.get(c)?.last ?? 0);
        this.warm = true;
        this.logger.info(
          { records: read.reduce((n, r) => n + r.length, 0), ms: Math.round(performance.now() - started) },
          'datacenter replica built',
        );
      } catch (err) {
        this.logger.error({ err }, 'building the replica failed; reads use the database');
      } finally {
        this.building = undefined;
      }
    })());
  }

  /**
   * Catches up with the ring; true when the replica may answer. A call made while a catch-up is
   * running waits for the next one, which starts after it: it must see writes answered before
   * the call, which the running one may have missed.
   */
  sync(): Promise<boolean> {
    if (!this.warm) return Promise.resolve(false);
    return this.catchUpOnce();
  }

  private fellBehind(): false {
    this.warm = false;
    void this.build();
    return false;
  }

  private async catchUp(): Promise<boolean> {
    if (!this.warm) return false;
    for (const [coll, { recent, last }] of await readRings(this.models)) {
      const mine = this.lastN.get(coll) ?? 0;
      if (last === mine) continue;
      // Batches after ours that have left the ring already (or a ring started anew): rebuild.
      if (last < mine || (recent[0]?.n ?? last + 1) > mine + 1) return this.fellBehind();
      for (const entry of recent) {
        if (entry.n <= mine) continue;
        if (!this.appliedHere.delete(entry.k) && !(await this.replay(coll, entry))) return this.fellBehind();
        this.lastN.set(coll, entry.n);
      }
    }
    return true;
  }

  /** Applies a batch another instance wrote; false when it has left the ring already. */
  private async replay(coll: RecordCollection, entry: RingEntry): Promise<boolean> {
    const writes = await readRingBatch(this.models, entry.k);
    if (!writes) return false;
    this.apply(coll, writes);
    return true;
  }

  private apply(coll: RecordCollection, writes: readonly RingWrite[]): void {
    const table = this.tables[coll];
    for (const w of writes) {
      const current = table.get(w._id.toHexString());
      table.put({ ...current, ...w.set, _id: w._id } as Doc);
    }
  }

  /**
   * What this instance itself just wrote (`$set` fields over the stored record, or a new one),
   * before recording ring entry `k`, which the catch-up then skips rather than re-reads.
   */
  applyLocal(coll: RecordCollection, k: string, writes: readonly RingWrite[]): void {
    if (!this.warm) return;
    this.apply(coll, writes);
    this.appliedHere.add(k);
  }
}
