import type { Connection, Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { closeDatabase, connectDatabase } from '../src/database.ts';
import {
  ensureIdempotencyIndexes,
  IDEMPOTENCY_COLLECTION,
  idempotentCreate,
  type IdempotentRequest,
} from '../src/store/idempotency.ts';

/**
 * Idempotency keys on the embedded database, with two connections standing for two instances of
 * a service: a post-like record created through `idempotentCreate`, as the subgraphs' stores do.
 */
describe('retry-safe creating writes (idempotency keys)', () => {
  let db: EmbeddedDatabase;
  let one: Connection;
  let two: Connection;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    one = await connectDatabase({ uri: db.uri, dbName: 'idempotency_test' });
    two = await connectDatabase({ uri: db.uri, dbName: 'idempotency_test' });
    await ensureIdempotencyIndexes(one.db!);
  });
  afterAll(async () => {
    await one?.dropDatabase().catch(() => undefined);
    await closeDatabase(two);
    await closeDatabase(one);
    await db?.stop();
  });

  const things = (conn: Connection) => conn.db!.collection<{ _id: Types.ObjectId; text: string }>('things');
  const request = (key: string | null, over: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
    key,
    caller: 'teacher-1',
    operation: 'createPost',
    payload: { input: { spaceId: 's1', text: 'hello' } },
    type: 'Post',
    ...over,
  });
  /** Creates a "post" through `conn`, as a store's creating write does. */
  const createThing = (conn: Connection, req: IdempotentRequest) =>
    idempotentCreate(conn.db!, req, {
      create: async (id) => {
        await things(conn).insertOne({ _id: id, text: String(req.key) });
        return id.toString();
      },
      replay: async (id) => ((await things(conn).findOne({ _id: id })) ? id.toString() : null),
    });
  const stored = (key: string) => things(one).countDocuments({ text: key });
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'no error',
      (err: { extensions?: { code?: string } }) => err.extensions?.code,
    );

  it('answers a retry through another instance with the record the first request created', async () => {
    const first = await createThing(one, request('retry-key-0001'));
    const retried = await createThing(two, request('retry-key-0001'));
    expect(retried).toBe(first);
    expect(await stored('retry-key-0001')).toBe(1);
  });

  it('writes a new record for every request without a key, as before', async () => {
    const a = await createThing(one, request(null));
    const b = await createThing(one, request(null));
    expect(a).not.toBe(b);
  });

  it('refuses the same key with other arguments, or for another mutation, with IDEMPOTENCY_KEY_REUSED', async () => {
    await createThing(one, request('reused-key-0001'));
    const other = request('reused-key-0001', { payload: { input: { spaceId: 's1', text: 'changed' } } });
    const err = await createThing(two, other).catch((e: { message: string; extensions: object }) => e);
    expect(err).toMatchObject({
      extensions: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey', operation: 'createPost' },
    });
    expect((err as { message: string }).message).toMatch(/reused-key-0001.*other arguments/);
    expect(await codeOf(createThing(two, request('reused-key-0001', { operation: 'addComment' })))).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await stored('reused-key-0001')).toBe(1);
  });

  it('hashes the arguments, not their order: the same input with its fields in another order is the same request', async () => {
    const a = await createThing(one, request('order-key-0001', { payload: { input: { a: 1, b: [1, 2] } } }));
    const b = await createThing(two, request('order-key-0001', { payload: { input: { b: [1, 2], a: 1 } } }));
    expect(b).toBe(a);
  });

  it("keeps each caller's keys apart: two callers sending the same key create a record each", async () => {
    const mine = await createThing(one, request('shared-key-0001', { caller: 'teacher-1' }));
    const theirs = await createThing(two, request('shared-key-0001', { caller: 'teacher-2' }));
    expect(theirs).not.toBe(mine);
    expect(await stored('shared-key-0001')).toBe(2);
  });

  it('writes exactly one record when duplicates with one key arrive on two instances at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createThing(i % 2 ? one : two, request('racing-key-0001'))),
    );
    expect(new Set(answers).size).toBe(1);
    expect(await stored('racing-key-0001')).toBe(1);
  });

  it('finishes the write of a request that died after reserving its key, and only once', async () => {
    const keys = one.db!.collection(IDEMPOTENCY_COLLECTION);
    // The first request reserved the key and died before its record was written.
    let died = false;
    await idempotentCreate(one.db!, request('dying-key-0001'), {
      create: () => {
        died = true;
        throw new Error('killed');
      },
      replay: async () => null,
    }).catch(() => undefined);
    expect(died).toBe(true);
    const retried = await createThing(two, request('dying-key-0001'));
    expect(await stored('dying-key-0001')).toBe(1);
    // A request that died after its record's insert, before marking the key done: answered, not rewritten.
    await keys.updateOne({ key: 'dying-key-0001' }, { $unset: { doneAt: '' } });
    expect(await createThing(one, request('dying-key-0001'))).toBe(retried);
    expect(await stored('dying-key-0001')).toBe(1);
  });

  it('forgets a key once it expired: the same key later is a new request', async () => {
    const first = await createThing(one, request('expiring-key-01'));
    await one
      .db!.collection(IDEMPOTENCY_COLLECTION)
      .updateOne({ key: 'expiring-key-01' }, { $set: { expiresAt: new Date(Date.now() - 1) } });
    const later = await createThing(two, request('expiring-key-01', { payload: { other: true } }));
    expect(later).not.toBe(first);
    expect(await stored('expiring-key-01')).toBe(2);
  });

  it('answers NOT_FOUND when the record a key created was deleted since, rather than writing it again', async () => {
    const first = await createThing(one, request('deleted-key-001'));
    await things(one).deleteOne({ text: 'deleted-key-001' });
    expect(await codeOf(createThing(two, request('deleted-key-001')))).toBe('NOT_FOUND');
    expect(first).toBeTruthy();
    expect(await stored('deleted-key-001')).toBe(0);
  });

  it('refuses a malformed key, naming the argument', async () => {
    const err = await createThing(one, request('short')).catch((e: { extensions: object }) => e);
    expect(err).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'idempotencyKey' } });
  });
});
