import { createRng } from '@edugraph/infra';
import { startTestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose, { Types } from 'mongoose';
import { gradeLabel, resourceKinds, subjects, type ResourceKind } from '../src/catalog.ts';
import { readResourcesConfig } from '../src/config.ts';
import { createModels } from '../src/context.ts';
import { startResourcesService, type ResourcesService } from '../src/server.ts';
import { searchTokensOf } from '../src/resourceWrites.ts';
import { topicBanks } from '../src/seed/topics.ts';

export const part = 'resources';

const SIZE = Number(process.env.RESOURCES_BENCH_SIZE ?? 100_000);
const RUNS = Number(process.env.RESOURCES_BENCH_RUNS ?? 30);
const DB_RUNS = Number(process.env.RESOURCES_BENCH_DB_RUNS ?? 3);
const QUERIES = ['分数', '浮力', '函数', '课件', '光合作用', '长方形和正方形'];
const SUFFIXES = [
  '第一课时',
  '第二课时',
  '复习课',
  '公开课',
  '同步练习',
  '拓展阅读',
  '单元测试',
  '优质课',
  '家庭作业',
  '实验探究',
];
const CITIES = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'];

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { medianMs: +quantile(s, 0.5).toFixed(1), p99Ms: +quantile(s, 0.99).toFixed(1), runs: s.length };
};

/** A catalog of `size` published resources drawn from the curriculum topics, national and provincial. */
function* catalog(size: number) {
  const rng = createRng('bench', 'resources');
  const kinds = Object.keys(resourceKinds) as ResourceKind[];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < size; i++) {
    const bank = rng.pick(topicBanks);
    const [grade, topic, chapter] = rng.pick(bank.topics);
    const kind = rng.pick(kinds);
    const edition = rng.pick(bank.editions);
    const title = `${rng.pick(CITIES)}${edition}${gradeLabel(grade)}${subjects[bank.subject]}《${topic}》${resourceKinds[kind]} ${rng.pick(SUFFIXES)}`;
    const description = `${chapter}「${topic}」${resourceKinds[kind]}，适用于${gradeLabel(grade)}课堂教学。编号${i}`;
    const orgPath = rng.chance(0.5) ? ['100000'] : ['100000', '330000'];
    const at = new Date(start + i * 60_000);
    const views = rng.int(0, 500);
    yield {
      _id: new Types.ObjectId(),
      title,
      description,
      kind,
      stage: bank.stage,
      subject: bank.subject,
      grade,
      edition,
      chapter,
      language: 'zh-CN',
      format: 'pptx',
      content: {
        url: `https://res.example.cn/${i}.pptx`,
        sizeBytes: 1024 * rng.int(100, 9000),
        checksum: '0'.repeat(64),
      },
      coverUrl: null,
      license: null,
      providerId: new Types.ObjectId('000000000000000000000001'),
      originLevel: orgPath.length === 1 ? 'NATIONAL' : 'PROVINCIAL',
      organization: orgPath.at(-1),
      orgPath,
      audience: orgPath.at(-1),
      status: 'PUBLISHED',
      sharing: { state: 'NONE', target: null },
      history: [],
      createdBy: 'bench',
      version: 4,
      usage: { views, downloads: 0, favorites: 0, pushes: 0 },
      popularity: views,
      searchTokens: searchTokensOf({ title, description, chapter, edition }),
      publishedAt: at,
      changedAt: at,
      createdAt: at,
      updatedAt: at,
    };
  }
}

/**
 * Keyword search latency over HTTP (real token from the real identity provider, the real
 * resources server in this process) for a catalog of 100,000 published resources on the
 * embedded database, per query, median and p99. Baselines from the same run: a lookup by id,
 * the first catalog page without a keyword, and the same search with the in-memory index
 * turned off (the database alone). Database round trips per request are counted with the
 * driver's command monitoring.
 */
export async function run(): Promise<Record<string, unknown>> {
  const hub = await startTestHub({ services: ['identity'] });
  const dbName = databaseName(hub.dbPrefix, 'resources');
  const conn = mongoose.createConnection(hub.mongoUri, { dbName, retryWrites: false, monitorCommands: true });
  await conn.asPromise();
  let commands = 0;
  conn.getClient().on('commandStarted', () => (commands += 1));
  const services: ResourcesService[] = [];
  try {
    const models = createModels(conn);
    const t0 = performance.now();
    let batch: Record<string, unknown>[] = [];
    const someIds: string[] = [];
    for (const doc of catalog(SIZE)) {
      batch.push(doc);
      if (someIds.length < 60 && batch.length === 1) someIds.push(doc._id.toHexString());
      if (batch.length === 2000) {
        await models.resources.collection.insertMany(batch as never[], { ordered: false });
        batch = [];
      }
    }
    if (batch.length) await models.resources.collection.insertMany(batch as never[], { ordered: false });
    const loadSeconds = +((performance.now() - t0) / 1000).toFixed(1);
    console.log(`loaded ${SIZE} resources in ${loadSeconds} s`);

    const env = {
      MONGODB_URI: hub.mongoUri,
      EDUGRAPH_DB_PREFIX: hub.dbPrefix,
      IDENTITY_ISSUER: hub.url('identity'),
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
    const t1 = performance.now();
    const indexed = await startResourcesService(readResourcesConfig(env), { conn });
    services.push(indexed);
    await indexed.catalogReady;
    const indexBuildSeconds = +((performance.now() - t1) / 1000).toFixed(1);
    console.log(`catalog index built in ${indexBuildSeconds} s`);
    const plain = await startResourcesService(
      readResourcesConfig({ ...env, RESOURCES_SEARCH_INDEX: 'false' }),
      { conn },
    );
    services.push(plain);

    const token = await hub.tokenFor({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['resources:read'],
    });
    const timed = async (service: ResourcesService, query: string, variables: Record<string, unknown>) => {
      commands = 0;
      const start = performance.now();
      const res = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
      return { ms: performance.now() - start, data: body.data!, roundTrips: commands };
    };
    const SEARCH = 'query($q: String) { resources(query: $q, first: 20) { totalCount nodes { id title } } }';
    const perQuery: Record<string, unknown> = {};
    const all: number[] = [];
    const roundTrips: Record<string, number> = {};
    for (const q of QUERIES) {
      const first = await timed(indexed, SEARCH, { q });
      roundTrips.searchPage = first.roundTrips;
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push((await timed(indexed, SEARCH, { q })).ms);
      all.push(...samples);
      perQuery[q] = {
        matches: first.data.resources.totalCount,
        top: first.data.resources.nodes[0]?.title,
        ...stats(samples),
      };
      console.log(q, perQuery[q]);
    }
    const FACETS =
      'query($q: String) { resources(query: $q, first: 20) { totalCount nodes { id } facets { stage { count } subject { count } grade { count } edition { count } kind { count } originLevel { count } } } }';
    const facetSamples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(indexed, FACETS, { q: '分数' });
      facetSamples.push(r.ms);
      roundTrips.searchPageWithFacets = r.roundTrips;
    }
    const next = await timed(
      indexed,
      'query($q: String) { resources(query: $q, first: 20) { pageInfo { endCursor } } }',
      { q: '分数' },
    );
    roundTrips.secondPage = (
      await timed(
        indexed,
        'query($q: String, $a: String) { resources(query: $q, first: 20, after: $a) { nodes { id } } }',
        {
          q: '分数',
          a: next.data.resources.pageInfo.endCursor,
        },
      )
    ).roundTrips;
    const newest: number[] = [];
    for (let i = 0; i < RUNS; i++)
      newest.push((await timed(indexed, '{ resources(first: 20) { nodes { id title } } }', {})).ms);
    const byId: number[] = [];
    for (const id of someIds.slice(0, RUNS * 2)) {
      const r = await timed(indexed, 'query($id: ID!) { resource(id: $id) { id title } }', { id });
      byId.push(r.ms);
      roundTrips.lookupById = r.roundTrips;
    }
    const databaseOnly: number[] = [];
    for (let i = 0; i < DB_RUNS; i++) {
      const r = await timed(plain, SEARCH, { q: '分数' });
      databaseOnly.push(r.ms);
      roundTrips.searchPageDatabaseOnly = r.roundTrips;
      console.log('database only', Math.round(r.ms), 'ms');
    }
    return {
      database: 'FerretDB v1.24 (SQLite), embedded; machine shared with other jobs',
      resources: SIZE,
      loadSeconds,
      indexBuildSeconds,
      search: { ...stats(all), queries: perQuery },
      searchWithFacets: stats(facetSamples),
      baselineNewestPageNoKeyword: stats(newest),
      baselineLookupById: stats(byId),
      baselineSearchDatabaseOnly: stats(databaseOnly),
      roundTripsPerRequest: roundTrips,
      memoryRssMb: Math.round(process.memoryUsage().rss / 1048576),
    };
  } finally {
    for (const s of services) await s.stop().catch(() => undefined);
    await conn.close().catch(() => undefined);
    await hub.stop();
  }
}
