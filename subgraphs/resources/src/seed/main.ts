import {
  closeDatabase,
  connectDatabase,
  createLogger,
  databaseName,
  loadConfig,
  seedConfigFields,
  subgraphConfigSchema,
} from '@edugraph/shared';
import { Types, type mongo } from 'mongoose';

type Collection = mongo.Collection;
import { createModels } from '../context.ts';
import { usedKey } from '../store/listKeys.ts';
import { reindexResources } from '../store/searchIndex.ts';
import { chinaDay } from '../usage.ts';
import { demoProviders, demoResources, demoSchoolPaths, stableId } from './demoCatalog.ts';

/**
 * The launcher's demo seed (run before the service starts): a few hundred resources with their
 * providers, review history and some usage. Idempotent and fast on re-run: a marker records the
 * settings already seeded, and records have stable ids.
 */
const config = loadConfig('resources seed', subgraphConfigSchema.extend(seedConfigFields));
const logger = createLogger({ service: 'resources-seed', level: config.LOG_LEVEL });
/** Inserts the records whose ids are not there yet (a re-run after an interrupted seed adds the rest). */
async function insertMissing(collection: Collection, docs: Record<string, unknown>[]): Promise<void> {
  const present = new Set(
    (await collection.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)),
  );
  const missing = docs.filter((d) => !present.has(String(d._id)));
  for (let i = 0; i < missing.length; i += 1000) {
    await collection.insertMany(missing.slice(i, i + 1000) as never[], { ordered: false });
  }
}

const MARKER = `demo-catalog-v1:${config.SEED}:${config.SEED_STUDENTS}`;

const conn = await connectDatabase({
  uri: config.MONGODB_URI,
  dbName: databaseName(config.EDUGRAPH_DB_PREFIX, 'resources'),
  logger,
});
try {
  const markers = conn.collection<{ _id: string; at: Date }>('seedmarkers');
  if (await markers.findOne({ _id: MARKER })) {
    logger.info({ marker: MARKER }, 'demo catalog already seeded');
  } else {
    const models = createModels(conn);
    const now = new Date();
    const schoolPaths = demoSchoolPaths(config.SEED, config.SEED_STUDENTS);
    const resources = demoResources({ seed: config.SEED, schoolPaths, now });
    const providerIds = new Map<string, Types.ObjectId>();
    const providers = [
      ...new Map(
        [...demoProviders, ...resources.map((r) => r.provider as (typeof demoProviders)[number])].map((p) => [
          p.key,
          p,
        ]),
      ).values(),
    ];
    await models.providers.bulkWrite(
      providers.map((p) => {
        const _id = new Types.ObjectId(stableId(p.key));
        providerIds.set(p.key, _id);
        return { updateOne: { filter: { _id }, update: { $set: { ...p, userId: null } }, upsert: true } };
      }),
    );
    // Usage: views and downloads by users of the demo schools, so indicators and "most used" have data.
    const events: Record<string, unknown>[] = [];
    const docs = resources.map((r, i) => {
      const doc = r.doc as Record<string, unknown> & { status: string; audience: string };
      const views = doc.status === 'PUBLISHED' ? (i * 37) % 23 : 0;
      const downloads = Math.floor(views / 4);
      for (let v = 0; v < views + downloads; v++) {
        const path = schoolPaths[v % schoolPaths.length] ?? ['100000', '330000'];
        const kind = v < views ? 'VIEW' : 'DOWNLOAD';
        const at = new Date(now.getTime() - (v + 1) * 3_600_000);
        const userId = `seed-user-${v}`;
        events.push({
          _id: new Types.ObjectId(stableId(`${r._id}:${kind}:${v}`)),
          resourceId: new Types.ObjectId(r._id as string),
          kind,
          userId,
          orgPath: [...path],
          day: chinaDay(at),
          dedupeKey: kind === 'VIEW' ? `VIEW:${r._id}:${userId}:${chinaDay(at)}` : `SEED:${r._id}:${v}`,
          at,
        });
      }
      const usage = { views, downloads, favorites: 0, pushes: 0 };
      return {
        ...doc,
        _id: new Types.ObjectId(r._id as string),
        providerId: providerIds.get((r.provider as { key: string }).key),
        usage,
        popularity: views + 2 * downloads,
        usedKey: usedKey(new Types.ObjectId(r._id as string), views + 2 * downloads),
      };
    });
    await insertMissing(models.resources.collection, docs);
    await insertMissing(models.usageEvents.collection, events);
    // Keyword postings: through the same write as the service's (the service builds them at
    // start-up only when a database has none at all).
    for (let i = 0; i < docs.length; i += 500)
      await reindexResources(
        models,
        docs.slice(i, i + 500).map((d) => d._id),
      );
    await markers.updateOne({ _id: MARKER }, { $set: { at: now } }, { upsert: true });
    logger.info(
      { resources: docs.length, providers: providers.length, events: events.length },
      'demo catalog seeded',
    );
  }
} finally {
  await closeDatabase(conn);
}
