import {
  closeDatabase,
  connectServiceDatabase,
  createLogger,
  loadConfig,
  seedConfigFields,
  subgraphConfigSchema,
} from '@edugraph/shared';
import { recordId } from '../store/ids.ts';
import { createResourcesStore } from '../store/index.ts';
import { usedKey } from '../store/listKeys.ts';
import { BULK_BATCH } from '../store/searchIndex.ts';
import { buildCountsIfMissing } from '../store/catalogCounts.ts';
import { recountRegionUsage } from '../store/regionUsage.ts';
import { bulkPostingWriter, writeStamp, type IndexedResource } from '../store/postings.ts';
import {
  insertMissingResources,
  insertMissingUsageEvents,
  markSeeded,
  seedMarked,
  upsertProviders,
} from '../store/seedWrites.ts';
import { chinaDay } from '../usage.ts';
import { demoProviders, demoResources, demoSchoolPaths, stableId } from './demoCatalog.ts';

/**
 * The launcher's demo seed (run before the service starts): a few hundred resources with their
 * providers, review history and some usage. Idempotent and fast on re-run: a marker records the
 * settings already seeded, and records have stable ids.
 */
const config = loadConfig('resources seed', subgraphConfigSchema.extend(seedConfigFields));
const logger = createLogger({ service: 'resources-seed', level: config.LOG_LEVEL });
const MARKER = `demo-catalog-v1:${config.SEED}:${config.SEED_STUDENTS}`;

const conn = await connectServiceDatabase('resources', config, logger);
try {
  const store = createResourcesStore(conn, {
    accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS,
  });
  if (await seedMarked(store, MARKER)) {
    logger.info({ marker: MARKER }, 'demo catalog already seeded');
  } else {
    const now = new Date();
    const schoolPaths = demoSchoolPaths(config.SEED, config.SEED_STUDENTS);
    const resources = demoResources({ seed: config.SEED, schoolPaths, now });
    const providers = [
      ...new Map(
        [...demoProviders, ...resources.map((r) => r.provider as (typeof demoProviders)[number])].map((p) => [
          p.key,
          p,
        ]),
      ).values(),
    ];
    const providerIds = await upsertProviders(
      store,
      providers.map((p) => ({ ...p, id: stableId(p.key) })),
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
          _id: recordId(stableId(`${r._id}:${kind}:${v}`)),
          resourceId: recordId(r._id as string),
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
        _id: recordId(r._id as string),
        providerId: providerIds.get((r.provider as { key: string }).key),
        usage,
        popularity: views + 2 * downloads,
        usedKey: usedKey(recordId(r._id as string), views + 2 * downloads),
      };
    });
    await insertMissingResources(store, docs);
    await insertMissingUsageEvents(store, events);
    // The search index of the new resources: the bulk write the start-up build uses (the
    // service builds it at start-up only when a database has none at all).
    const postings = bulkPostingWriter(store);
    for (let i = 0; i < docs.length; i += BULK_BATCH)
      await postings.add(docs.slice(i, i + BULK_BATCH) as unknown as IndexedResource[], writeStamp());
    await postings.flush();
    // The catalog's counts from scratch: a re-run after an interrupted seed inserts only the
    // missing resources, so adding this run's would count some twice.
    await buildCountsIfMissing(store, logger, { force: true });
    // The usage per region, for the same reason (the events were inserted in bulk).
    await recountRegionUsage(store);
    await markSeeded(store, MARKER, now);
    logger.info(
      { resources: docs.length, providers: providers.length, events: events.length },
      'demo catalog seeded',
    );
  }
} finally {
  await closeDatabase(conn);
}
