import { join } from 'node:path';
import { startEmbeddedDatabase } from '@edugraph/embedded-db';
import { dataRoot } from '../paths.ts';

/** `npm run db`: the embedded database alone, until Ctrl-C. */
const port = Number(process.env.EMBEDDED_DB_PORT ?? 27017);
const dataDir = process.env.EDUGRAPH_DATA_DIR ?? join(dataRoot, 'ferretdb');
const db = await startEmbeddedDatabase({ port, dataDir, logLevel: 'warn' });
console.log(`embedded database listening at ${db.uri} (data in ${dataDir}); Ctrl-C stops it`);
const stop = () => void db.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
