import {
  closeDatabase,
  connectServiceDatabase,
  createLogger,
  onShutdownSignal,
  pruneAccessLog,
  startServiceObservability,
} from '@edugraph/shared';
import { readResourcesConfig } from './config.ts';
import { createResourcesServer } from './server.ts';
import { openResourcesStore } from './store/index.ts';

const config = readResourcesConfig();
const logger = createLogger({ service: 'resources', level: config.LOG_LEVEL });
// Before the database opens, so its first commands are already traced.
const observability = await startServiceObservability('resources', config, logger);
const conn = await connectServiceDatabase('resources', config, logger);
observability.watchDatabase(conn);
try {
  const store = await openResourcesStore(conn, {
    accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS,
  });
  const server = createResourcesServer(config, store, { logger, metrics: observability.metrics });
  const running = await server.listen(config.PORT, config.HOST);
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
