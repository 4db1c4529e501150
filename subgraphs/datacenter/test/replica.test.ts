import { createLogger } from '@edugraph/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseReads, replicaReads, type Reads } from '../src/reads.ts';
import { Replica } from '../src/replica/replica.ts';
import { RING_SIZE, type RecordCollection } from '../src/replica/ring.ts';
import { deleteRecords } from '../src/sync/deleteRecords.ts';
import { upsertRecords, type SyncDeps } from '../src/sync/upsert.ts';
import { loadFixtures, NATION, startTestDb, type TestDb } from './dbSetup.ts';
import { allRecords, student } from './fixtures.ts';

const logger = createLogger({ service: 'replica-test', level: 'silent' });
let t: TestDb;
/** Two service instances, each with its own connection, change-log writer and replica. */
let a: SyncDeps & { replica: Replica };
let b: SyncDeps & { replica: Replica };

async function instance() {
  const { deps } = await t.connect();
  const replica = new Replica(deps.models, logger);
  await replica.build();
  return { ...deps, replica };
}

/** What a request on that instance reads (fails when the replica could not answer). */
async function reads(i: { replica: Replica }): Promise<Reads> {
  expect(await i.replica.sync()).toBe(true);
  return replicaReads(i.replica);
}

/** Every record of the collection as the database and as the replica hold it. */
async function both(i: { replica: Replica }, coll: RecordCollection) {
  const stored = await databaseReads(t.models).find(coll, {});
  const held = await (await reads(i)).find(coll, {});
  return [held, stored];
}

beforeAll(async () => {
  t = await startTestDb();
  a = await instance();
  b = await instance();
  await loadFixtures(a);
});
afterAll(() => t?.stop());

describe('the replica of each service instance', () => {
  it('sees on one instance what was written through another before the read', async () => {
    const s = allRecords.STUDENT[0]! as Record<string, unknown>;
    for (let round = 0; round < 3; round++) {
      const writer = round % 2 === 0 ? a : b;
      const reader = round % 2 === 0 ? b : a;
      const name = `改名${round}`;
      const result = await upsertRecords(writer, NATION, 'STUDENT', [{ ...s, name }]);
      expect(result.updated).toBe(1);
      const [found] = await (
        await reads(reader)
      ).byKeys('students', 'registryNumber', [s.registryNumber as string]);
      expect(found?.name).toBe(name);
    }
    const fresh = student('2133000001', '330102', '301');
    await upsertRecords(a, NATION, 'STUDENT', [fresh]);
    const inClass = { classCode: fresh.classCode, deleted: false };
    const counted = await (await reads(b)).count('students', inClass);
    expect(counted).toBe(await databaseReads(t.models).count('students', inClass));
    await deleteRecords(b, NATION, 'STUDENT', [fresh.registryNumber]);
    expect(await (await reads(a)).count('students', inClass)).toBe(counted - 1);
  });

  it('holds exactly what the database holds after concurrent writers on both instances', async () => {
    const pool = Array.from({ length: 24 }, (_, i) =>
      student('2133000001', '330102', String(400 + i).padStart(3, '0')),
    );
    await Promise.all(
      [a, b, a, b].map(async (w, n) => {
        for (let round = 0; round < 4; round++) {
          const batch = pool.filter((_, i) => (i + n + round) % 3 === 0);
          await upsertRecords(
            w,
            NATION,
            'STUDENT',
            batch.map((s) => ({ ...s, name: `学生${n}-${round}` })),
          );
        }
      }),
    );
    for (const i of [a, b]) {
      const [held, stored] = await both(i, 'students');
      expect(held).toEqual(stored);
    }
  });

  it('rebuilds after falling further behind than the ring, reading the database meanwhile', async () => {
    // A third writer (a sync job's own process, the seed) fills the ring past its size.
    const { deps: other } = await t.connect();
    const s = allRecords.SCHOOL[0]! as Record<string, unknown>;
    for (let i = 0; i <= RING_SIZE; i++)
      await upsertRecords(other, NATION, 'SCHOOL', [{ ...s, principal: `校长${i}` }]);
    expect(await a.replica.sync()).toBe(false);
    await a.replica.build();
    const [held, stored] = await both(a, 'schools');
    expect(held).toEqual(stored);
    expect(held!.find((x) => x.code === s.code)?.principal).toBe(`校长${RING_SIZE}`);
  });
});
