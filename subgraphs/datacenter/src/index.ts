import { runStoreService } from '@edugraph/shared';
import { readDatacenterConfig } from './config.ts';
import { createDatacenterServer } from './server.ts';
import { openDatacenterStore } from './store/index.ts';

const config = readDatacenterConfig();
await runStoreService('datacenter', config, {
  openStore: (conn) =>
    openDatacenterStore(conn, { accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS }),
  createServer: (store, options) => createDatacenterServer(config, store, options),
});
