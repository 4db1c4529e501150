import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ, REVIEW, WRITE, createDraft, ok, publishNew, refused } from './helpers.ts';

const SCHOOL_A = { org: '2133000001', region: '330102' };
const SCHOOL_B = { org: '2133000002', region: '330106' };

/** Every path by which a resource can reach a caller, each answering the ids it shows. */
const paths = {
  list: async (hub: TestHub, token: string) =>
    (
      (await ok(hub, '{ resources(first: 100) { nodes { id } } }', {}, token)).resources.nodes as {
        id: string;
      }[]
    ).map((n) => n.id),
  search: async (hub: TestHub, token: string) =>
    (
      (await ok(hub, '{ resources(query: "校际可见", first: 100) { nodes { id } } }', {}, token)).resources
        .nodes as {
        id: string;
      }[]
    ).map((n) => n.id),
  feed: async (hub: TestHub, token: string) =>
    (
      (await ok(hub, '{ resourceChanges(first: 500) { changes { key op } } }', {}, token)).resourceChanges
        .changes as {
        key: string;
      }[]
    ).map((c) => c.key),
  lookup: async (hub: TestHub, token: string, ids: string[]) => {
    const seen: string[] = [];
    for (const id of ids) {
      const body = await hub.gql('resources', 'query($id: ID!) { resource(id: $id) { id } }', { id }, token);
      if (body.data?.resource) seen.push(body.data.resource.id);
      else expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    return seen;
  },
  reference: async (hub: TestHub, token: string, ids: string[]) => {
    const data = await ok(
      hub,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resource { id } } }',
      { r: ids.map((id) => ({ __typename: 'Resource', id })) },
      token,
    );
    return (data._entities as ({ id: string } | null)[]).flatMap((e) => (e ? [e.id] : []));
  },
};

describe('visibility across levels on every path, keyword search from the postings', () => {
  let hub: TestHub;
  const t: Record<string, string> = {};
  const r: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub({
      // Identity asks the data center where a school sits: it runs here with the test's schools.
      services: ['identity', 'datacenter', 'resources'],
      schools: [
        { code: SCHOOL_A.org, regionCode: SCHOOL_A.region },
        { code: SCHOOL_B.org, regionCode: SCHOOL_B.region },
      ],
      serviceEnv: { resources: { RESOURCE_FEED_SETTLE_MS: '0' } },
    });
    const rw = [READ, WRITE];
    const tokens = {
      nation: { org: '100000', roles: ['NATIONAL_ADMIN'], scopes: rw },
      nationReviewer: { org: '100000', roles: ['RESOURCE_REVIEWER'], scopes: [READ, REVIEW] },
      zhejiang: { org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: rw },
      zhejiangReviewer: { org: '330000', roles: ['RESOURCE_REVIEWER'], scopes: [READ, REVIEW] },
      jiangsu: { org: '320000', roles: ['PROVINCIAL_ADMIN'], scopes: rw },
      schoolA: { ...SCHOOL_A, roles: ['SCHOOL_ADMIN'], scopes: rw },
      schoolB: { ...SCHOOL_B, roles: ['SCHOOL_ADMIN'], scopes: rw },
    };
    for (const [name, request] of Object.entries(tokens)) t[name] = await hub.tokenFor(request);
    await hub.createUser({
      username: 'teacher-a',
      password: 'Teacher-pass-2026',
      displayName: '王老师',
      kind: 'TEACHER',
      ...SCHOOL_A,
      roles: ['TEACHER'],
    });
    t.teacherA = (await hub.signIn('teacher-a', 'Teacher-pass-2026', rw)).accessToken;

    r.national = await publishNew(hub, t.nation!, t.nationReviewer!, '国家 校际可见 数学课件');
    r.zhejiang = await publishNew(hub, t.zhejiang!, t.zhejiangReviewer!, '浙江 校际可见 数学课件');
    r.school = await publishNew(hub, t.schoolA!, t.zhejiangReviewer!, '学校A 校际可见 校本课件');
    r.draft = (await createDraft(hub, t.zhejiang!, '浙江 校际可见 草稿')).id;
    r.teacherDraft = (await createDraft(hub, t.teacherA!, '王老师 校际可见 草稿')).id;
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const expectations: [caller: string, sees: string[]][] = [
    ['teacherA', ['national', 'zhejiang', 'school', 'teacherDraft']],
    ['schoolA', ['national', 'zhejiang', 'school', 'teacherDraft']],
    ['schoolB', ['national', 'zhejiang']],
    ['zhejiang', ['national', 'zhejiang', 'school', 'draft', 'teacherDraft']],
    ['jiangsu', ['national']],
    ['nation', ['national', 'zhejiang', 'school', 'draft', 'teacherDraft']],
  ];

  it.each(expectations)('shows %s exactly %j by id and by entity reference', async (caller, sees) => {
    const all = Object.values(r);
    const expected = sees.map((k) => r[k]).sort();
    expect((await paths.lookup(hub, t[caller]!, all)).sort()).toEqual(expected);
    expect((await paths.reference(hub, t[caller]!, all)).sort()).toEqual(expected);
  });

  it.each(expectations)(
    'lists, searches and feeds to %s only the published ones it may see',
    async (caller, sees) => {
      const published = new Set(['national', 'zhejiang', 'school']);
      const expected = sees
        .filter((k) => published.has(k))
        .map((k) => r[k])
        .sort();
      const mine = (ids: string[]) => ids.filter((id) => Object.values(r).includes(id)).sort();
      expect(mine(await paths.list(hub, t[caller]!))).toEqual(expected);
      expect(mine(await paths.search(hub, t[caller]!))).toEqual(expected);
      expect(mine(await paths.feed(hub, t[caller]!))).toEqual(expected);
    },
  );

  it('hides a draft from a teacher of the same school who did not write it', async () => {
    await hub.createUser({
      username: 'teacher-a2',
      password: 'Teacher-pass-2026',
      displayName: '李老师',
      kind: 'TEACHER',
      ...SCHOOL_A,
      roles: ['TEACHER'],
    });
    const other = (await hub.signIn('teacher-a2', 'Teacher-pass-2026', [READ])).accessToken;
    expect(await paths.reference(hub, other, [r.teacherDraft!, r.school!])).toEqual([r.school]);
  });

  it('opens a provincial resource nationwide only after a national reviewer admits it when shared upward', async () => {
    const share = `mutation($id: ID!) { shareResourceUpward(id: $id) { sharing { state target } } }`;
    const approve = `mutation($id: ID!) { approveSharedResource(id: $id, reason: "优质资源，全国共享") { audience sharing { state } } }`;
    expect((await ok(hub, share, { id: r.zhejiang }, t.zhejiang!)).shareResourceUpward.sharing).toEqual({
      state: 'PENDING',
      target: '100000',
    });
    expect(await paths.reference(hub, t.jiangsu!, [r.zhejiang!])).toEqual([]);
    const provincial = await refused(hub, approve, { id: r.zhejiang }, t.zhejiangReviewer!);
    expect(provincial.extensions?.code).toBe('FORBIDDEN');
    expect((await ok(hub, approve, { id: r.zhejiang }, t.nationReviewer!)).approveSharedResource).toEqual({
      audience: '100000',
      sharing: { state: 'APPROVED' },
    });
    expect(await paths.reference(hub, t.jiangsu!, [r.zhejiang!])).toEqual([r.zhejiang]);
    expect(await paths.lookup(hub, t.jiangsu!, [r.zhejiang!])).toEqual([r.zhejiang]);
    expect((await paths.list(hub, t.jiangsu!)).sort()).toEqual([r.national, r.zhejiang].sort());
    const nationwide = await ok(
      hub,
      '{ resourceChanges(nationwideOnly: true) { changes { key op version } } }',
      {},
      t.jiangsu!,
    );
    expect(nationwide.resourceChanges.changes.map((c: { key: string }) => c.key).sort()).toEqual(
      [r.national, r.zhejiang].sort(),
    );
    const twice = await refused(hub, share, { id: r.zhejiang }, t.zhejiang!);
    expect(twice.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('turns a retired resource into a DELETE tombstone in the feed and hides it from the catalog', async () => {
    const before = await ok(hub, '{ resourceChanges(first: 500) { endCursor } }', {}, t.schoolB!);
    await ok(
      hub,
      'mutation($id: ID!) { retireResource(id: $id, reason: "教材改版") { status } }',
      { id: r.national },
      t.nation!,
    );
    const after = await ok(
      hub,
      'query($after: String) { resourceChanges(after: $after) { changes { key op } hasMore } }',
      { after: before.resourceChanges.endCursor },
      t.schoolB!,
    );
    expect(after.resourceChanges.changes).toEqual([{ key: r.national, op: 'DELETE' }]);
    expect(await paths.list(hub, t.schoolB!)).not.toContain(r.national);
  });
});
