import { randomBytes } from 'node:crypto';
import { compactText, textRuns } from '../search/tokens.ts';
import { encodeEntryData } from './entryCodec.ts';
import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * What a search filters, ranks and facets on, one document per resource (per write: see
 * `writeStamp`), read by resource for the candidates a search chose from the postings. The
 * postings themselves hold only resource ids, so this is stored once per resource instead of
 * once per token. What is only read back travels as one string (`entryCodec.ts`): the embedded
 * database stores a type schema per field of every document, and reads a string fastest when
 * it holds nothing its JSON encoder escapes.
 */
export interface SearchEntryFields {
  /** `<resource id>~<write stamp>`: each write inserts its own, then drops the older ones. */
  _id: string;
  /**
   * The resource's id as 24 hex digits: a search reads hundreds of entries by a `$in` of
   * resource ids, which the embedded database matches through a set for strings and
   * element by element for ObjectIds (patch 0012).
   */
  r: string;
  /** Write stamp: the newest write of a resource wins. */
  w: string;
  status: string;
  /** `PostingData`, encoded by `encodeEntryData`. */
  d: string;
}

/** What a search needs of a resource besides its status. */
export interface PostingData {
  audience: string;
  orgPath: string[];
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
  title: string;
  /** `textRuns` of title, description, chapter and edition (what a search matches tokens in). */
  runs: string;
  /** `compactText` of the title and of the description (what relevance compares the query with). */
  titleCompact: string;
  descriptionCompact: string;
}

/** What a resource's search entry and postings are made of (a resource read without its history). */
export interface IndexedResource {
  _id: Types.ObjectId;
  title: string;
  description?: string | null;
  chapter?: string | null;
  edition?: string | null;
  status?: string | null;
  audience: string;
  orgPath: string[];
  createdBy: string;
  stage: string;
  subject: string;
  grade?: number | null;
  kind: string;
  originLevel: string;
  sharing?: { state?: string | null } | null;
  popularity?: number | null;
  createdAt?: Date | null;
}

const entrySchema = new Schema<SearchEntryFields>(
  { _id: String, r: Schema.Types.String, w: String, status: String, d: String },
  { collection: 'searchentries', versionKey: false },
);
/** A search's candidates by resource; a resource's entries, replaced on each of its writes. */
entrySchema.index({ r: 1 });

export type SearchEntryModel = Model<SearchEntryFields>;

export const searchEntryModel = (conn: Connection): SearchEntryModel =>
  (conn.models.SearchEntry as SearchEntryModel | undefined) ??
  conn.model<SearchEntryFields>('SearchEntry', entrySchema);

export const SEP = '~';

/** Increasing across writers up to clock skew: milliseconds, then a random tie-breaker. */
export function writeStamp(): string {
  return `${String(Date.now()).padStart(15, '0')}${randomBytes(4).toString('hex')}`;
}

export function entryOf(doc: IndexedResource, stamp: string): SearchEntryFields {
  const data: PostingData = {
    audience: doc.audience,
    orgPath: [...doc.orgPath],
    createdBy: doc.createdBy,
    stage: doc.stage,
    subject: doc.subject,
    grade: doc.grade ?? null,
    edition: doc.edition ?? null,
    kind: doc.kind,
    originLevel: doc.originLevel,
    sharingState: doc.sharing?.state ?? 'NONE',
    popularity: doc.popularity ?? 0,
    createdAtMs: doc.createdAt ? new Date(doc.createdAt).getTime() : 0,
    title: doc.title,
    runs: textRuns(doc.title, doc.description, doc.chapter, doc.edition),
    titleCompact: compactText(doc.title),
    descriptionCompact: compactText(doc.description ?? ''),
  };
  const id = doc._id.toHexString();
  return {
    _id: `${id}${SEP}${stamp}`,
    r: id,
    w: stamp,
    status: doc.status ?? 'DRAFT',
    d: encodeEntryData(data),
  };
}

/**
 * The newest entry of each of these resources (overlapping writers can leave two for a
 * moment: the newest stamp wins), by resource id.
 */
export async function readEntries(
  entries: SearchEntryModel,
  ids: readonly string[],
): Promise<Map<string, SearchEntryFields>> {
  const newest = new Map<string, SearchEntryFields>();
  if (ids.length === 0) return newest;
  // All in the first batch: a find answers 101 documents and the rest in a second round trip.
  const rows = (await entries
    .find({ r: { $in: [...ids] } })
    .batchSize(ids.length * 2)
    .lean()) as SearchEntryFields[];
  for (const row of rows) {
    const seen = newest.get(row.r);
    if (!seen || seen.w < row.w) newest.set(row.r, row);
  }
  return newest;
}
