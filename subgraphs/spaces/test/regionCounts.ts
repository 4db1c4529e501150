import { startTestHub } from '@edugraph/infra/testing';

/**
 * The spaces' own region counts (`spaceIndicators` at spaces, no data center totals) on the demo
 * seed at N students (default 30,000): p50/p90 of 25 reads per region, one JSON line each.
 * `N=30000 node subgraphs/spaces/test/regionCounts.ts | grep '^{'` (the data center is not
 * started: its totals stay null, with a warning per read).
 */

const Q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { spaceIndicators {
  teacherSpaces secondaryStudentSpaces classSpaces schoolSpaces groupSpaces posts } } } }`;
const hub = await startTestHub({
  services: ['identity', 'spaces'],
  seed: true,
  serviceEnv: { spaces: { SEED_STUDENTS: process.env.N ?? '30000' } },
});
try {
  const token = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: ['spaces:read'] });
  for (const code of ['330000', '330100', '330102']) {
    const ms: number[] = [];
    let last: unknown;
    for (let i = 0; i < 25; i++) {
      const t = performance.now();
      const body = await hub.gql('spaces', Q, { r: [{ __typename: 'Region', code }] }, token);
      ms.push(performance.now() - t);
      last = body.data?._entities?.[0] ?? body.errors;
    }
    ms.sort((a, b) => a - b);
    console.log(JSON.stringify({ code, p50: +ms[12]!.toFixed(1), p90: +ms[22]!.toFixed(1), last }));
  }
} finally {
  await hub.stop();
}
