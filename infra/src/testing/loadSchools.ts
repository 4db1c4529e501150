import { regionPath } from '@edugraph/shared/identifiers';
import type { GraphQLBody, TestSchool } from './testHub.ts';

type Call = (query: string, variables: Record<string, unknown>, token: string) => Promise<GraphQLBody>;

const LEVELS = ['NATION', 'PROVINCE', 'CITY', 'COUNTY'] as const;

async function must(call: Call, token: string, field: string, input: string, records: object[]) {
  const body = await call(
    `mutation($records: [${input}!]!) { ${field}(records: $records) { rejected results { status errors { field message } } } }`,
    { records },
    token,
  );
  const result = body.data?.[field] as { rejected: number } | undefined;
  if (!result || result.rejected > 0)
    throw new Error(`the data center refused test ${field}: ${JSON.stringify(body.errors ?? result)}`);
}

/**
 * Loads schools with their classes, and the regions above them that the data center does not
 * have yet, through the data center's own upsert API (as a sync job would), with a national token.
 */
export async function loadSchoolsIntoDatacenter(
  gql: (query: string, variables: Record<string, unknown>, token: string) => Promise<GraphQLBody>,
  token: () => Promise<string>,
  schools: readonly TestSchool[],
): Promise<void> {
  const bearer = await token();
  const codes = [...new Set(schools.flatMap((s) => regionPath(s.regionCode)))];
  const missing: object[] = [];
  for (const code of codes) {
    const found = await gql(`query($code: ID!) { region(code: $code) { code } }`, { code }, bearer);
    if (found.data?.region) continue;
    const path = regionPath(code);
    missing.push({
      code,
      name: `测试区划 ${code}`,
      level: LEVELS[path.length - 1],
      parentCode: path.at(-2) ?? null,
    });
  }
  if (missing.length) await must(gql, bearer, 'upsertRegions', 'RegionInput', missing);
  await must(
    gql,
    bearer,
    'upsertSchools',
    'SchoolInput',
    schools.map((s) => ({
      code: s.code,
      name: s.name ?? `测试学校 ${s.code}`,
      regionCode: s.regionCode,
      broadbandMbps: 100,
      classrooms: 10,
      multimediaClassrooms: 5,
      urban: true,
    })),
  );
  const classes = schools.flatMap((s) =>
    (s.classes ?? []).map((c) => ({
      code: c.code,
      schoolCode: s.code,
      grade: c.grade,
      name: c.name ?? `测试班级 ${c.code}`,
      enrollmentYear: Number(c.code.slice(10, 14)),
    })),
  );
  for (let i = 0; i < classes.length; i += 1000)
    await must(gql, bearer, 'upsertClasses', 'ClassInput', classes.slice(i, i + 1000));
}
