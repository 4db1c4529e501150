import { closeDatabase, connectServiceDatabase, createLogger } from '@edugraph/shared';
import { readSpacesConfig } from '../config.ts';
import { recountSpaces } from './counters.ts';
import { createModels } from './models/index.ts';

/**
 * `npm run recount -w @edugraph/spaces`: rebuilds the region counters of spaces and posts from
 * the stored records (counters.ts), e.g. after a writer died between a record and its counters.
 * Safe with the service running: each collection is recounted under the lock its writers take.
 */
const config = readSpacesConfig();
const logger = createLogger({ service: 'spaces-recount', level: config.LOG_LEVEL });
const conn = await connectServiceDatabase('spaces', config, logger);
const started = Date.now();
try {
  logger.info({ counters: await recountSpaces(createModels(conn)), ms: Date.now() - started }, 'recounted');
} finally {
  await closeDatabase(conn);
}
