import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLASS_A,
  DC_READ,
  READ,
  REVIEW,
  SCHOOL_A,
  SCHOOL_B,
  WRITE,
  createDraft,
  loadDatacenter,
  ok,
  publishNew,
  refused,
} from './helpers.ts';

const PUSH = `mutation($id: ID!, $targets: [PushTargetInput!]!) {
  pushResource(id: $id, targets: $targets, note: "请各班在本周内使用") {
    id targetKind targetId targetCode schoolCode receipt pushedBy { id } resource { id title }
  }
}`;
const RECEIPT = `mutation($id: ID!, $status: PushReceiptStatus!) { updatePushReceipt(id: $id, status: $status) { receipt seenAt usedAt } }`;

describe('push to schools and classes, receipts and usage', () => {
  let hub: TestHub;
  const t: Record<string, string> = {};
  let teacherId: string;
  let provincial: string;
  let schoolOnly: string;

  beforeAll(async () => {
    hub = await startTestHub({ services: ['identity', 'datacenter', 'resources'] });
    await loadDatacenter(hub);
    const requests = {
      zhejiang: { org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: [READ, WRITE, DC_READ] },
      reviewer: { org: '330000', roles: ['RESOURCE_REVIEWER'], scopes: [READ, REVIEW] },
      jiangsu: { org: '320000', roles: ['PROVINCIAL_ADMIN'], scopes: [READ, WRITE, DC_READ] },
      schoolA: { ...SCHOOL_A, roles: ['SCHOOL_ADMIN'], scopes: [READ, WRITE, DC_READ] },
      schoolB: { ...SCHOOL_B, roles: ['SCHOOL_ADMIN'], scopes: [READ, WRITE, DC_READ] },
    };
    for (const [name, request] of Object.entries(requests)) t[name] = await hub.tokenFor(request);
    teacherId = (
      await hub.createUser({
        username: 'teacher-push',
        password: 'Teacher-pass-2026',
        displayName: '陈老师',
        kind: 'TEACHER',
        ...SCHOOL_A,
        roles: ['TEACHER'],
      })
    ).id;
    t.teacher = (await hub.signIn('teacher-push', 'Teacher-pass-2026', [READ, WRITE, DC_READ])).accessToken;
    provincial = await publishNew(hub, t.zhejiang!, t.reviewer!, '浙江省三年级数学《长方形和正方形》课件');
    schoolOnly = await publishNew(hub, t.schoolA!, t.reviewer!, '上城区实验小学 校本作业设计');
  });
  afterAll(async () => {
    await hub?.stop();
  });

  let classPush: string;

  it('lets a teacher push a published resource to a class of their school, with a PUSHED receipt', async () => {
    const pushed = (
      await ok(hub, PUSH, { id: provincial, targets: [{ kind: 'CLASS', code: CLASS_A }] }, t.teacher!)
    ).pushResource;
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({
      targetKind: 'CLASS',
      targetCode: CLASS_A,
      schoolCode: SCHOOL_A.org,
      receipt: 'PUSHED',
      pushedBy: { id: teacherId },
      resource: { id: provincial },
    });
    classPush = pushed[0].id;
    const again = (
      await ok(hub, PUSH, { id: provincial, targets: [{ kind: 'CLASS', code: CLASS_A }] }, t.teacher!)
    ).pushResource;
    expect(again[0].id).toBe(classPush);

    const classId = pushed[0].targetId;
    const listed = await ok(
      hub,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Class { pushedResources { totalCount nodes { id receipt resource { title } } } } } }',
      { r: [{ __typename: 'Class', id: classId }] },
      t.teacher!,
    );
    expect(listed._entities[0].pushedResources).toEqual({
      totalCount: 1,
      nodes: [
        { id: classPush, receipt: 'PUSHED', resource: { title: '浙江省三年级数学《长方形和正方形》课件' } },
      ],
    });
    const elsewhere = await ok(
      hub,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Class { pushedResources { totalCount } } } }',
      { r: [{ __typename: 'Class', id: classId }] },
      t.schoolB!,
    );
    expect(elsewhere._entities[0].pushedResources.totalCount).toBe(0);
  });

  it("refuses pushes outside the pusher's subtree, of unpublished resources, and beyond the audience", async () => {
    const outside = await refused(
      hub,
      PUSH,
      { id: provincial, targets: [{ kind: 'SCHOOL', code: SCHOOL_B.org }] },
      t.teacher!,
    );
    expect(outside.extensions?.code).toMatch(/NOT_FOUND|FORBIDDEN/);
    const stranger = await refused(
      hub,
      PUSH,
      { id: provincial, targets: [{ kind: 'SCHOOL', code: SCHOOL_A.org }] },
      t.jiangsu!,
    );
    expect(stranger.extensions?.code).toBe('NOT_FOUND');
    const draft = await createDraft(hub, t.zhejiang!, '未发布的资源');
    const unpublished = await refused(
      hub,
      PUSH,
      { id: draft.id, targets: [{ kind: 'SCHOOL', code: SCHOOL_A.org }] },
      t.zhejiang!,
    );
    expect(unpublished.extensions).toMatchObject({ code: 'INVALID_STATE_TRANSITION', from: 'DRAFT' });
    const beyond = await refused(
      hub,
      PUSH,
      { id: schoolOnly, targets: [{ kind: 'SCHOOL', code: SCHOOL_B.org }] },
      t.zhejiang!,
    );
    expect(beyond.extensions?.code).toBe('FORBIDDEN');
    expect(beyond.message).toContain(SCHOOL_B.org);
  });

  it('lets only the receiving school move its receipt forward: SEEN, then USED', async () => {
    const notTheSchool = await refused(hub, RECEIPT, { id: classPush, status: 'SEEN' }, t.zhejiang!);
    expect(notTheSchool.extensions?.code).toBe('FORBIDDEN');
    const otherSchool = await refused(hub, RECEIPT, { id: classPush, status: 'SEEN' }, t.schoolB!);
    expect(otherSchool.extensions?.code).toBe('NOT_FOUND');
    const seen = (await ok(hub, RECEIPT, { id: classPush, status: 'SEEN' }, t.teacher!)).updatePushReceipt;
    expect(seen.receipt).toBe('SEEN');
    expect(seen.seenAt).toBeTruthy();
    const used = (await ok(hub, RECEIPT, { id: classPush, status: 'USED' }, t.schoolA!)).updatePushReceipt;
    expect(used).toMatchObject({ receipt: 'USED', seenAt: seen.seenAt });
    const back = await refused(hub, RECEIPT, { id: classPush, status: 'SEEN' }, t.schoolA!);
    expect(back.extensions).toMatchObject({ code: 'INVALID_STATE_TRANSITION', from: 'USED', to: 'SEEN' });
  });

  it("shows a school its own pushes and its classes', and the province its pushes and their usage", async () => {
    await ok(
      hub,
      PUSH,
      {
        id: provincial,
        targets: [
          { kind: 'SCHOOL', code: SCHOOL_A.org },
          { kind: 'SCHOOL', code: SCHOOL_B.org },
        ],
      },
      t.zhejiang!,
    );
    const schoolId = (
      await ok(hub, PUSH, { id: provincial, targets: [{ kind: 'SCHOOL', code: SCHOOL_A.org }] }, t.schoolA!)
    ).pushResource[0].targetId;
    const q =
      'query($r: [_Any!]!, $all: Boolean) { _entities(representations: $r) { ... on School { pushedResources(includeClasses: $all) { nodes { targetKind receipt } } } } }';
    const own = await ok(hub, q, { r: [{ __typename: 'School', id: schoolId }], all: false }, t.schoolA!);
    expect(own._entities[0].pushedResources.nodes).toEqual([{ targetKind: 'SCHOOL', receipt: 'PUSHED' }]);
    const withClasses = await ok(
      hub,
      q,
      { r: [{ __typename: 'School', id: schoolId }], all: true },
      t.schoolA!,
    );
    expect(
      withClasses._entities[0].pushedResources.nodes.map((n: { targetKind: string }) => n.targetKind).sort(),
    ).toEqual(['CLASS', 'SCHOOL']);

    const resource = await ok(
      hub,
      'query($id: ID!) { resource(id: $id) { usage { pushes } pushes { targetCode } } }',
      { id: provincial },
      t.zhejiang!,
    );
    expect(resource.resource.usage.pushes).toBe(3);
    expect(resource.resource.pushes.map((p: { targetCode: string }) => p.targetCode).sort()).toEqual(
      [SCHOOL_A.org, SCHOOL_B.org, CLASS_A].sort(),
    );
    const region =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { resourceUsage { pushes pushesUsed } } } }';
    const zj = await ok(hub, region, { r: [{ __typename: 'Region', code: '330000' }] }, t.zhejiang!);
    expect(zj._entities[0].resourceUsage).toEqual({ pushes: 3, pushesUsed: 1 });
    const county = await ok(hub, region, { r: [{ __typename: 'Region', code: '330106' }] }, t.zhejiang!);
    expect(county._entities[0].resourceUsage).toEqual({ pushes: 1, pushesUsed: 0 });
    const hidden = await ok(hub, region, { r: [{ __typename: 'Region', code: '330000' }] }, t.schoolA!);
    expect(hidden._entities[0].resourceUsage).toBeNull();
  });

  it("counts a user's views once a day, and keeps favorites on the user", async () => {
    const view =
      'mutation($id: ID!) { recordResourceView(id: $id) { counted resource { usage { views } } } }';
    expect((await ok(hub, view, { id: provincial }, t.teacher!)).recordResourceView).toEqual({
      counted: true,
      resource: { usage: { views: 1 } },
    });
    expect((await ok(hub, view, { id: provincial }, t.teacher!)).recordResourceView).toEqual({
      counted: false,
      resource: { usage: { views: 1 } },
    });
    const fav = (
      await ok(
        hub,
        'mutation($id: ID!) { favoriteResource(id: $id) { favoriteCount viewerHasFavorited } }',
        { id: provincial },
        t.teacher!,
      )
    ).favoriteResource;
    expect(fav).toEqual({ favoriteCount: 1, viewerHasFavorited: true });
    const favorites =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { favorites { nodes { id favoriteCount } } } } }';
    const mine = await ok(hub, favorites, { r: [{ __typename: 'User', id: teacherId }] }, t.teacher!);
    expect(mine._entities[0].favorites.nodes).toEqual([{ id: provincial, favoriteCount: 1 }]);
    const someoneElse = await ok(hub, favorites, { r: [{ __typename: 'User', id: teacherId }] }, t.schoolB!);
    expect(someoneElse._entities[0].favorites.nodes).toEqual([]);
    const region = await ok(
      hub,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { resourceUsage { views favorites } } } }',
      { r: [{ __typename: 'Region', code: '330102' }] },
      t.zhejiang!,
    );
    expect(region._entities[0].resourceUsage).toEqual({ views: 1, favorites: 1 });
    const unfav = (
      await ok(
        hub,
        'mutation($id: ID!) { unfavoriteResource(id: $id) { favoriteCount viewerHasFavorited } }',
        { id: provincial },
        t.teacher!,
      )
    ).unfavoriteResource;
    expect(unfav).toEqual({ favoriteCount: 0, viewerHasFavorited: false });
  });

  it('counts every download, and a download retried with its idempotencyKey once', async () => {
    const download = `mutation($id: ID!, $key: String) {
      recordResourceDownload(id: $id, idempotencyKey: $key) { usage { downloads } }
    }`;
    const downloads = async (key?: string) =>
      (await ok(hub, download, { id: provincial, key }, t.teacher!)).recordResourceDownload.usage.downloads;
    const before = await downloads();
    expect(await downloads()).toBe(before + 1);
    const key = `download-${randomUUID()}`;
    expect(await downloads(key)).toBe(before + 2);
    expect(await downloads(key)).toBe(before + 2);
  });
});
