import { createRng, startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import { closeDatabase, connectDatabase, createLogger, roles, type Caller } from '@edugraph/shared';
import { Types, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canSeeResource, originLevelOf } from '../src/access.ts';
import { resourceStatuses, sharingStates } from '../src/catalog.ts';
import { catalogCounts, type CountedBrowse } from '../src/search/catalogFacets.ts';
import {
  CELL_FIELDS,
  buildCountsIfMissing,
  countNewResources,
  countedOf,
  type CellField,
  type StoredCounted,
} from '../src/store/catalogCounts.ts';
import { openResourcesStore, type ResourcesStore } from '../src/store/index.ts';
import { writeBulkPostings, writeStamp, type IndexedResource } from '../src/store/postings.ts';
import { writeResourceVersion } from '../src/store/resource.ts';
import { reindexResources } from '../src/store/searchIndex.ts';
import { resourceFields, N, PATHS } from './storeFixtures.ts';

const ORGS = Object.keys(PATHS);
const FACETS: CellField[] = ['stage', 'subject', 'grade', 'edition', 'kind', 'originLevel'];

function caller(org: string, role: string, subject = `${role}-${org}`, isService = false): Caller {
  return {
    subject,
    clientId: 'c',
    organization: org,
    orgPath: PATHS[org]!,
    roles: [role],
    scopes: ['resources:read'],
    isService,
  };
}

type Row = StoredCounted & { createdBy: string };

/** What the counts must answer: the resources `canSeeResource` lets the caller see, filtered and counted one by one. */
function expected(rows: readonly Row[], who: Caller, browse: CountedBrowse) {
  const seen = rows.filter(
    (r) =>
      canSeeResource(who, { ...r, status: r.status ?? 'DRAFT' }) &&
      browse.statuses.includes(r.status ?? 'DRAFT') &&
      (!browse.organization || r.orgPath.includes(browse.organization)) &&
      (!browse.sharingState || (r.sharing?.state ?? 'NONE') === browse.sharingState),
  );
  const value = (r: Row, f: CellField) => {
    const v = countedOf(r)[f];
    return v === null ? '' : String(v);
  };
  const matches = (r: Row, omit?: CellField) =>
    Object.entries(browse.chosen).every(([f, v]) => f === omit || value(r, f as CellField) === v);
  const facets: Record<string, Record<string, number>> = {};
  for (const f of FACETS) {
    facets[f] = {};
    for (const r of seen.filter((x) => matches(x, f))) {
      const v = value(r, f);
      if (v !== '') facets[f][v] = (facets[f][v] ?? 0) + 1;
    }
  }
  return { total: seen.filter((r) => matches(r)).length, facets };
}

describe('catalog counts kept on write', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;
  let store: ResourcesStore;
  const rng = createRng('catalog', 'counts');

  /** A resource of a random owner, audience on its path, status, sharing state and facet values. */
  function randomResource(i: number) {
    const org = rng.pick(ORGS);
    const orgPath = PATHS[org]!;
    const _id = new Types.ObjectId();
    return {
      ...resourceFields(_id, `资源${i}`),
      organization: org,
      orgPath,
      audience: rng.pick(orgPath),
      originLevel: originLevelOf(orgPath),
      status: rng.pick(resourceStatuses),
      sharing: { state: rng.pick(sharingStates), target: null },
      stage: rng.pick(['PRIMARY', 'JUNIOR']),
      subject: rng.pick(['MATH', 'CHINESE', 'ENGLISH']),
      grade: rng.chance(0.2) ? null : rng.int(1, 4),
      edition: rng.chance(0.2) ? null : rng.pick(['人教版', '北师大版', 'v1.2']),
      kind: rng.pick(['COURSEWARE', 'VIDEO']),
      createdBy: rng.pick(['t1', 't2', 't3']),
    };
  }
  const readAll = async () => (await store.resources.find({}, { history: 0 }).lean()) as unknown as Row[];

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'catalog_counts_test' });
    store = await openResourcesStore(conn, { accessLogRetentionDays: 180 });
    // Half through a bulk load (entries and counts per batch), half one by one, concurrently.
    const bulk = Array.from({ length: 120 }, (_, i) => randomResource(i));
    await store.resources.insertMany(bulk);
    await writeBulkPostings(store, bulk as unknown as IndexedResource[], writeStamp());
    await countNewResources(
      store,
      bulk.map((d) => countedOf(d as unknown as StoredCounted)),
    );
    const single = Array.from({ length: 120 }, (_, i) => randomResource(1000 + i));
    await Promise.all(
      single.map(async (d) => {
        await store.resources.create(d);
        await reindexResources(store, [d._id]);
      }),
    );
    // Then concurrent changes of status, audience, sharing and facets, several per resource.
    const all = [...bulk, ...single];
    await Promise.all(
      Array.from({ length: 160 }, async () => {
        const d = rng.pick(all);
        const set = rng.pick([
          { status: rng.pick(resourceStatuses) },
          { audience: rng.pick(d.orgPath) },
          { 'sharing.state': rng.pick(sharingStates) },
          { stage: rng.pick(['PRIMARY', 'SENIOR']), grade: rng.int(1, 4) },
          { edition: rng.pick(['人教版', '苏教版']), status: 'PUBLISHED' },
        ]);
        await writeResourceVersion(store, d._id, set);
        await reindexResources(store, [d._id]);
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  const callers = [
    caller(N, roles.NATIONAL_ADMIN),
    caller('330000', roles.SERVICE, 'zj-platform', true),
    caller('330000', roles.RESOURCE_REVIEWER),
    caller('330100', roles.CITY_ADMIN),
    caller('3301020001', roles.SCHOOL_ADMIN),
    caller('3301020001', roles.TEACHER, 't1'),
    caller('3301060001', roles.TEACHER, 't2'),
    caller('4401030001', roles.STUDENT, 's1'),
    caller('440000', roles.TEACHER, 't3'),
  ];
  const published = { statuses: ['PUBLISHED'], organization: null, sharingState: null, chosen: {} };
  const browses: CountedBrowse[] = [
    published,
    { ...published, statuses: [...resourceStatuses] },
    { ...published, statuses: ['SUBMITTED', 'APPROVED'] },
    ...ORGS.map((organization) => ({ ...published, statuses: [...resourceStatuses], organization })),
    { ...published, organization: '330000' },
    { ...published, organization: '3301060001' },
    { ...published, statuses: ['PUBLISHED', 'DRAFT'], sharingState: 'PENDING' },
    { ...published, chosen: { stage: 'PRIMARY' } },
    { ...published, statuses: [...resourceStatuses], chosen: { stage: 'JUNIOR', subject: 'MATH' } },
    { ...published, chosen: { grade: '3', edition: '人教版', originLevel: 'SCHOOL' } },
    { ...published, organization: 'nowhere' },
  ];

  it('answers exactly what visibility and the filters let through, for every caller and browse', async () => {
    const rows = await readAll();
    let compared = 0;
    for (const who of callers)
      for (const browse of browses) {
        const got = await catalogCounts(store, who, browse, FACETS);
        const want = expected(rows, who, browse);
        const facets = Object.fromEntries(
          FACETS.map((f) => [f, Object.fromEntries([...got.facets[f]!].filter(([, n]) => n > 0))]),
        );
        expect({ total: got.total, facets }, `${who.subject} ${JSON.stringify(browse)}`).toEqual(want);
        compared += want.total;
      }
    // The comparisons are not all empty.
    expect(compared).toBeGreaterThan(500);
  });

  it('holds what a count from scratch gives after concurrent writes', async () => {
    const cells = async () =>
      Object.fromEntries(
        (await store.catalogCounts.find({}).lean()).map((d) => [
          d._id,
          Object.fromEntries(Object.entries(d.c as Record<string, number>).filter(([, n]) => n !== 0)),
        ]),
      );
    const kept = await cells();
    await buildCountsIfMissing(store, createLogger({ service: 'test', level: 'silent' }), { force: true });
    const rebuilt = await cells();
    const nonEmpty = (c: Record<string, Record<string, number>>) =>
      Object.fromEntries(Object.entries(c).filter(([, v]) => Object.keys(v).length > 0));
    expect(nonEmpty(kept)).toEqual(nonEmpty(rebuilt));
    expect(Object.keys(rebuilt).length).toBeGreaterThan(20);
    expect(CELL_FIELDS).toContain('sharingState');
  });
});
