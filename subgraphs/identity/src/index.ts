import {
  closeDatabase,
  connectServiceDatabase,
  createLogger,
  onShutdownSignal,
  pruneAccessLog,
} from '@edugraph/shared';
import { readIdentityConfig } from './config.ts';
import { createIdentityServer } from './server.ts';
import { openIdentityStore } from './store/index.ts';

const config = readIdentityConfig();
const logger = createLogger({ service: 'identity', level: config.LOG_LEVEL });
const conn = await connectServiceDatabase('identity', config, logger);
try {
  const store = await openIdentityStore(conn, {
    accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS,
  });
  const server = await createIdentityServer(config, store, { logger });
  const running = await server.listen(config.PORT, config.HOST);
  logger.info({ issuer: config.IDENTITY_ISSUER }, 'OpenID provider ready');
  const stopPruning = pruneAccessLog(store.accessLog, logger);
  onShutdownSignal(logger, async () => {
    stopPruning();
    server.stop();
    await running.stop();
    await closeDatabase(conn);
  });
} catch (err) {
  await closeDatabase(conn);
  throw err;
}
