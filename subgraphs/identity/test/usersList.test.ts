import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import { closeDatabase, connectDatabase, scopeWithin, subtreeOf, type Caller } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIdentityStore, type IdentityStore } from '../src/store/index.ts';
import { insertUser, userListFilter, usersPage, type UserListFilter } from '../src/store/user.ts';

const N = '100000';
const PATHS: Record<string, string[]> = {
  [N]: [N],
  '330000': [N, '330000'],
  '330102': [N, '330000', '330100', '330102'],
  '2133000001': [N, '330000', '330100', '330102', '2133000001'],
  '2133000002': [N, '330000', '330100', '330106', '2133000002'],
  '2144000001': [N, '440000', '440100', '440106', '2144000001'],
};

/**
 * The users list reads a subtree through its level field and the name key (indexable tenancy),
 * page by page, for users written before those fields existed too.
 */
describe('users list by level fields', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;
  let store: IdentityStore;
  const all: { username: string; displayName: string; orgPath: string[]; kind: string }[] = [];

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'users_list_test' });
    // Two users stored as before the level fields: the store's opening backfills them.
    for (const [i, org] of ['2133000001', '440000'].entries()) {
      const user = {
        username: `old.${i}`,
        displayName: `旧用户${i}`,
        kind: 'TEACHER',
        organization: org,
        orgPath: PATHS[org] ?? [N, org],
      };
      await conn
        .db!.collection('users')
        .insertOne({ ...user, roles: [], status: 'ACTIVE', passwordHash: 'x' });
      all.push(user);
    }
    store = await openIdentityStore(conn, { accessLogRetentionDays: 180 });
    let n = 0;
    for (const org of Object.keys(PATHS))
      for (const kind of ['TEACHER', 'ADMINISTRATOR']) {
        const user = {
          username: `u${n}`,
          // Names repeat: the key's username part keeps the order total.
          displayName: ['张三', '李四', '王五'][n % 3]!,
          kind,
          organization: org,
          orgPath: PATHS[org]!,
        };
        n += 1;
        await insertUser(store, { ...user, roles: [], passwordHash: 'x' });
        all.push(user);
      }
  });
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  async function everyPage(where: UserListFilter) {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await usersPage(store, { first: 2, after }, where);
      seen.push(...page.nodes.map((u) => u.username));
      if (!page.pageInfo.hasNextPage) return { seen, total: await page.totalCount() };
      after = page.pageInfo.endCursor;
    }
  }

  it('pages through a subtree in name order, with its total, for each level and the nation', async () => {
    for (const code of [N, '330000', '330102', '2133000001', '440000']) {
      const want = all
        .filter((u) => u.orgPath.includes(code))
        .sort((a, b) =>
          a.displayName === b.displayName
            ? a.username < b.username
              ? -1
              : 1
            : a.displayName < b.displayName
              ? -1
              : 1,
        )
        .map((u) => u.username);
      const got = await everyPage({ subtree: subtreeOf(code)!, equal: {} });
      expect(got, code).toEqual({ seen: want, total: want.length });
    }
    const teachers = await everyPage({ subtree: subtreeOf('330000')!, equal: { kind: 'TEACHER' } });
    expect(teachers.seen).toEqual(
      expect.arrayContaining(
        all.filter((u) => u.orgPath.includes('330000') && u.kind === 'TEACHER').map((u) => u.username),
      ),
    );
    expect(teachers.total).toBe(
      all.filter((u) => u.orgPath.includes('330000') && u.kind === 'TEACHER').length,
    );
  });

  it('intersects the caller’s subtree with a filter’s, and two organizations of one level match nothing', async () => {
    const admin = (org: string): Caller => ({
      subject: 'a',
      clientId: 'c',
      organization: org,
      orgPath: PATHS[org]!,
      roles: [],
      scopes: [],
      isService: false,
    });
    expect(scopeWithin(admin('330000'), '330102')).toEqual({ countyCode: '330102' });
    expect(scopeWithin(admin('330102'), '330000')).toEqual({ countyCode: '330102' });
    expect(scopeWithin(admin('330102'), '330106')).toBeUndefined();
    expect(scopeWithin(admin('330000'), '440000')).toBeUndefined();
    expect(scopeWithin(admin('2133000001'), '2133000002')).toBeUndefined();
    expect(scopeWithin(admin(N), '2144000001')).toEqual({ schoolCode: '2144000001' });
    const none = await everyPage({ subtree: null, equal: {} });
    expect(none).toEqual({ seen: [], total: 0 });
  });

  it('reads a subtree’s total from the counters kept on write, exact with concurrent inserts', async () => {
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const org = Object.keys(PATHS)[i % Object.keys(PATHS).length]!;
        const user = {
          username: `c${i}`,
          displayName: '并发',
          kind: 'TEACHER',
          organization: org,
          orgPath: PATHS[org]!,
        };
        await insertUser(store, { ...user, roles: [], passwordHash: 'x' });
        all.push(user);
      }),
    );
    const total = async (code: string, equal: Record<string, string> = {}) =>
      (await usersPage(store, { first: 1 }, { subtree: subtreeOf(code)!, equal })).totalCount();
    for (const code of [N, '330000', '330102', '2133000001', '440000', '440100'])
      expect({ code, total: await total(code) }).toEqual({
        code,
        total: all.filter((u) => u.orgPath.includes(code)).length,
      });
    // The subtree's total is the counter's; a filter besides it counts the users.
    const teachers = await total('330000', { kind: 'TEACHER' });
    await store.counters.updateOne({ _id: 'users:330000' }, { $inc: { records: 100 } });
    try {
      expect(await total('330000')).toBe(all.filter((u) => u.orgPath.includes('330000')).length + 100);
      expect(await total('330000', { kind: 'TEACHER' })).toBe(teachers);
    } finally {
      await store.counters.updateOne({ _id: 'users:330000' }, { $inc: { records: -100 } });
    }
  });

  it('reads a county’s page through an index, not the whole collection', async () => {
    const filter = userListFilter({ subtree: subtreeOf('330102')!, equal: { kind: 'TEACHER' } })!;
    expect(filter).not.toHaveProperty('orgPath');
    const plan = JSON.stringify(
      await store.users.collection.find(filter).sort({ nameKey: 1 }).limit(3).explain(),
    );
    expect(plan).toMatch(/USING INDEX/);
    expect(plan).not.toMatch(/SCAN users/);
  });
});
