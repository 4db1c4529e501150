import { catchUpGate, type Logger } from '@edugraph/shared';
import { mongo, Types } from 'mongoose';
import type { Models } from '../context.ts';
import { LIST_PROJECTION, type ResourceDoc } from '../models/resource.ts';
import { TokenPostings } from './postings.ts';
import { compactText, documentTokens, searchText } from './tokens.ts';

/**
 * An in-memory read model of the catalog for browsing and keyword search: per resource the
 * fields that filter, rank and facet, its search text, and its list record (BSON). On the
 * embedded database every read but a full scan is slow: FerretDB v1.24 pushes a filter on one
 * `_id` down to SQLite as `_ferretdb_sjson->'$._id' = ?`, which its `_id` index (built on
 * `_ferretdb_sjson->"_id"`) does not match, so even a read by id scans the table until the
 * document turns up (measured: ~100 ms for the last of 6,000 resources). So a search page is
 * answered from memory, records included, after one read of the change ring.
 *
 * It stays exact across service instances: every write appends the resource id to a ring of
 * recent changes in one `catalogchanges` document (one small read before each search), and
 * each instance re-reads the ids it has not seen. When an instance falls further behind than
 * the ring holds, it rebuilds from a full read in the background and searches go to the
 * database meanwhile. Usage counters are the exception: they change with every view, so an
 * instance takes its own recounts at once and other instances' with the resource's next change.
 */
export interface CatalogEntry {
  id: string;
  text: string;
  title: string;
  description: string;
  titleCompact: string;
  descriptionCompact: string;
  audience: string;
  orgPath: string[];
  status: string;
  createdBy: string;
  stage: string;
  subject: string;
  grade: number | null;
  edition: string | null;
  kind: string;
  originLevel: string;
  sharingState: string;
  popularity: number;
  createdAtMs: number;
  /** Publication changes, for the feed. */
  changedAtMs: number;
  /** The list record (LIST_PROJECTION) as BSON: off the JS heap, decoded only for a page. */
  record: Uint8Array;
}

interface RingEntry {
  k: Types.ObjectId;
  id: string;
}
interface RingDoc {
  _id: string;
  recent?: RingEntry[];
}

const RING_ID = 'catalog';
const RING_SIZE = 2000;
/** The index keeps what a list shows (no search tokens, no history): `LIST_PROJECTION`. */
const ENTRY_PROJECTION = LIST_PROJECTION;

const ring = (models: Models) => models.resources.db.collection<RingDoc>('catalogchanges');

export function toEntry(doc: Partial<ResourceDoc> & { _id: Types.ObjectId }): CatalogEntry {
  return {
    id: doc._id.toHexString(),
    text: searchText(doc.title, doc.description, doc.chapter, doc.edition),
    title: doc.title ?? '',
    description: doc.description ?? '',
    titleCompact: compactText(doc.title ?? ''),
    descriptionCompact: compactText(doc.description ?? ''),
    audience: doc.audience ?? '',
    orgPath: doc.orgPath ?? [],
    status: doc.status ?? 'DRAFT',
    createdBy: doc.createdBy ?? '',
    stage: doc.stage ?? '',
    subject: doc.subject ?? '',
    grade: doc.grade ?? null,
    edition: doc.edition ?? null,
    kind: doc.kind ?? '',
    originLevel: doc.originLevel ?? '',
    sharingState: doc.sharing?.state ?? 'NONE',
    popularity: doc.popularity ?? 0,
    createdAtMs: doc.createdAt ? new Date(doc.createdAt).getTime() : 0,
    changedAtMs: doc.changedAt ? new Date(doc.changedAt).getTime() : 0,
    record: mongo.BSON.serialize(
      { ...doc, searchTokens: undefined, history: undefined },
      { ignoreUndefined: true },
    ),
  };
}

/**
 * Records that a resource changed, for every instance's index. FerretDB can lose one of two
 * concurrent array pushes on a document, so the writer reads the ring back and pushes again
 * until its entry is there; it trims the ring only if nobody pushed in between.
 */
export async function recordCatalogChange(models: Models, id: Types.ObjectId | string): Promise<void> {
  const entry = { k: new Types.ObjectId(), id: String(id) };
  for (let attempt = 0; attempt < 5; attempt++) {
    await ring(models).updateOne({ _id: RING_ID }, { $push: { recent: entry } }, { upsert: true });
    const doc = await ring(models).findOne({ _id: RING_ID });
    const recent = doc?.recent ?? [];
    if (!recent.some((e) => e.k.equals(entry.k))) continue;
    if (recent.length > RING_SIZE * 2)
      await ring(models).updateOne(
        { _id: RING_ID, recent: { $size: recent.length } },
        { $set: { recent: recent.slice(-RING_SIZE) } },
      );
    return;
  }
}

export class CatalogIndex {
  readonly entries = new Map<string, CatalogEntry>();
  private readonly postings = new TokenPostings<CatalogEntry>();
  private lastK: string | null = null;
  private warm = false;
  private closed = false;
  private building: Promise<void> | undefined;
  private readonly catchUpOnce = catchUpGate(() =>
    this.applyChanges().catch((err: unknown) => {
      this.logger.error({ err }, 'reading the catalog changes failed; this search uses the database');
      return false;
    }),
  );
  private readonly models: Models;
  private readonly logger: Logger;

  constructor(models: Models, logger: Logger) {
    this.models = models;
    this.logger = logger;
  }

  get isWarm(): boolean {
    return this.warm;
  }

  /** Stops retrying a failed build (the service is stopping). */
  close(): void {
    this.closed = true;
  }

  /** For readiness: throws while the index is being built. */
  requireWarm(): void {
    if (!this.warm) throw new Error('the catalog index is being built');
  }

  /** Builds from a full read (in the background at start-up and after falling behind). */
  build(): Promise<void> {
    return (this.building ??= (async () => {
      const started = performance.now();
      try {
        // The ring position is read first, so changes made during the read are applied after it.
        const before = await ring(this.models).findOne({ _id: RING_ID });
        const docs = (await this.models.resources
          .find({}, ENTRY_PROJECTION)
          .lean()) as unknown as ResourceDoc[];
        this.entries.clear();
        this.postings.clear();
        for (const doc of docs) this.put(doc);
        this.lastK = before?.recent?.at(-1)?.k.toHexString() ?? null;
        this.warm = true;
        this.logger.info(
          { resources: this.entries.size, ms: Math.round(performance.now() - started) },
          'catalog index built',
        );
      } catch (err) {
        this.logger.error(
          { err },
          'building the catalog index failed; reads use the database, retrying in 5 s',
        );
        if (!this.closed) setTimeout(() => void (this.closed || this.build()), 5000).unref();
      } finally {
        this.building = undefined;
      }
    })());
  }

  /**
   * Applies changes other writers recorded; false when the index cannot answer now. A call
   * made while a catch-up runs waits for the next one, which starts after it: it must see
   * writes answered before the call, which the running one may have read the ring too early for.
   */
  sync(): Promise<boolean> {
    if (!this.warm) return Promise.resolve(false);
    return this.catchUpOnce();
  }

  private async applyChanges(): Promise<boolean> {
    const recent = (await ring(this.models).findOne({ _id: RING_ID }))?.recent ?? [];
    let from = 0;
    if (this.lastK) {
      const at = recent.findIndex((e) => e.k.toHexString() === this.lastK);
      if (at < 0) {
        // Fell behind further than the ring holds: rebuild, answer from the database meanwhile.
        this.warm = false;
        void this.build();
        return false;
      }
      from = at + 1;
    }
    const pending = recent.slice(from);
    if (pending.length === 0) return true;
    const ids = [...new Set(pending.map((e) => e.id))].filter((id) => Types.ObjectId.isValid(id));
    await this.refresh(ids);
    this.lastK = pending.at(-1)!.k.toHexString();
    return true;
  }

  /** The list records of these resources as of the last sync (absent ids are left out). */
  records(ids: readonly string[]): ResourceDoc[] {
    return ids.flatMap((id) => {
      const entry = this.entries.get(id);
      return entry ? [mongo.BSON.deserialize(entry.record) as ResourceDoc] : [];
    });
  }

  /**
   * Takes a resource's recounted usage without reading it back: on the embedded database a
   * read by id scans the collection, and usage changes with every view.
   */
  setUsage(id: string, usage: NonNullable<ResourceDoc['usage']>, popularity: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    // In place: the inverted lists hold this very entry.
    const record = mongo.BSON.deserialize(entry.record);
    entry.popularity = popularity;
    entry.record = mongo.BSON.serialize({ ...record, usage, popularity });
  }

  /** Re-reads these resources by id (point lookups) into the index. */
  async refresh(ids: readonly string[]): Promise<void> {
    const docs = await Promise.all(
      ids.map((id) =>
        this.models.resources.findOne({ _id: new Types.ObjectId(id) }, ENTRY_PROJECTION).lean(),
      ),
    );
    ids.forEach((id, i) => {
      const doc = docs[i] as unknown as ResourceDoc | null;
      if (doc) this.put(doc);
      else {
        this.entries.delete(id);
        this.postings.remove(id);
      }
    });
  }

  /** Takes a resource (read with `LIST_PROJECTION`) into the index, replacing what it held. */
  put(doc: Partial<ResourceDoc> & { _id: Types.ObjectId }): void {
    const entry = toEntry(doc);
    this.entries.set(entry.id, entry);
    this.postings.put(entry.id, entry, documentTokens(doc.title, doc.description, doc.chapter, doc.edition));
  }

  /** The entries holding the query's indexed tokens; undefined when it has none (scan instead). */
  candidates(tokens: readonly string[]): CatalogEntry[] | undefined {
    return this.postings.match(tokens);
  }
}
