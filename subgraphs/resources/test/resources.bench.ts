import { request } from 'node:http';
import { quantile, startTestHub } from '@edugraph/infra/testing';
import { createLogger, databaseName } from '@edugraph/shared';
import mongoose from 'mongoose';
import { readResourcesConfig } from '../src/config.ts';
import { createResourcesServer } from '../src/server.ts';
import { openResourcesStore } from '../src/store/index.ts';
import { loadBenchCatalog } from './benchCatalog.ts';

export const part = 'resources';

/** BENCH_SCALE=0.03 runs it on 3,000 resources while developing. */
const SIZE = Math.max(200, Math.round(100_000 * Number(process.env.BENCH_SCALE ?? 1)));
const RUNS = Number(process.env.RESOURCES_BENCH_RUNS ?? 30);
const QUERIES = ['分数', '浮力', '函数', '课件', '光合作用', '长方形和正方形'];

const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { medianMs: +quantile(s, 0.5).toFixed(1), p99Ms: +quantile(s, 0.99).toFixed(1), runs: s.length };
};
/** POST without a time limit: a search on the database alone can take minutes at this size. */
function post(url: string, token: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}
const mb = (bytes: number) => Math.round(bytes / 1048576);

/**
 * Keyword search over HTTP (a real token from the real identity provider, the real resources
 * server in this process) on a catalog of 100,000 published resources in the embedded
 * database, read from the database's postings: per query and overall, median and p99, with
 * the database round trips of each request (the driver's command monitoring); the load rate
 * (resources and their postings through the service's bulk write), the service's start-up
 * time and the process's RSS after start and after the read mix.
 */
interface ResourcesService {
  url: string;
  postingsReady: Promise<void>;
  stop: () => Promise<void>;
}

/** The service as its entry point composes it (store, server, listen) over the bench's connection. */
async function startResourcesService(
  config: ReturnType<typeof readResourcesConfig>,
  conn: mongoose.Connection,
): Promise<ResourcesService> {
  const store = await openResourcesStore(conn, {
    accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS,
  });
  const logger = createLogger({ service: 'resources', level: config.LOG_LEVEL });
  const server = createResourcesServer(config, store, { logger });
  const running = await server.listen(config.PORT, config.HOST);
  return {
    url: running.url,
    postingsReady: server.postingsReady,
    stop: async () => {
      server.stop();
      await running.stop();
    },
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const began = performance.now();
  const hub = await startTestHub({ services: ['identity'] });
  const dbName = databaseName(hub.dbPrefix, 'resources');
  const conn = mongoose.createConnection(hub.mongoUri, { dbName, retryWrites: false, monitorCommands: true });
  await conn.asPromise();
  let commands = 0;
  conn.getClient().on('commandStarted', () => (commands += 1));
  const services: ResourcesService[] = [];
  try {
    const models = await openResourcesStore(conn, { accessLogRetentionDays: 180 });
    const t0 = performance.now();
    const { ids, postingsMs } = await loadBenchCatalog(models, SIZE);
    const loadSeconds = +((performance.now() - t0) / 1000).toFixed(1);
    const postings = await models.postings.estimatedDocumentCount();
    console.log(
      `loaded ${SIZE} resources and ${postings} postings in ${loadSeconds} s (postings ${Math.round(postingsMs / 1000)} s, summed over the loader's workers)`,
    );

    const env = {
      MONGODB_URI: hub.mongoUri,
      EDUGRAPH_DB_PREFIX: hub.dbPrefix,
      IDENTITY_ISSUER: hub.url('identity'),
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
    (globalThis as { gc?: () => void }).gc?.();
    const t1 = performance.now();
    const service = await startResourcesService(readResourcesConfig(env), conn);
    services.push(service);
    await service.postingsReady;
    const startSeconds = +((performance.now() - t1) / 1000).toFixed(2);
    (globalThis as { gc?: () => void }).gc?.();
    const rssAfterStartMb = mb(process.memoryUsage().rss);
    console.log(`service ready in ${startSeconds} s, RSS ${rssAfterStartMb} MB`);
    const indexed = service;

    const token = await hub.tokenFor({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['resources:read'],
    });
    const timed = async (service: ResourcesService, query: string, variables: Record<string, unknown>) => {
      commands = 0;
      const start = performance.now();
      const body = (await post(`${service.url}/graphql`, token, { query, variables })) as {
        data?: Record<string, any>;
        errors?: unknown[];
      };
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
      return { ms: performance.now() - start, data: body.data!, roundTrips: commands };
    };
    const roundTrips: Record<string, number> = {};
    const sample = async (name: string, n: number, request: () => ReturnType<typeof timed>) => {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = await request();
        samples.push(r.ms);
        roundTrips[name] = Math.max(roundTrips[name] ?? 0, r.roundTrips);
      }
      return stats(samples);
    };

    const SEARCH =
      'query($q: String) { resources(query: $q, first: 20) { totalCount nodes { id title kind grade usage { views } provider { id } } } }';
    const perQuery: Record<string, unknown> = {};
    const all: number[] = [];
    for (const q of QUERIES) {
      const first = await timed(indexed, SEARCH, { q });
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await timed(indexed, SEARCH, { q });
        samples.push(r.ms);
        roundTrips.searchPage = Math.max(roundTrips.searchPage ?? 0, r.roundTrips);
      }
      all.push(...samples);
      perQuery[q] = {
        matches: first.data.resources.totalCount,
        top: first.data.resources.nodes[0]?.title,
        ...stats(samples),
      };
      console.log(q, JSON.stringify(perQuery[q]));
    }
    const FACETS =
      'query($q: String) { resources(query: $q, first: 20) { totalCount nodes { id } facets { stage { count } subject { count } grade { count } edition { count } kind { count } originLevel { count } } } }';
    // Every query with its six facets counted.
    let facetQuery = 0;
    const searchWithFacets = await sample('searchPageWithFacets', RUNS * 2, () =>
      timed(indexed, FACETS, { q: QUERIES[facetQuery++ % QUERIES.length] }),
    );
    console.log('with facets', JSON.stringify(searchWithFacets));
    const NEXT =
      'query($q: String, $a: String) { resources(query: $q, first: 20, after: $a) { nodes { id } pageInfo { endCursor } } }';
    let after: string | null = null;
    const pages = await sample('laterPage', 10, async () => {
      const r = await timed(indexed, NEXT, { q: '课件', a: after });
      after = r.data.resources.pageInfo.endCursor;
      return r;
    });
    const NEWEST = '{ resources(first: 20) { nodes { id title } } }';
    const newest = await sample('newestPage', RUNS, () => timed(indexed, NEWEST, {}));
    const BY_ID = 'query($id: ID!) { resource(id: $id) { id title usage { views } } }';
    const spread = (n: number) =>
      Array.from({ length: n }, (_, i) => ids[Math.floor(((i + 0.5) * SIZE) / n)]!);
    const lookupIds = spread(RUNS);
    const byId = await sample('lookupById', RUNS, () => timed(indexed, BY_ID, { id: lookupIds.shift() }));

    const FEED = 'query($a: String) { resourceChanges(first: 100, after: $a) { endCursor changes { key } } }';
    let feedAfter: string | null = null;
    const feed = await sample('feedPage', 10, async () => {
      const r = await timed(indexed, FEED, { a: feedAfter });
      feedAfter = r.data.resourceChanges.endCursor;
      return r;
    });
    // A write at this size: a view recounts the resource's usage and updates it by id.
    const VIEW =
      'mutation($id: ID!) { recordResourceView(id: $id) { counted resource { usage { views } } } }';
    const viewIds = spread(5);
    const view = await sample('recordView', 5, () => timed(indexed, VIEW, { id: viewIds.shift() }));
    console.log('view', JSON.stringify(view));
    (globalThis as { gc?: () => void }).gc?.();
    const rssAfterReadsMb = mb(process.memoryUsage().rss);
    return {
      database: 'FerretDB v1.24 (SQLite, patched), embedded; machine shared with other jobs',
      resources: SIZE,
      postings,
      loadSeconds,
      /** Summed over the loader's workers (`LOAD_WORKERS` batches at once). */
      postingsWriteSeconds: Math.round(postingsMs / 1000),
      startSeconds,
      process: { rssAfterStartMb, rssAfterReadsMb },
      search: { ...stats(all), queries: perQuery },
      searchWithFacets,
      laterPages: pages,
      newestPageNoKeyword: newest,
      lookupById: byId,
      feedPageOf100: feed,
      recordView: view,
      roundTripsPerRequest: roundTrips,
      totalSeconds: Math.round((performance.now() - began) / 1000),
    };
  } finally {
    for (const s of services) await s.stop().catch(() => undefined);
    await conn.close().catch(() => undefined);
    await hub.stop();
  }
}
