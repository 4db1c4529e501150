import { closeDatabase, connectServiceDatabase, createLogger } from '@edugraph/shared';
import { readResourcesConfig } from '../config.ts';
import { buildCountsIfMissing } from './catalogCounts.ts';
import { createResourcesStore } from './index.ts';
import { recountRegionUsage } from './regionUsage.ts';

/**
 * `npm run recount -w @edugraph/resources`: counts the catalog again from the resources
 * (catalogCounts.ts), e.g. after a writer died between a resource's search entry and its counts.
 * One pass over the catalog (about 2 minutes at 1,000,000 resources); a catalog write during the
 * pass may be counted as it was before it, so run it again if the catalog was being written.
 * Then the usage per region from the usage events, favorites and pushes (regionUsage.ts),
 * exact with writers running.
 */
const config = readResourcesConfig();
const logger = createLogger({ service: 'resources-recount', level: config.LOG_LEVEL });
const conn = await connectServiceDatabase('resources', config, logger);
try {
  const store = createResourcesStore(conn, {
    accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS,
  });
  await buildCountsIfMissing(store, logger, { force: true });
  logger.info({ written: await recountRegionUsage(store) }, 'region usage counters recounted');
} finally {
  await closeDatabase(conn);
}
