import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { closeDatabase, connectDatabase } from '../src/database.ts';
import { applyCounterDeltas, counterDeltas, readCounters, withCounterLock } from '../src/store/counters.ts';
import { DATABASE_LOCK_LEASE_MS, withDatabaseLock } from '../src/store/databaseLock.ts';

/**
 * The lock across processes and the counters kept under it, on the embedded database, with two
 * connections standing for two instances of a service.
 */
describe('the database lock and the counters kept on write', () => {
  let db: EmbeddedDatabase;
  let one: Connection;
  let two: Connection;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    one = await connectDatabase({ uri: db.uri, dbName: 'database_lock_test' });
    two = await connectDatabase({ uri: db.uri, dbName: 'database_lock_test' });
  });
  afterAll(async () => {
    await one?.dropDatabase().catch(() => undefined);
    await closeDatabase(two);
    await closeDatabase(one);
    await db?.stop();
  });

  it('lets one holder at a time in, across connections, and releases the lock when the work fails', async () => {
    let inside = 0;
    let most = 0;
    const work = (conn: Connection, fail: boolean) =>
      withDatabaseLock(conn.db!, 'probe', async () => {
        most = Math.max(most, ++inside);
        await new Promise((r) => setTimeout(r, 5));
        inside -= 1;
        if (fail) throw new Error('work failed');
      }).catch((err: Error) => err.message);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => work(i % 2 ? one : two, i === 3)));
    expect(most).toBe(1);
    expect(results.filter((r) => r === 'work failed')).toHaveLength(1);
    expect(await one.db!.collection('write_locks').countDocuments({ _id: 'probe' } as never)).toBe(0);
  });

  it('breaks the lock of a holder that died once its lease is over, and only then', async () => {
    const locks = one.db!.collection('write_locks');
    const stuck = { _id: 'stuck', holder: 'dead', until: new Date(Date.now() - 1) };
    await locks.insertOne(stuck as never);
    expect(await withDatabaseLock(two.db!, 'stuck', async () => 'in')).toBe('in');
    await locks.insertOne({ ...stuck, until: new Date(Date.now() + DATABASE_LOCK_LEASE_MS) } as never);
    const waiting = withDatabaseLock(two.db!, 'stuck', async () => 'in');
    const first = await Promise.race([waiting, new Promise((r) => setTimeout(() => r('waiting'), 300))]);
    expect(first).toBe('waiting');
    await locks.deleteOne({ _id: 'stuck', holder: 'dead' } as never);
    expect(await waiting).toBe('in');
  });

  it('keeps a counter exact when writers on two connections add to it at once', async () => {
    const counted = { fields: [], of: () => ({ n: 1 }) };
    const add = (conn: Connection) =>
      withCounterLock(conn.db!, 'things', () =>
        applyCounterDeltas(
          conn.db!.collection('counters'),
          'things',
          counterDeltas('things', counted, [
            { after: { orgPath: ['100000', '330000', '330100', '330102'] } },
          ]),
        ),
      );
    await Promise.all(Array.from({ length: 40 }, (_, i) => add(i % 2 ? one : two)));
    const counters = await readCounters(one.db!.collection('counters'), ['things'] as const, '330102');
    expect(counters.things.n).toBe(40);
    const nation = await readCounters(one.db!.collection('counters'), ['things'] as const, '100000');
    expect(nation.things.n).toBe(40);
  });
});
