import { randomUUID } from 'node:crypto';
import { startTestHub, type GraphQLBody, type ServiceName, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Stateless services, proven (issue 15 item 6): two instances of every subgraph, each behind a
 * round-robin proxy on the subgraph's port, so the gateway, the subgraphs calling each other and
 * the identity provider's own pages alternate between them. What one instance wrote the other
 * reads at once; concurrent writes through both lose nothing; killing one instance of each
 * subgraph in the middle of a load loses no request; a creating mutation whose instance died
 * after writing, before answering, is retried with its idempotencyKey and written once.
 */
const SCHOOL = '3133000001';
const COUNTY = '330102';
const PASSWORD = 'Correct-Horse-9';
const SUBGRAPHS: ServiceName[] = ['identity', 'datacenter', 'resources', 'spaces'];
const ALL_SCOPES = [
  'identity:admin',
  'datacenter:read',
  'datacenter:write',
  'resources:read',
  'resources:write',
  'spaces:read',
  'spaces:write',
];

describe('two instances of every subgraph behind one gateway', () => {
  let hub: TestHub;
  let national: string;
  let teacher: string;
  let groupId: string;
  /** Keys unique to this run (the database is new, but keys are what a client would make). */
  const runId = randomUUID();

  /** One operation through the gateway; `attempts` > 1 retries a failed one (what a client does). */
  const gql = async (token: string, query: string, variables: Record<string, unknown> = {}, attempts = 1) => {
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await fetch(`${hub.url('gateway')}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as GraphQLBody;
        if (res.ok && !body.errors?.length) return { data: body.data!, attempt };
        last = `${res.status} ${JSON.stringify(body.errors)}`;
      } catch (err) {
        last = String(err);
      }
    }
    throw new Error(`failed after ${attempts} attempts: ${last}`);
  };
  const ok = async (token: string, query: string, variables: Record<string, unknown> = {}) =>
    (await gql(token, query, variables)).data;

  /**
   * Runs a write, then the read until the subgraph's proxy sends it to the instance that did not
   * serve the write (round robin: the next request at the latest); returns that read's data.
   */
  const readOnOtherInstance = async (
    service: ServiceName,
    write: () => Promise<unknown>,
    read: () => Promise<any>,
  ) => {
    const proxy = hub.proxy(service)!;
    await write();
    const writer = proxy.served.at(-1);
    for (let i = 0; i < 4; i++) {
      const mark = proxy.served.length;
      const data = await read();
      const readers = proxy.served.slice(mark);
      if (readers.length > 0 && readers.every((r) => r !== writer)) return data;
    }
    throw new Error(`${service}: no read reached the other instance`);
  };

  beforeAll(async () => {
    hub = await startTestHub({
      services: [...SUBGRAPHS, 'gateway'],
      instances: 2,
      name: 'two',
      schools: [{ code: SCHOOL, regionCode: COUNTY, name: '杭州市上城区求是中学' }],
    });
    national = await hub.tokenFor({ org: '100000', roles: ['NATIONAL_ADMIN'], scopes: ALL_SCOPES });
    await hub.createUser({
      username: 'two.teacher',
      password: PASSWORD,
      displayName: '两实例老师',
      kind: 'TEACHER',
      org: SCHOOL,
      region: COUNTY,
      roles: ['TEACHER'],
    });
    // The code flow's pages and token endpoint alternate between the identity instances.
    teacher = (await hub.signIn('two.teacher', PASSWORD, ['spaces:read', 'spaces:write'])).accessToken;
  }, 600_000);
  afterAll(() => hub?.stop());

  it('reads back through the other instance, at once, what a write through one instance stored, in every subgraph', async () => {
    let userId = '';
    const user = await readOnOtherInstance(
      'identity',
      async () => {
        const data = await ok(
          national,
          `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`,
          {
            i: {
              username: 'two.written',
              displayName: '写入的用户',
              kind: 'TEACHER',
              organization: SCHOOL,
              regionCode: COUNTY,
              roles: ['TEACHER'],
              password: PASSWORD,
            },
          },
        );
        userId = data.createUser.user.id;
      },
      () => ok(national, 'query($id: ID!) { user(id: $id) { displayName } }', { id: userId }),
    );
    expect(user.user.displayName).toBe('写入的用户');

    const school = await readOnOtherInstance(
      'datacenter',
      () =>
        ok(national, `mutation($r: [SchoolInput!]!) { upsertSchools(records: $r) { rejected } }`, {
          r: [
            {
              code: SCHOOL,
              name: '杭州市上城区求是中学（新址）',
              regionCode: COUNTY,
              broadbandMbps: 1000,
              classrooms: 30,
              multimediaClassrooms: 30,
              urban: true,
            },
          ],
        }),
      () => ok(national, `{ schoolByCode(code: "${SCHOOL}") { name broadbandMbps } }`),
    );
    expect(school.schoolByCode).toEqual({ name: '杭州市上城区求是中学（新址）', broadbandMbps: 1000 });

    let resourceId = '';
    const resource = await readOnOtherInstance(
      'resources',
      async () => {
        const data = await ok(
          national,
          `mutation { createResource(input: { title: "两个实例的课件", kind: VIDEO, stage: PRIMARY, subject: MATH, format: "mp4",
            content: { url: "https://a.cn/x.mp4", sizeBytes: 1, checksum: "${'b'.repeat(64)}" } }) { id } }`,
        );
        resourceId = data.createResource.id;
      },
      () => ok(national, 'query($id: ID!) { resource(id: $id) { title status } }', { id: resourceId }),
    );
    expect(resource.resource).toEqual({ title: '两个实例的课件', status: 'DRAFT' });

    const space = await readOnOtherInstance(
      'spaces',
      async () => {
        const data = await ok(
          teacher,
          `mutation { createGroupSpace(input: { title: "上城区数学教研组", regionCode: "${COUNTY}", visibility: MEMBERS }) { id } }`,
        );
        groupId = data.createGroupSpace.id;
      },
      () => ok(teacher, 'query($id: ID!) { space(id: $id) { title myRole } }', { id: groupId }),
    );
    expect(space.space).toEqual({ title: '上城区数学教研组', myRole: 'OWNER' });
  });

  it('keeps every membership written through both instances at once', async () => {
    // 24 groups opened together: requests alternate, so both instances write the teacher's
    // memberships concurrently (the old per-member index document failed with E11000 when both instances created it).
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        ok(
          teacher,
          `mutation { createGroupSpace(input: { title: "并发教研组 ${i}", regionCode: "${COUNTY}", visibility: MEMBERS }) { id } }`,
        ),
      ),
    );
    const ids = created.map((d) => d.createGroupSpace.id as string);
    for (let read = 0; read < 2; read++) {
      const { mySpaces } = await ok(teacher, '{ mySpaces(first: 50) { edges { node { id myRole } } } }');
      const mine = mySpaces.edges.map((e: { node: { id: string; myRole: string } }) => e.node);
      for (const id of ids) expect(mine).toContainEqual({ id, myRole: 'OWNER' });
    }
  });

  it('loses no request that is retried when one instance of each subgraph is killed in the middle of a load', async () => {
    const school = `{ schoolByCode(code: "${SCHOOL}") { name space { id } } }`;
    const operations = Array.from({ length: 48 }, (_, i) => i);
    let done = 0;
    let stopped: Promise<void> | undefined;
    const run = async (i: number) => {
      const op =
        i % 4 === 0
          ? gql(
              teacher,
              'mutation($i: CreatePostInput!, $k: String) { createPost(input: $i, idempotencyKey: $k) { id } }',
              // One key per post, the same for its retries: a retry of a write that landed is not a second post.
              { i: { spaceId: groupId, text: `第 ${i} 条` }, k: `load-post-${i}-${runId}` },
              3,
            )
          : i % 4 === 1
            ? gql(teacher, '{ me { id displayName } mySpaces(first: 5) { totalCount } }', {}, 3)
            : i % 4 === 2
              ? gql(national, school, {}, 3)
              : gql(national, '{ resources(first: 5) { totalCount } }', {}, 3);
      const result = await op;
      if (++done === 12)
        stopped = Promise.all(SUBGRAPHS.map((s) => hub.killInstance(s, 1, 'SIGKILL'))).then(() => undefined);
      return result;
    };
    const results: { attempt: number }[] = [];
    for (let i = 0; i < operations.length; i += 4)
      results.push(...(await Promise.all(operations.slice(i, i + 4).map(run))));
    await stopped;
    expect(results).toHaveLength(48);
    // Now only the remaining instance of each subgraph answers.
    const marks = new Map(SUBGRAPHS.map((s) => [s, hub.proxy(s)!.served.length]));
    await Promise.all([1, 2, 3].map(run));
    for (const s of SUBGRAPHS) {
      const after = hub.proxy(s)!.served.slice(marks.get(s)!);
      expect(after.length, s).toBeGreaterThan(0);
      expect(new Set(after), s).toEqual(new Set([0]));
    }
    // Every write arrived exactly once, retried or not.
    const { space } = await ok(
      teacher,
      'query($id: ID!) { space(id: $id) { posts(first: 50) { totalCount edges { node { text } } } } }',
      { id: groupId },
    );
    expect(space.posts.totalCount).toBe(12);
    const texts = space.posts.edges.map((e: { node: { text: string } }) => e.node.text).sort();
    expect(texts).toEqual(
      operations
        .filter((i) => i % 4 === 0)
        .map((i) => `第 ${i} 条`)
        .sort(),
    );
    console.log(
      `load: ${results.filter((r) => r.attempt > 1).length} of 48 operations needed a retry; requests per instance:`,
      Object.fromEntries(
        SUBGRAPHS.map((s) => [s, [0, 1].map((i) => hub.proxy(s)!.served.filter((x) => x === i).length)]),
      ),
    );
  });

  /**
   * Sends a keyed creating mutation through the gateway until one reaches instance 1 of `service`,
   * which writes it; its answer is held, instance 1 is killed (SIGKILL), and the answer's
   * connection is cut, as when an instance dies between writing and answering. Returns the key
   * and what the client saw of that first attempt.
   */
  const writtenThenKilled = async (service: ServiceName, send: (key: string) => Promise<unknown>) => {
    const proxy = hub.proxy(service)!;
    proxy.holdAnswers(1);
    let key = '';
    let first: Promise<string> = Promise.resolve('');
    for (let n = 0; n < 4 && proxy.held.length === 0; n++) {
      key = `lost-answer-${randomUUID()}`;
      first = send(key).then(
        () => 'answered',
        (err: Error) => err.message,
      );
      // Instance 0 answers at once; instance 1 writes and its answer is held.
      await Promise.race([first, until(() => proxy.held.length > 0)]);
    }
    expect(proxy.held, `${service}: no request reached instance 1`).toEqual([1]);
    await hub.killInstance(service, 1, 'SIGKILL');
    proxy.dropHeld();
    return { key, first: await first };
  };
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((r) => setTimeout(r, 10));
  };

  it('writes once a post and a resource whose instance was killed after writing them, before answering, when the client retries with the same idempotencyKey', async () => {
    for (const s of ['spaces', 'resources'] as const) await hub.restartInstance(s, 1);
    const CREATE_POST =
      'mutation($i: CreatePostInput!, $k: String) { createPost(input: $i, idempotencyKey: $k) { id text } }';
    const postInput = (key: string) => ({ spaceId: groupId, text: `断线重试 ${key}` });
    const post = await writtenThenKilled('spaces', (k) => gql(teacher, CREATE_POST, { i: postInput(k), k }));
    // The client never saw the post: the connection dropped with the instance.
    expect(post.first).not.toBe('answered');
    const retried = await ok(teacher, CREATE_POST, { i: postInput(post.key), k: post.key });
    const { space } = await ok(
      teacher,
      'query($id: ID!) { space(id: $id) { posts(first: 50) { edges { node { id text } } } } }',
      { id: groupId },
    );
    const written = space.posts.edges.filter(
      (e: { node: { text: string } }) => e.node.text === `断线重试 ${post.key}`,
    );
    expect(written.map((e: { node: { id: string } }) => e.node.id)).toEqual([retried.createPost.id]);

    const CREATE_RESOURCE = `mutation($i: ResourceInput!, $k: String) { createResource(input: $i, idempotencyKey: $k) { id title } }`;
    const resourceInput = (key: string) => ({
      title: `断线重试课件 ${key}`,
      kind: 'VIDEO',
      stage: 'PRIMARY',
      subject: 'MATH',
      format: 'mp4',
      content: { url: 'https://a.cn/retry.mp4', sizeBytes: 1, checksum: 'c'.repeat(64) },
    });
    const resource = await writtenThenKilled('resources', (k) =>
      gql(national, CREATE_RESOURCE, { i: resourceInput(k), k }),
    );
    expect(resource.first).not.toBe('answered');
    const again = await ok(national, CREATE_RESOURCE, { i: resourceInput(resource.key), k: resource.key });
    const { resources } = await ok(
      national,
      '{ resources(filter: { status: [DRAFT] }, first: 100) { nodes { id title } } }',
    );
    const drafts = resources.nodes.filter(
      (r: { title: string }) => r.title === `断线重试课件 ${resource.key}`,
    );
    expect(drafts).toEqual([{ id: again.createResource.id, title: `断线重试课件 ${resource.key}` }]);
  });
});
