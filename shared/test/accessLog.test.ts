import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import type { Caller } from '../src/auth/caller.ts';
import { closeDatabase, connectDatabase } from '../src/database.ts';
import { ACCESS_LOG_PREFIX, createAccessLog } from '../src/personalData/accessLog.ts';
import { createAccessRecorder } from '../src/personalData/accessRecorder.ts';

const caller: Caller = {
  subject: 'u-1',
  clientId: 'portal',
  organization: '2133000001',
  orgPath: ['100000', '330000', '330100', '330102', '2133000001'],
  roles: ['TEACHER'],
  scopes: ['personal-data'],
  isService: false,
};

/** The access log's storage on the embedded database: one collection per day, pruned by dropping days. */
describe('personal-data access log storage', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;
  beforeAll(async () => {
    db = await startEmbeddedDatabase({ port: 0 });
    conn = await connectDatabase({ uri: db.uri, dbName: 'accesslog_test' });
  }, 60_000);
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  const names = async () =>
    (await conn.db!.listCollections().toArray())
      .map((c) => c.name)
      .filter((n) => n.startsWith(ACCESS_LOG_PREFIX))
      .sort();

  it('appends an entry to the collection of its day and reads it back for each organization on the paths', async () => {
    const log = createAccessLog(conn, 'datacenter', 30);
    const recorder = createAccessRecorder();
    recorder.note('idNumber', 'Student', 's1', ['100000', '330000', '330100', '330102', '2133000001']);
    recorder.note('birthDate', 'Student', 's1');
    recorder.note('idNumber', 'Teacher', 't9');
    const entry = await log.append(caller, { name: 'Roster', type: 'query' }, recorder.snapshot());
    const day = entry.at.toISOString().slice(0, 10).replaceAll('-', '');
    expect(await names()).toContain(`${ACCESS_LOG_PREFIX}${day}`);
    expect(entry.fields).toEqual(['Student.birthDate', 'Student.idNumber', 'Teacher.idNumber']);
    expect(entry.records).toEqual([
      { type: 'Student', ids: ['s1'] },
      { type: 'Teacher', ids: ['t9'] },
    ]);
    for (const org of ['100000', '330000', '330102', '2133000001'])
      expect((await log.page(org, {}, 10)).entries.map((e) => e.operationName)).toEqual(['Roster']);
    expect((await log.page('440000', {}, 10)).entries).toEqual([]);
  });

  it('prunes by dropping whole days past the retention, keeping the recent ones', async () => {
    const log = createAccessLog(conn, 'datacenter', 30);
    const now = new Date('2026-12-06T10:00:00Z');
    for (const day of ['20261001', '20261105', '20261106', '20261206'])
      await conn.db!.collection(`${ACCESS_LOG_PREFIX}${day}`).insertOne({ at: new Date(), orgs: ['100000'] });
    const dropped = await log.prune(now);
    expect(dropped).toEqual([`${ACCESS_LOG_PREFIX}20261001`, `${ACCESS_LOG_PREFIX}20261105`]);
    const left = await names();
    expect(left).toContain(`${ACCESS_LOG_PREFIX}20261106`);
    expect(left).toContain(`${ACCESS_LOG_PREFIX}20261206`);
    expect(left).not.toContain(`${ACCESS_LOG_PREFIX}20261001`);
    // A second instance pruning at the same time finds nothing left to drop.
    expect(await log.prune(now)).toEqual([]);
  });
});
