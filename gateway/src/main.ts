import { ConfigError } from '@edugraph/shared/config';
import { listen, onShutdownSignal } from '@edugraph/shared/lifecycle';
import { createLogger } from '@edugraph/shared/logger';
import { readGatewayConfig } from './config.ts';
import { createGatewayServer } from './server.ts';
import { startGatewayTracing } from './tracing.ts';

/** The gateway process (entry: index.ts, which turns on the compile cache first). */
let config;
try {
  config = readGatewayConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
const logger = createLogger({ service: 'gateway', level: config.logLevel });
const tracing = await startGatewayTracing(config.tracing, logger);
const gateway = createGatewayServer(config, { logger });
await gateway.start();
const url = await listen(gateway.server, config.port, config.host);
logger.info(
  {
    url: `${url}/graphql`,
    supergraph: config.supergraphPath,
    production: config.production,
    // Started from its bundle, gateway/dist/main.mjs (infra/src/entries.ts), or from the sources.
    bundle: !import.meta.url.endsWith('.ts'),
  },
  'gateway listening',
);

// Hive's runtime does not close a server it did not create: stop ours on SIGTERM/SIGINT
// (in-flight requests finish, keep-alive sockets close, then the runtime is disposed).
onShutdownSignal(logger, async () => {
  await gateway.stop();
  await tracing.shutdown();
});
