import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVE,
  PUBLISH,
  READ,
  REJECT,
  RETIRE,
  REVIEW,
  SUBMIT,
  WITHDRAW,
  WRITE,
  RESOURCE_FIELDS,
  createDraft,
  ok,
  refused,
  resourceInput,
  subjectOf,
} from './helpers.ts';

describe('review and admission over HTTP with real tokens', () => {
  let hub: TestHub;
  let author: string;
  let reviewer: string;
  let nationalReviewer: string;
  let cityReviewer: string;
  let adminWithoutRole: string;
  let reviewerWithoutScope: string;

  beforeAll(async () => {
    hub = await startTestHub({ services: ['identity', 'resources'] });
    [author, reviewer, nationalReviewer, cityReviewer, adminWithoutRole, reviewerWithoutScope] =
      await Promise.all([
        hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: [READ, WRITE] }),
        hub.tokenFor({ org: '330000', roles: ['RESOURCE_REVIEWER'], scopes: [READ, REVIEW] }),
        hub.tokenFor({ org: '100000', roles: ['RESOURCE_REVIEWER'], scopes: [READ, REVIEW] }),
        hub.tokenFor({ org: '330100', roles: ['RESOURCE_REVIEWER'], scopes: [READ, REVIEW] }),
        hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: [READ, WRITE, REVIEW] }),
        hub.tokenFor({ org: '100000', roles: ['RESOURCE_REVIEWER'], scopes: [READ] }),
      ]);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('takes a provincial resource from draft to retirement, refusing invalid steps and recording who, when and why', async () => {
    const draft = await createDraft(hub, author, '浙江省三年级数学《分数的初步认识》课件');
    expect(draft).toMatchObject({ status: 'DRAFT', audience: '330000', version: 1 });
    const id = draft.id;

    const early = await refused(hub, APPROVE, { id }, reviewer);
    expect(early.extensions).toMatchObject({
      code: 'INVALID_STATE_TRANSITION',
      from: 'DRAFT',
      to: 'APPROVED',
    });
    expect(early.message).toContain('DRAFT');

    expect((await ok(hub, SUBMIT, { id }, author)).submitResource.status).toBe('SUBMITTED');
    const noReason = await refused(hub, REJECT, { id, reason: '  ' }, reviewer);
    expect(noReason.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const rejected = (await ok(hub, REJECT, { id, reason: '第5页例题答案有误，请修改。' }, reviewer))
      .rejectResource;
    expect(rejected.status).toBe('REJECTED');

    const publishRejected = await refused(hub, PUBLISH, { id }, reviewer);
    expect(publishRejected.extensions).toMatchObject({
      code: 'INVALID_STATE_TRANSITION',
      from: 'REJECTED',
      to: 'PUBLISHED',
    });

    await ok(
      hub,
      `mutation($id: ID!) { updateResource(id: $id, input: { description: "已修正第5页例题。" }) { version } }`,
      { id },
      author,
    );
    await ok(hub, SUBMIT, { id }, author);

    // A reviewer below the owning level does not even see the submission.
    const below = await refused(hub, APPROVE, { id }, cityReviewer);
    expect(below.extensions?.code).toBe('NOT_FOUND');
    for (const [token, why] of [
      [adminWithoutRole, /RESOURCE_REVIEWER/],
      [reviewerWithoutScope, /resources:review/],
    ] as const) {
      const error = await refused(hub, APPROVE, { id }, token);
      expect(error.extensions?.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(why);
    }

    expect((await ok(hub, APPROVE, { id }, reviewer)).approveResource.status).toBe('APPROVED');
    const published = (await ok(hub, PUBLISH, { id }, author)).publishResource;
    expect(published.status).toBe('PUBLISHED');
    const retireWithout = await refused(hub, RETIRE, { id, reason: '' }, author);
    expect(retireWithout.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const retired = (await ok(hub, RETIRE, { id, reason: '已由新版教材资源替代。' }, reviewer))
      .retireResource;
    expect(retired.status).toBe('RETIRED');
    const again = await refused(hub, SUBMIT, { id }, author);
    expect(again.extensions).toMatchObject({
      code: 'INVALID_STATE_TRANSITION',
      from: 'RETIRED',
      to: 'SUBMITTED',
    });

    const history = retired.history as {
      action: string;
      from: string;
      to: string;
      actor: { id: string };
      reason: string | null;
      at: string;
    }[];
    expect(history.map((h) => `${h.action}:${h.from}>${h.to}`)).toEqual([
      'CREATE:NONE>DRAFT',
      'SUBMIT:DRAFT>SUBMITTED',
      'REJECT:SUBMITTED>REJECTED',
      'SUBMIT:REJECTED>SUBMITTED',
      'APPROVE:SUBMITTED>APPROVED',
      'PUBLISH:APPROVED>PUBLISHED',
      'RETIRE:PUBLISHED>RETIRED',
    ]);
    expect(history[2]).toMatchObject({
      actor: { id: subjectOf(reviewer) },
      reason: '第5页例题答案有误，请修改。',
    });
    expect(history[5]!.actor.id).toBe(subjectOf(author));
    expect(history[6]!.reason).toBe('已由新版教材资源替代。');
    const times = history.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(retired.version).toBe(8);
  });

  it('lets a national reviewer admit a provincial resource, never the reviewer who submitted it', async () => {
    const { id } = await createDraft(hub, author, '浙江省七年级数学《有理数》微课');
    await ok(hub, SUBMIT, { id }, author);
    expect((await ok(hub, APPROVE, { id }, nationalReviewer)).approveResource.status).toBe('APPROVED');

    const authorReviewer = await hub.tokenFor({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN', 'RESOURCE_REVIEWER'],
      scopes: [READ, WRITE, REVIEW],
    });
    const own = await createDraft(hub, authorReviewer, '审核员自己提交的资源');
    await ok(hub, SUBMIT, { id: own.id }, authorReviewer);
    const self = await refused(hub, APPROVE, { id: own.id }, authorReviewer);
    expect(self.extensions?.code).toBe('FORBIDDEN');
    expect(self.message).toMatch(/submitted themselves/);
  });

  it('lets exactly one of two reviewers acting at once decide, and records only that decision', async () => {
    for (let round = 0; round < 3; round++) {
      const { id } = await createDraft(hub, author, `《认识钟表》课件 同时审核 ${round}`);
      await ok(hub, SUBMIT, { id }, author);
      const answers = await Promise.all([
        hub.gql('resources', APPROVE, { id }, reviewer),
        hub.gql('resources', REJECT, { id, reason: '画面模糊，请重新录制。' }, nationalReviewer),
      ]);
      const won = answers.filter((a) => !a.errors);
      expect(won).toHaveLength(1);
      // Together, the loser's claim on the version fails (CONFLICT); on a loaded machine it may
      // arrive after the winner committed, when the step is no longer allowed
      // (INVALID_STATE_TRANSITION). Either is a clear refusal; which one came is not the point.
      const refusal = answers.find((a) => a.errors)?.errors?.[0];
      expect(['CONFLICT', 'INVALID_STATE_TRANSITION']).toContain(refusal?.extensions?.code);
      const final = (
        await ok(
          hub,
          `query($id: ID!) { resource(id: $id) { status version history { action } } }`,
          { id },
          reviewer,
        )
      ).resource;
      expect(final.history.map((h: { action: string }) => h.action)).toEqual([
        'CREATE',
        'SUBMIT',
        won[0]!.data!.approveResource ? 'APPROVE' : 'REJECT',
      ]);
      expect(final).toMatchObject({
        version: 3,
        status: won[0]!.data!.approveResource ? 'APPROVED' : 'REJECTED',
      });
    }
  });

  it('refuses edits once submitted and edits based on a stale version', async () => {
    const { id } = await createDraft(hub, author, '《圆的周长与面积》教学设计');
    const update = `mutation($id: ID!, $v: Int) { updateResource(id: $id, input: { chapter: "第五单元" }, expectedVersion: $v) { version chapter } }`;
    expect((await ok(hub, update, { id, v: 1 }, author)).updateResource).toEqual({
      version: 2,
      chapter: '第五单元',
    });
    const stale = await refused(hub, update, { id, v: 1 }, author);
    expect(stale.extensions?.code).toBe('CONFLICT');
    await ok(hub, SUBMIT, { id }, author);
    const locked = await refused(hub, update, { id, v: 3 }, author);
    expect(locked.extensions).toMatchObject({ code: 'INVALID_STATE_TRANSITION', from: 'SUBMITTED' });
    expect((await ok(hub, WITHDRAW, { id }, author)).withdrawResource.status).toBe('DRAFT');
  });

  it('refuses callers without a token or without a write scope', async () => {
    const anonymous = await hub.gql('resources', '{ resources { totalCount } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const create = await refused(
      hub,
      `mutation { createResource(input: { title: "x", kind: VIDEO, stage: PRIMARY, subject: MATH, format: "mp4", content: { url: "https://a.cn/x.mp4", sizeBytes: 1, checksum: "${'b'.repeat(64)}" } }) { id } }`,
      {},
      reviewer,
    );
    expect(create.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: [WRITE] });
  });

  it('creates one draft for a createResource sent again with its idempotencyKey, at once or later, and refuses the key with another title', async () => {
    const create = `mutation($input: ResourceInput!, $key: String) { createResource(input: $input, idempotencyKey: $key) { ${RESOURCE_FIELDS} } }`;
    const key = `retry-${randomUUID()}`;
    const title = `重试创建的课件 ${key}`;
    const input = resourceInput(title);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => ok(hub, create, { input, key }, author)),
    );
    const later = await ok(hub, create, { input, key }, author);
    const ids = new Set([...answers, later].map((a) => a.createResource.id));
    expect(ids.size).toBe(1);
    const { resources } = await ok(
      hub,
      '{ resources(filter: { status: [DRAFT] }, first: 100) { nodes { id title } } }',
      {},
      author,
    );
    expect(resources.nodes.filter((r: { title: string }) => r.title === title)).toHaveLength(1);
    const changed = await refused(hub, create, { input: resourceInput(`${title}（改）`), key }, author);
    expect(changed.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    // A review step repeated after a lost answer is refused by the status and recorded once.
    const id = later.createResource.id;
    await ok(hub, SUBMIT, { id }, author);
    expect((await refused(hub, SUBMIT, { id }, author)).extensions?.code).toBe('INVALID_STATE_TRANSITION');
    const { resource } = await ok(
      hub,
      'query($id: ID!) { resource(id: $id) { history { action } } }',
      { id },
      author,
    );
    expect(resource.history.filter((h: { action: string }) => h.action === 'SUBMIT')).toHaveLength(1);
  });
});
