import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { spaceIndicators {
  teacherSpaces teachers teacherRatio secondaryStudentSpaces secondaryStudents secondaryStudentRatio classSpaces schoolSpaces } } } }`;

/**
 * The indicators divide the spaces this subgraph opened by the data center's totals, fetched
 * from the datacenter's graph with the caller's token: both seeded from the same generated
 * province, so the ratios land near the seed's targets.
 */
describe('space indicators with the data center’s totals', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ services: ['identity', 'datacenter', 'spaces'], seed: true });
  }, 240_000);
  afterAll(() => hub?.stop());

  const indicators = async (token: string, code: string) => {
    const body = await hub.gql('spaces', QUERY, { r: [{ __typename: 'Region', code }] }, token);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!._entities[0].spaceIndicators;
  };

  it('gives a province its ratios near 80 % of teachers and half of secondary students', async () => {
    const token = await hub.tokenFor({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['datacenter:read', 'spaces:read'],
    });
    const zj = await indicators(token, '330000');
    expect(zj.teachers).toBeGreaterThan(0);
    expect(zj.secondaryStudents).toBeGreaterThan(0);
    expect(zj.teacherRatio).toBeCloseTo(zj.teacherSpaces / zj.teachers, 3);
    expect(zj.teacherRatio).toBeGreaterThan(0.6);
    expect(zj.teacherRatio).toBeLessThanOrEqual(1);
    expect(zj.secondaryStudentRatio).toBeGreaterThan(0.25);
    expect(zj.secondaryStudentRatio).toBeLessThan(0.8);
    const city = await indicators(token, '330100');
    expect(city.teacherSpaces).toBeLessThanOrEqual(zj.teacherSpaces);
    expect(city.teachers).toBeLessThanOrEqual(zj.teachers);
  });

  it('leaves the totals out when the caller may not read the data center', async () => {
    const token = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: ['spaces:read'] });
    const zj = await indicators(token, '330000');
    expect(zj.teacherSpaces).toBeGreaterThan(0);
    expect(zj).toMatchObject({ teachers: null, teacherRatio: null, secondaryStudents: null });
  });
});
