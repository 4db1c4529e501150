import {
  closeDatabase,
  connectServiceDatabase,
  createLogger,
  onShutdownSignal,
  pruneAccessLog,
  startServiceObservability,
} from '@edugraph/shared';
import { readIdentityConfig } from './config.ts';
import { createIdentityServer } from './server.ts';
import { openIdentityStore } from './store/index.ts';

const config = readIdentityConfig();
const logger = createLogger({ service: 'identity', level: config.LOG_LEVEL });
// Before the database opens, so its first commands are already traced.
const observability = await startServiceObservability('identity', config, logger);
const conn = await connectServiceDatabase('identity', config, logger);
observability.watchDatabase(conn);
try {
  const store = await openIdentityStore(conn, {
    accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS,
  });
  const server = await createIdentityServer(config, store, { logger, metrics: observability.metrics });
  const running = await server.listen(config.PORT, config.HOST);
  logger.info({ issuer: config.IDENTITY_ISSUER }, 'OpenID provider ready');
  const stopPruning = pruneAccessLog(store.accessLog, logger);
  onShutdownSignal(logger, async () => {
    stopPruning();
    server.stop();
    await running.stop();
    await closeDatabase(conn);
    await observability.stop();
  });
} catch (err) {
  await closeDatabase(conn);
  await observability.stop();
  throw err;
}
