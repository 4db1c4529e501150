import { runStoreService } from '@edugraph/shared';
import { readResourcesConfig } from './config.ts';
import { createResourcesServer } from './server.ts';
import { openResourcesStore } from './store/index.ts';

const config = readResourcesConfig();
await runStoreService('resources', config, {
  openStore: (conn) =>
    openResourcesStore(conn, { accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS }),
  createServer: (store, options) => createResourcesServer(config, store, options),
});
