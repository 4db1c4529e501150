import { closeDatabase, connectServiceDatabase, createLogger } from '@edugraph/shared';
import { readDatacenterConfig } from '../config.ts';
import { createModels } from './models/index.ts';
import { recount } from './recount.ts';

/**
 * `npm run recount -w @edugraph/datacenter`: rebuilds the indicator counters from the stored
 * records (store/recount.ts), e.g. after a writer died between its record and counter writes.
 * Safe with the service running: each kind is recounted under the lock its writers take.
 */
const config = readDatacenterConfig();
const logger = createLogger({ service: 'datacenter-recount', level: config.LOG_LEVEL });
const conn = await connectServiceDatabase('datacenter', config, logger);
try {
  const started = Date.now();
  const written = await recount(createModels(conn));
  logger.info({ counters: written, ms: Date.now() - started }, 'counters recounted');
} finally {
  await closeDatabase(conn);
}
