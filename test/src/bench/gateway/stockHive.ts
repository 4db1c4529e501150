import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

/**
 * Benchmark candidate: the stock Hive Gateway runtime with its defaults, only forwarding the
 * caller's Authorization header (the subgraphs need it); with `--router-runtime`, on the Rust
 * query planner (`@graphql-hive/router-runtime`) instead of the JS one.
 * `node stockHive.ts --supergraph path --port n [--router-runtime]`
 */
const { values } = parseArgs({
  options: {
    supergraph: { type: 'string' },
    port: { type: 'string' },
    'router-runtime': { type: 'boolean', default: false },
  },
});
const runtime = createGatewayRuntime({
  supergraph: readFileSync(values.supergraph!, 'utf8'),
  ...(values['router-runtime'] ? { unifiedGraphHandler } : {}),
  transports: { http: httpTransport },
  logging: 'warn',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const authorization = request.headers.get('authorization');
      return authorization ? { authorization } : {};
    },
  },
});
const server = createServer(runtime);
server.listen(Number(values.port), '127.0.0.1', () => console.log(`stock hive gateway on ${values.port}`));
process.on('SIGTERM', () =>
  server.close(() => void Promise.resolve(runtime.dispose()).then(() => process.exit(0))),
);
