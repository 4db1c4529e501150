import { join } from 'node:path';
import { ConfigError } from '@edugraph/shared';
import { isBundle } from '@edugraph/shared/bundle';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { dataRoot, repoRoot } from '../paths.ts';
import { loadLauncherConfig } from './config.ts';
import { printBanner } from './banner.ts';
import { runToCompletion, startProcess, stopProcess, waitUntilReady, type Managed } from './processes.ts';
import { entryOf, hasSeed, isBuilt, seedOf, serviceSpecs, type ServiceSpec } from './services.ts';
import { startInWaves, startTogether } from './startOrder.ts';

/**
 * `npm start`: the embedded database (unless MONGODB_URI is set), the demo seeds (all at once),
 * then every subgraph at once and the gateway once they are ready, as separate processes
 * (startOrder.ts),
 * then the addresses to use.
 * Ctrl-C stops everything.
 */
/** Which processes start from their bundle (docs/decisions/0006): a stale one costs start-up time. */
function printStartingPoints(specs: ServiceSpec[]) {
  const files = specs.flatMap((s) => [
    [s.name, entryOf(s)],
    ...(hasSeed(s) ? [[`${s.name}:seed`, seedOf(s)]] : []),
  ]);
  const list = (bundled: boolean) =>
    files
      .filter(([, file]) => isBundle(file!) === bundled)
      .map(([name]) => name)
      .join(', ') || 'none';
  console.log(`edugraph: from their bundles: ${list(true)}; from the sources: ${list(false)}`);
}

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
    const byName = new Map(specs.map((spec, index) => [spec.name, { spec, index }]));
    const names = [...byName.keys()];
    printStartingPoints(specs);
    // The seeds only write their own service's database: all at once, before any service.
    await startTogether(
      names.filter((name) => hasSeed(byName.get(name)!.spec)),
      async (name) => {
        const { spec, index } = byName.get(name)!;
        await runToCompletion(`${name}:seed`, [seedOf(spec)], spec.env, join(repoRoot, spec.dir), index);
      },
    );
    // Then the subgraphs at once, then the gateway (startOrder.ts says why).
    const { wholeStackMs, perServiceMs } = await startInWaves(names, async (name) => {
      const { spec, index } = byName.get(name)!;
      if (stopping) return;
      const args = [...(spec.nodeArgs ?? []), entryOf(spec)];
      const m = startProcess(spec.name, args, spec.env, join(repoRoot, spec.dir), index);
      running.push(m);
      void m.exited.then((code) => {
        if (!stopping) {
          console.error(`edugraph: ${spec.name} exited unexpectedly (code ${code}); stopping the hub`);
          void stopAll(1);
        }
      });
      await waitUntilReady(`http://${config.HOST}:${spec.port}/readyz`, m);
    });
    const each = names.map((name) => `${name} ${(perServiceMs[name]! / 1000).toFixed(1)} s`).join(', ');
    console.log(`edugraph: every service ready in ${(wholeStackMs / 1000).toFixed(1)} s (${each})`);
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
