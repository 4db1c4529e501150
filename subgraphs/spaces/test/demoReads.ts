/**
 * Times the spaces' reads a new user makes, through the gateway, on the demo seed (the reads
 * issue 15 found at 0.4–1.2 s): `mySpaces`, `myFeed`, a class → its space and posts, and
 * province and county indicators. Starts identity, datacenter, spaces and the gateway with
 * their demo seeds (SEED_STUDENTS, default 3000, as `npm start`), signs in as `demo.teacher` and
 * `zj.admin`, and prints one JSON line: the first read and the p50/max of RUNS more, in ms.
 *
 *   node subgraphs/spaces/test/demoReads.ts            (RUNS=20 SEED_STUDENTS=3000)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@edugraph/infra';
import { startTestHub } from '@edugraph/infra/testing';
import { composeSupergraph, findSubgraphSources } from '@edugraph/gateway/compose';

const RUNS = Number(process.env.RUNS ?? 20);
const STUDENTS = process.env.SEED_STUDENTS ?? '3000';
const names = ['identity', 'datacenter', 'spaces'];
const dir = mkdtempSync(join(tmpdir(), 'edugraph-demo-reads-'));
const composed = composeSupergraph(findSubgraphSources().filter((s) => names.includes(s.name)));
if (!composed.ok) throw new Error(composed.errors.join('\n'));
writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl);
const hub = await startTestHub({
  services: ['identity', 'datacenter', 'spaces', 'gateway'],
  seed: true,
  name: 'demo-reads',
  env: { SEED_STUDENTS: STUDENTS },
  serviceEnv: { gateway: { SUPERGRAPH_PATH: join(dir, 'supergraph.graphql') } },
});

async function gql(query: string, token: string, service: 'gateway' | 'spaces' = 'gateway') {
  const res = await fetch(`${hub.url(service)}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data! as Record<string, any>;
}

async function time(query: string, token: string, service: 'gateway' | 'spaces' = 'gateway') {
  const ms = async () => {
    const t = performance.now();
    await gql(query, token, service);
    return performance.now() - t;
  };
  const first = await ms();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await ms());
  runs.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { first: round(first), p50: round(runs[Math.floor(runs.length / 2)]!), max: round(runs.at(-1)!) };
}

try {
  const scopes = ['datacenter:read', 'spaces:read', 'spaces:write'];
  const teacher = (await hub.signIn('demo.teacher', DEMO_PASSWORD, scopes)).accessToken;
  const admin = (await hub.signIn('zj.admin', DEMO_PASSWORD, scopes)).accessToken;
  // Without datacenter:read the data center refuses the totals at once: the spaces' own counts alone.
  const countsOnly = (await hub.signIn('zj.admin', DEMO_PASSWORD, ['spaces:read'])).accessToken;
  const entity = (code: string) =>
    `{ _entities(representations: [{ __typename: "Region", code: "${code}" }]) { ... on Region { spaceIndicators { teacherSpaces secondaryStudentSpaces classSpaces schoolSpaces groupSpaces posts } } } }`;
  const { me } = await gql('{ me { organization } }', teacher);
  const classes = await gql(
    `{ classes(filter: { schoolCode: "${me.organization}" }, first: 1) { edges { node { code } } } }`,
    teacher,
  );
  const classCode = classes.classes.edges[0].node.code as string;
  const indicators = (code: string) =>
    `{ region(code: "${code}") { spaceIndicators { teacherSpaces secondaryStudentSpaces classSpaces schoolSpaces groupSpaces posts teacherRatio } } }`;
  const result = {
    students: Number(STUDENTS),
    runs: RUNS,
    mySpaces: await time(
      '{ mySpaces(first: 20) { totalCount edges { node { id title kind myRole } } } }',
      teacher,
    ),
    myFeed: await time(
      '{ myFeed(first: 20) { totalCount edges { node { id text authorName commentCount space { title } } } } }',
      teacher,
    ),
    classSpace: await time(
      `{ classByCode(code: "${classCode}") { name space { title myRole posts(first: 10) { edges { node { text commentCount } } } } } }`,
      teacher,
    ),
    provinceIndicators: await time(indicators('330000'), admin),
    countyIndicators: await time(indicators('330102'), admin),
    provinceSpaceCountsAtSpaces: await time(entity('330000'), countsOnly, 'spaces'),
    countySpaceCountsAtSpaces: await time(entity('330102'), countsOnly, 'spaces'),
  };
  console.log(JSON.stringify(result));
} finally {
  await hub.stop();
}
