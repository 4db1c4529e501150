import { runStoreService } from '@edugraph/shared';
import { readIdentityConfig } from './config.ts';
import { createIdentityServer } from './server.ts';
import { openIdentityStore } from './store/index.ts';

const config = readIdentityConfig();
await runStoreService('identity', config, {
  openStore: (conn) =>
    openIdentityStore(conn, { accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS }),
  createServer: (store, options) => createIdentityServer(config, store, options),
  onListening: (logger) => logger.info({ issuer: config.IDENTITY_ISSUER }, 'OpenID provider ready'),
});
