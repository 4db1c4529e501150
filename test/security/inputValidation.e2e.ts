import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COUNTY, DEMO_SCHOOL, startPersonalDataHub, type PersonalDataHub } from './personalDataHub.ts';

/**
 * Finding 9 of issue 13 (its input parts): a 990 kB namePrefix gave a 500, operator-shaped and
 * `__proto__` representations gave INTERNAL errors, and names with control characters, bidi
 * overrides or a formula-like start were stored. Replayed at the subgraphs and the gateway.
 */
describe('input validation', () => {
  let h: PersonalDataHub;
  let reader: string;
  let writer: string;

  beforeAll(async () => {
    h = await startPersonalDataHub('input-validation');
    reader = await h.hub.tokenFor({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['datacenter:read', 'identity:admin', 'spaces:read'],
    });
    writer = await h.hub.tokenFor({
      org: '330000',
      roles: ['SERVICE'],
      scopes: ['datacenter:read', 'datacenter:write', 'personal-data'],
    });
  }, 300_000);
  afterAll(() => h?.stop());

  const expectBadInput = (body: { errors?: { extensions?: Record<string, any> }[] }, field: string) => {
    expect(body.errors?.length, JSON.stringify(body.errors)).toBeGreaterThan(0);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  };

  it('answers a 990 kB namePrefix with BAD_USER_INPUT naming the argument, never a 500', async () => {
    const huge = '张'.repeat(330_000); // 990 kB in UTF-8
    const lists = {
      datacenter: [
        'query($p: String) { students(filter: { namePrefix: $p }, first: 5) { nodes { id } } }',
        'query($p: String) { schools(filter: { namePrefix: $p }, first: 5) { nodes { id } } }',
        'query($p: String) { teachers(filter: { namePrefix: $p }, first: 5) { nodes { id } } }',
      ],
      identity: ['query($p: String) { users(filter: { namePrefix: $p }) { edges { node { id } } } }'],
    } as const;
    for (const [service, queries] of Object.entries(lists))
      for (const query of queries) {
        const res = await fetch(`${h.hub.url(service as 'datacenter')}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${reader}` },
          body: JSON.stringify({ query, variables: { p: huge } }),
        });
        expect(res.status, query).not.toBe(500);
        // The request limits' string bound (MAX_STRING_LENGTH) answers first, naming the variable.
        expectBadInput((await res.json()) as never, '$p');
      }
    // Through the gateway (within its body limit) the same clear answer; regex characters match themselves.
    expectBadInput(
      await h.graph('query($p: String) { students(filter: { namePrefix: $p }) { nodes { id } } }', reader, {
        p: 'x'.repeat(200),
      }),
      'filter.namePrefix',
    );
    const literal = await h.graph(
      '{ students(filter: { namePrefix: ".*" }, first: 5) { totalCount } }',
      reader,
    );
    expect(literal.data!.students.totalCount).toBe(0);
  });

  it('refuses operator-shaped and __proto__ representations in _entities with BAD_USER_INPUT, in every subgraph', async () => {
    const cases: [service: 'datacenter' | 'identity' | 'spaces', representation: string][] = [
      ['datacenter', '{"__typename":"Student","id":{"$gt":""}}'],
      ['datacenter', '{"__typename":"Region","code":{"$ne":null}}'],
      ['datacenter', '{"__typename":"School","__proto__":{"id":"x"}}'],
      ['datacenter', '{"__typename":"User","id":"u1","personNumber":{"$regex":"^G"}}'],
      ['datacenter', '{"__typename":"__proto__","id":"x"}'],
      ['identity', '{"__typename":"User","id":{"$gt":""}}'],
      ['identity', '{"__typename":"User","id":"x","constructor":{"prototype":{}}}'],
      ['spaces', '{"__typename":"Space","id":{"$gt":""}}'],
      ['spaces', '{"__typename":"User","id":"x","personNumber":{"$gt":""}}'],
      ['spaces', '{"__typename":"Class","code":["a","b"]}'],
    ];
    for (const [service, representation] of cases) {
      const res = await fetch(`${h.hub.url(service)}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${reader}` },
        body: `{"query":"query($r: [_Any!]!) { _entities(representations: $r) { __typename } }","variables":{"r":[${representation}]}}`,
      });
      const body = (await res.json()) as { errors?: { message: string; extensions?: Record<string, any> }[] };
      expect(body.errors?.[0]?.extensions?.code, `${service} ${representation}`).toBe('BAD_USER_INPUT');
      expect(body.errors![0]!.extensions!.field).toBe('representations.0');
      expect(body.errors![0]!.message).toMatch(/^Representation 0: /);
    }
  });

  it('refuses names with control characters, bidi overrides or a formula-like start on every write', async () => {
    const read = await h.graph(
      `{ students(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 1) { nodes { registryNumber name gender birthDate
          idNumber ethnicity school { code } class { code } status enrollmentYear } } }`,
      writer,
    );
    const s = read.data!.students.nodes[0];
    const record = (name: string) => ({
      registryNumber: s.registryNumber,
      name,
      gender: s.gender,
      birthDate: s.birthDate,
      idNumber: s.idNumber,
      ethnicity: s.ethnicity,
      schoolCode: s.school.code,
      classCode: s.class.code,
      status: s.status,
      enrollmentYear: s.enrollmentYear,
    });
    const bad = [
      '王\u202E芳芳',
      '李\u2066明',
      '张\u0007三',
      '=HYPERLINK("http://evil.example")',
      '+1',
      '-2',
      '@SUM(A1)',
    ];
    const upsert = await h.graph(
      'mutation($r: [StudentInput!]!) { upsertStudents(records: $r) { rejected updated results { status errors { field code message } } } }',
      writer,
      { r: [...bad.map(record), record(`${s.name}`)] },
    );
    expect(upsert.errors).toBeUndefined();
    const results = upsert.data!.upsertStudents.results;
    expect(upsert.data!.upsertStudents.rejected).toBe(bad.length);
    for (const r of results.slice(0, bad.length)) {
      expect(r.status).toBe('REJECTED');
      expect(r.errors).toEqual([expect.objectContaining({ field: 'name', code: 'INVALID_VALUE' })]);
    }
    expect(results.at(-1).status).not.toBe('REJECTED');

    for (const displayName of ['赵\u202E六', '=1+1']) {
      await expect(
        h.hub.createUser({
          username: `bad.name.${displayName.length}${displayName.charCodeAt(1)}`,
          displayName,
          kind: 'TEACHER',
          org: DEMO_SCHOOL,
          region: DEMO_COUNTY,
          roles: ['TEACHER'],
        }),
      ).rejects.toThrow(/BAD_USER_INPUT.*displayName|displayName.*BAD_USER_INPUT/);
    }

    const teacher = await h.signIn('demo.teacher', ['spaces:read', 'spaces:write']);
    for (const title of ['@SUM(1)', '教研组\u202Egnp.exe']) {
      expectBadInput(
        await h.graph('mutation($i: CreateGroupInput!) { createGroupSpace(input: $i) { id } }', teacher, {
          i: { title, regionCode: DEMO_COUNTY },
        }),
        'title',
      );
    }
  });
});
