import { createLogger, runStoreService } from '@edugraph/shared';
import { readSpacesConfig } from './config.ts';
import { createSpacesServer } from './server.ts';
import { openSpacesStore } from './store/index.ts';

const config = readSpacesConfig();
const migrations = createLogger({ service: 'spaces', level: config.LOG_LEVEL });
await runStoreService('spaces', config, {
  async openStore(conn) {
    const store = await openSpacesStore(conn, {
      accessLogRetentionDays: config.PERSONAL_DATA_LOG_RETENTION_DAYS,
    });
    if (store.prepared.backfilled) migrations.info('index fields written into older spaces and posts');
    if (store.prepared.counted) migrations.info('region counters counted from the stored spaces and posts');
    return store;
  },
  createServer: (store, options) => createSpacesServer(config, store, options),
});
