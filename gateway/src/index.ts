import { enableCompileCache } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleEntry, isBundleFresh } from './bundleStamp.ts';

/**
 * `node gateway/src/index.ts [--supergraph path] [--port n] [--host h] [--subgraph name=url]…`
 *
 * Start-up is mostly loading the runtime's modules (~3,100 files). Two things cut it, both
 * before anything is imported (hence this entry and main.ts):
 * - the bundle (gateway/dist/gateway.mjs, built by the setup: scripts/bundle.ts) when it was
 *   built from the files on disk; otherwise the sources, as before;
 * - Node's compile cache in the hub's data folder (`data/compile-cache`, keyed by each file's
 *   content): a later start compiles nothing again.
 */
enableCompileCache(join(import.meta.dirname, '..', '..', 'data', 'compile-cache'));
if (isBundleFresh()) await import(pathToFileURL(bundleEntry).href);
else await import('./main.ts');
