import { createHash } from 'node:crypto';
import { Types, type mongo } from 'mongoose';
import { appError, errors } from '../errors.ts';
import { databaseCapabilities } from './capabilities.ts';
import { isDuplicateKeyError } from './duplicateKey.ts';

/**
 * Retry-safe creating mutations (docs/decisions/0005). A client that lost the answer to a
 * `createPost` (its instance was killed, the connection dropped) cannot tell whether the post was
 * written; sent again with the same `idempotencyKey`, the mutation answers the record the first
 * request created instead of writing a second one.
 *
 * How, without transactions (the embedded database has none): the first request with a key
 * reserves, in one atomic insert into `idempotency_keys` (`_id` = caller + key), the `_id` the new
 * record will get. The record's own insert with that `_id` is the commit point: whoever runs the
 * write again (a retry after a crash, a duplicate racing on another instance) either inserts it
 * or hits the primary key and reads the record back. So exactly one record exists, whatever
 * instance died where, and no lock is held across the write.
 */
export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';
/** How long a key is remembered; a retry later than this is a new request. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
const TTL_MS = IDEMPOTENCY_KEY_TTL_HOURS * 3600_000;
/** How often an instance on the embedded database (no TTL index) deletes expired keys. */
const SWEEP_INTERVAL_MS = 3600_000;
const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

interface KeyDoc {
  _id: string;
  caller: string;
  key: string;
  operation: string;
  /** sha256 of the request's arguments besides the key. */
  hash: string;
  recordId: Types.ObjectId;
  /** Set once the write finished; a reservation without it is run again by a retry. */
  doneAt?: Date;
  createdAt: Date;
  expiresAt: Date;
}

export interface IdempotentRequest {
  /** The mutation's `idempotencyKey` argument; without one the write runs as usual. */
  key: string | null | undefined;
  /** Who asked (the token's subject): keys are scoped to the caller. */
  caller: string;
  /** The mutation's name: a key used for another mutation is refused. */
  operation: string;
  /** The mutation's arguments besides the key: the same key with others is refused. */
  payload: unknown;
  /** The created record's type, for the error when it was deleted since. */
  type: string;
}

export interface IdempotentWrite<T> {
  /** Creates the record with this `_id` (its insert is the commit point; may throw a duplicate key). */
  create(id: Types.ObjectId): Promise<T>;
  /** The record with this `_id`, its write completed (idempotent follow-ups redone), or null when none. */
  replay(id: Types.ObjectId): Promise<T | null>;
}

/** Canonical JSON: object keys sorted, so `{a, b}` and `{b, a}` hash alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const payloadHash = (payload: unknown) =>
  createHash('sha256').update(canonical(payload)).digest('hex');

/** The index that expires keys (TTL on MongoDB). */
export const IDEMPOTENCY_INDEX = { expiresAt: 1 } as const;

const keysOf = (db: mongo.Db) => db.collection<KeyDoc>(IDEMPOTENCY_COLLECTION);

/** The key's index: a TTL index on MongoDB; on the embedded database (no TTL, FerretDB 1.24) a plain one the sweep uses. */
export async function ensureIdempotencyIndexes(db: mongo.Db): Promise<void> {
  const { embedded } = await databaseCapabilities(db);
  await keysOf(db).createIndex(
    { ...IDEMPOTENCY_INDEX },
    embedded ? { name: 'expiresAt_1' } : { name: 'expiresAt_1', expireAfterSeconds: 0 },
  );
}

const lastSweep = new WeakMap<mongo.Db, number>();

/** Deletes expired keys at most hourly per connection (the embedded database's stand-in for a TTL index). */
async function sweepExpired(db: mongo.Db, now: number): Promise<void> {
  if (now - (lastSweep.get(db) ?? 0) < SWEEP_INTERVAL_MS) return;
  lastSweep.set(db, now);
  if ((await databaseCapabilities(db)).embedded)
    await keysOf(db).deleteMany({ expiresAt: { $lt: new Date(now) } });
}

/** Reserves the key (or finds its live reservation): one insert, or a read when it exists. */
async function reserve(db: mongo.Db, request: IdempotentRequest & { key: string }, hash: string) {
  const keys = keysOf(db);
  const _id = `${request.caller.length}:${request.caller}:${request.key}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = new Date();
    const doc: KeyDoc = {
      _id,
      caller: request.caller,
      key: request.key,
      operation: request.operation,
      hash,
      recordId: new Types.ObjectId(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + TTL_MS),
    };
    try {
      await keys.insertOne(doc);
      return doc;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const found = await keys.findOne({ _id });
    if (found && found.expiresAt.getTime() > now.getTime()) return found;
    // Expired but not yet deleted (MongoDB's TTL monitor runs every minute): forgotten, so reserve anew.
    if (found) await keys.deleteOne({ _id, recordId: found.recordId });
  }
  throw errors.unavailable('The idempotency key store');
}

function checkSameRequest(found: KeyDoc, request: IdempotentRequest, hash: string): void {
  if (found.operation === request.operation && found.hash === hash) return;
  const what = found.operation === request.operation ? 'other arguments' : `${found.operation}`;
  throw appError(
    'IDEMPOTENCY_KEY_REUSED',
    `idempotencyKey "${request.key}" was used at ${found.createdAt.toISOString()} for ${what}; a retry must send the same mutation with the same arguments, and a new request a new key.`,
    { field: 'idempotencyKey', operation: found.operation },
  );
}

/**
 * Runs a creating write at most once per caller and key (see above): without a key, `create`
 * with a fresh id; with one, the first request's record, created now or answered again.
 */
export async function idempotentCreate<T>(
  db: mongo.Db,
  request: IdempotentRequest,
  write: IdempotentWrite<T>,
): Promise<T> {
  const { key } = request;
  if (key === null || key === undefined) return write.create(new Types.ObjectId());
  if (!KEY.test(key))
    throw errors.badInput(
      'idempotencyKey: give 8 to 128 letters, digits or . _ : - (a UUID is a good key), new for each new request.',
      { field: 'idempotencyKey' },
    );
  const hash = payloadHash(request.payload);
  await sweepExpired(db, Date.now());
  const reservation = await reserve(db, { ...request, key }, hash);
  checkSameRequest(reservation, request, hash);
  const id = reservation.recordId;
  if (reservation.doneAt) {
    const record = await write.replay(id);
    if (!record) throw errors.notFound(request.type, `${id.toString()} (created with this idempotencyKey)`);
    return record;
  }
  let record: T;
  try {
    record = await write.create(id);
  } catch (err) {
    // Another request with this key (a retry, or a duplicate on another instance) inserted it first.
    const existing = isDuplicateKeyError(err) ? await write.replay(id) : null;
    if (!existing) throw err;
    record = existing;
  }
  await keysOf(db).updateOne({ _id: reservation._id, recordId: id }, { $set: { doneAt: new Date() } });
  return record;
}

/** A creating mutation's request as resolvers pass it down: the record's type is the store's to add. */
export type CreateRequest = Omit<IdempotentRequest, 'type'>;

/**
 * `idempotentCreate` for a store write some callers make without a request (seeds, internal
 * writes): without one it creates with a fresh id, as a request without a key does.
 */
export function createOnce<T>(
  db: mongo.Db,
  type: string,
  request: CreateRequest | undefined,
  write: IdempotentWrite<T>,
): Promise<T> {
  return request ? idempotentCreate(db, { ...request, type }, write) : write.create(new Types.ObjectId());
}

/** A mutation's arguments as an idempotent request: `idempotencyKey` apart, the rest its payload. */
export function idempotencyRequest<A extends { idempotencyKey?: string | null }>(
  operation: string,
  caller: string,
  args: A,
): CreateRequest {
  const { idempotencyKey, ...payload } = args;
  return { key: idempotencyKey, caller, operation, payload };
}
