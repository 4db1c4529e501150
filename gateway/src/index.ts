import { enableCompileCache } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startingPoint } from '@edugraph/shared/bundle';

/**
 * `node gateway/src/index.ts [--supergraph path] [--port n] [--host h] [--subgraph name=url]…`
 *
 * Start-up is mostly loading the runtime's modules (~3,100 files). Two things cut it, both
 * before anything is imported (hence this entry and main.ts):
 * - the bundle of main.ts (gateway/dist/main.mjs, built by the setup: infra/scripts/bundle/)
 *   when it was built from the files on disk; otherwise the sources, as before. The launcher and
 *   the test hub apply the same rule themselves and start main.ts or its bundle directly;
 * - Node's compile cache in the hub's data folder (`data/compile-cache`, keyed by each file's
 *   content): a later start compiles nothing again.
 */
enableCompileCache(join(import.meta.dirname, '..', '..', 'data', 'compile-cache'));
await import(pathToFileURL(startingPoint(join(import.meta.dirname, 'main.ts'))).href);
