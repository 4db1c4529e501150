import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL, startPersonalDataHub, subjectOf, type PersonalDataHub } from './personalDataHub.ts';

/**
 * Issue 13, "Personal-data access log (PIPL)": every answer that returns unmasked personal data
 * is recorded (who, client, when, operation, record ids) in the owning subgraph's database, and
 * provincial and national administrators read it through the graph, within their subtree.
 */
const LOG_FIELDS = `edges { cursor node { id at service subject clientId organization operationName operationType
  fields records { type ids } } } pageInfo { hasNextPage endCursor }`;

describe('personal-data access log', () => {
  let h: PersonalDataHub;
  let provincialAdmin: string;

  const logOf = async (
    service: 'datacenter' | 'identity' | 'spaces',
    filter: Record<string, unknown>,
    token = provincialAdmin,
    first = 50,
  ) =>
    h.graph(
      `query($f: PersonalDataAccessFilter, $n: Int) { log: ${service}PersonalDataAccessLog(filter: $f, first: $n) { ${LOG_FIELDS} } }`,
      token,
      { f: filter, n: first },
    );

  beforeAll(async () => {
    h = await startPersonalDataHub('access-log');
    provincialAdmin = await h.hub.tokenFor({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['datacenter:read'],
    });
  }, 300_000);
  afterAll(() => h?.stop());

  it('records one entry with subject, client, operation and record ids when a read returns unmasked data', async () => {
    const token = await h.hub.tokenFor({
      org: '330000',
      roles: ['SERVICE'],
      scopes: ['datacenter:read', 'personal-data'],
    });
    const before = new Date().toISOString();
    const read = await h.graph(
      `query ReadRoster { students(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 3) { nodes { id name registryNumber idNumber } } }`,
      token,
    );
    expect(read.errors).toBeUndefined();
    const ids: string[] = read.data!.students.nodes.map((n: { id: string }) => n.id);
    expect(ids).toHaveLength(3);

    const log = await logOf('datacenter', { subject: subjectOf(token) });
    expect(log.errors).toBeUndefined();
    expect(log.data!.log.edges).toHaveLength(1);
    const entry = log.data!.log.edges[0].node;
    expect(entry).toMatchObject({
      service: 'datacenter',
      subject: subjectOf(token),
      clientId: subjectOf(token),
      organization: '330000',
      operationName: 'ReadRoster',
      operationType: 'query',
    });
    expect(entry.fields).toContain('Student.registryNumber');
    expect(entry.records).toEqual([{ type: 'Student', ids: expect.arrayContaining(ids) }]);
    expect(entry.records[0].ids).toHaveLength(3);
    expect(entry.at >= before).toBe(true);
    // Ids only: the entry holds none of the values it was about.
    const values = read.data!.students.nodes.flatMap((n: any) => [n.registryNumber, n.idNumber, n.name]);
    for (const v of values.filter(Boolean)) expect(JSON.stringify(entry)).not.toContain(v);
  });

  it('writes no entry for a read that returned only masked data', async () => {
    const token = await h.hub.tokenFor({
      org: '330000',
      roles: ['SERVICE'],
      scopes: ['datacenter:read', 'spaces:read'],
    });
    const read = await h.graph(
      `{ students(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 3) { nodes { registryNumber idNumber birthDate } } }`,
      token,
    );
    expect(read.errors).toBeUndefined();
    for (const service of ['datacenter', 'identity', 'spaces'] as const) {
      const log = await logOf(service, { subject: subjectOf(token) });
      expect(log.errors).toBeUndefined();
      expect(log.data!.log.edges).toEqual([]);
    }
  });

  it("keeps identity's and the spaces' accesses in their own logs", async () => {
    const token = await h.hub.tokenFor({
      org: '330000',
      roles: ['SERVICE'],
      scopes: ['datacenter:read', 'spaces:read', 'personal-data'],
    });
    const user = await h.graph(
      'query Who { userByUsername(username: "demo.student") { id personNumber } }',
      token,
    );
    const spaces = await h.graph(
      'query Rosters { spaces(kind: CLASS, first: 1) { edges { node { members(first: 20) { edges { node { personNumber } } } } } } }',
      token,
    );
    expect(user.errors ?? spaces.errors).toBeUndefined();
    const identityLog = await logOf('identity', { subject: subjectOf(token) });
    expect(identityLog.data!.log.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({
        service: 'identity',
        operationName: 'Who',
        records: [{ type: 'User', ids: [user.data!.userByUsername.id] }],
      }),
    ]);
    const spacesLog = await logOf('spaces', { subject: subjectOf(token) });
    const entries = spacesLog.data!.log.edges.map((e: any) => e.node);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      service: 'spaces',
      operationName: 'Rosters',
      fields: ['Member.personNumber'],
    });
    expect(entries[0].records[0].type).toBe('Member');
    // Nothing from these reads reached the datacenter's log.
    expect((await logOf('datacenter', { subject: subjectOf(token) })).data!.log.edges).toEqual([]);
  });

  it('lets only provincial and national administrators read the log, each within their subtree, page by page', async () => {
    const token = await h.hub.tokenFor({
      org: '330000',
      roles: ['SERVICE'],
      scopes: ['datacenter:read', 'personal-data'],
      name: 'paging reader',
    });
    for (let i = 0; i < 3; i++)
      await h.graph(
        `{ students(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 1) { nodes { idNumber registryNumber } } }`,
        token,
      );
    const subject = subjectOf(token);
    const county = await h.hub.tokenFor({
      org: '330102',
      roles: ['COUNTY_ADMIN'],
      scopes: ['datacenter:read'],
    });
    const refused = await logOf('datacenter', { subject }, county);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const otherProvince = await h.hub.tokenFor({
      org: '440000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['datacenter:read'],
    });
    expect((await logOf('datacenter', { subject }, otherProvince)).data!.log.edges).toEqual([]);
    const nation = await h.hub.tokenFor({
      org: '100000',
      roles: ['NATIONAL_ADMIN'],
      scopes: ['datacenter:read'],
    });
    expect((await logOf('datacenter', { subject }, nation)).data!.log.edges).toHaveLength(3);

    const first = await logOf('datacenter', { subject }, provincialAdmin, 2);
    expect(first.data!.log.edges).toHaveLength(2);
    expect(first.data!.log.pageInfo.hasNextPage).toBe(true);
    const rest = await h.graph(
      `query($f: PersonalDataAccessFilter, $a: String) { log: datacenterPersonalDataAccessLog(filter: $f, first: 2, after: $a) { ${LOG_FIELDS} } }`,
      provincialAdmin,
      { f: { subject }, a: first.data!.log.pageInfo.endCursor },
    );
    expect(rest.data!.log.edges).toHaveLength(1);
    expect(rest.data!.log.pageInfo.hasNextPage).toBe(false);
    const all = [...first.data!.log.edges, ...rest.data!.log.edges].map((e: any) => e.node.at);
    expect(all).toEqual([...all].sort().reverse());
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await logOf('datacenter', { subject, from: future })).data!.log.edges).toEqual([]);
    expect((await logOf('datacenter', { subject, from: 'yesterday' })).errors?.[0]?.extensions).toMatchObject(
      {
        code: 'BAD_USER_INPUT',
        field: 'filter.from',
      },
    );
  });
});
