import { enableCompileCache } from 'node:module';

/**
 * `node gateway/src/index.ts [--supergraph path] [--port n] [--host h] [--subgraph name=url]…`
 *
 * Start-up is mostly loading the runtime's modules (hundreds of files): Node's compile cache
 * (in the system's temporary directory, keyed by each file's content) makes every start after
 * the first one compile none of them again. It must be on before they are imported, hence this
 * entry and main.ts.
 */
enableCompileCache();
await import('./main.ts');
