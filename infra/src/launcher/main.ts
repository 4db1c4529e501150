import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@edugraph/shared';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { dataRoot, repoRoot } from '../paths.ts';
import { loadLauncherConfig } from './config.ts';
import { printBanner } from './banner.ts';
import { runToCompletion, startProcess, stopProcess, waitUntilReady, type Managed } from './processes.ts';
import { entryOf, isBuilt, seedOf, serviceSpecs } from './services.ts';

/**
 * `npm start`: the embedded database (unless MONGODB_URI is set), every subgraph and the
 * gateway as separate processes, the demo seed on first start, then the addresses to use.
 * Ctrl-C stops everything.
 */
async function main(): Promise<void> {
  const config = loadLauncherConfig();
  const running: Managed[] = [];
  let db: EmbeddedDatabase | undefined;
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nedugraph: stopping…');
    for (const m of [...running].reverse()) await stopProcess(m);
    await db?.stop();
    console.log('edugraph: stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    let mongoUri = config.MONGODB_URI;
    if (!mongoUri) {
      const dataDir = config.EDUGRAPH_DATA_DIR ?? join(dataRoot, 'ferretdb');
      console.log(`edugraph: starting the embedded database (FerretDB on SQLite, data in ${dataDir})`);
      db = await startEmbeddedDatabase({
        port: config.EMBEDDED_DB_PORT,
        host: config.HOST,
        dataDir,
        logLevel: 'warn',
      });
      mongoUri = db.uri;
    } else {
      console.log(`edugraph: using MongoDB at ${mongoUri.replace(/\/\/[^@/]*@/, '//***@')}`);
    }

    const specs = serviceSpecs(config, mongoUri).filter(isBuilt);
    let index = 0;
    for (const spec of specs) {
      if (existsSync(seedOf(spec))) {
        await runToCompletion(`${spec.name}:seed`, [seedOf(spec)], spec.env, join(repoRoot, spec.dir), index);
      }
      const args = [...(spec.nodeArgs ?? []), entryOf(spec)];
      const m = startProcess(spec.name, args, spec.env, join(repoRoot, spec.dir), index++);
      running.push(m);
      void m.exited.then((code) => {
        if (!stopping) {
          console.error(`edugraph: ${spec.name} exited unexpectedly (code ${code}); stopping the hub`);
          void stopAll(1);
        }
      });
      await waitUntilReady(`http://${config.HOST}:${spec.port}/readyz`, m);
    }
    printBanner(
      config,
      mongoUri,
      specs.map((s) => s.name),
    );
  } catch (err) {
    console.error(
      `edugraph: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}`,
    );
    await stopAll(1);
  }
}

void main();
