import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import mongoose, { type Connection } from 'mongoose';
import { NATION_CODE, type Caller } from '@edugraph/shared';
import { createModels, ensureIndexes, type EntityKind, type Models } from '../src/store/models/index.ts';
import { ensureCodeSets } from '../src/store/codeSets.ts';
import { createChangeLog } from '../src/store/changeLog.ts';
import { upsertRecords, type SyncDeps } from '../src/sync/upsert.ts';
import { allRecords } from './fixtures.ts';

export interface TestDb {
  db: EmbeddedDatabase | undefined;
  uri: string;
  dbName: string;
  conn: Connection;
  deps: SyncDeps;
  models: Models;
  /** A further connection (its own pool) with its own change-log writer, as another process would have. */
  connect(): Promise<{ conn: Connection; deps: SyncDeps }>;
  stop(): Promise<void>;
}

/** The real embedded database (or MONGODB_URI), one throw-away database per test file. */
export async function startTestDb(): Promise<TestDb> {
  const db = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase();
  const uri = process.env.MONGODB_URI ?? db!.uri;
  const dbName = `dctest_${Math.random().toString(36).slice(2, 10)}`;
  const open = async () => {
    const conn = await mongoose.createConnection(uri, { dbName, retryWrites: false }).asPromise();
    const models = createModels(conn);
    return { conn, deps: { models, log: createChangeLog(models) } };
  };
  const main = await open();
  await ensureIndexes(main.deps.models);
  await ensureCodeSets(main.deps.models);
  const extra: Connection[] = [];
  return {
    db,
    uri,
    dbName,
    conn: main.conn,
    deps: main.deps,
    models: main.deps.models,
    async connect() {
      const c = await open();
      extra.push(c.conn);
      return c;
    },
    async stop() {
      await main.conn.dropDatabase().catch(() => undefined);
      await Promise.all([main.conn, ...extra].map((c) => c.close()));
      await db?.stop();
    },
  };
}

export function caller(
  organization: string,
  orgPath: string[],
  scopes: string[] = ['datacenter:read', 'datacenter:write'],
): Caller {
  return {
    subject: 'test',
    clientId: 'test',
    organization,
    orgPath,
    roles: ['SERVICE'],
    scopes,
    isService: true,
  };
}

export const NATION = caller(
  NATION_CODE,
  [NATION_CODE],
  ['datacenter:read', 'datacenter:write', 'personal-data'],
);

/** Loads the fixture data center, kind by kind. */
export async function loadFixtures(deps: SyncDeps): Promise<void> {
  for (const kind of Object.keys(allRecords) as (keyof typeof allRecords & EntityKind)[]) {
    const result = await upsertRecords(deps, NATION, kind, allRecords[kind] as Record<string, unknown>[]);
    if (result.rejected > 0)
      throw new Error(`fixtures rejected: ${JSON.stringify(result.results.filter((r) => r.errors.length))}`);
  }
}
