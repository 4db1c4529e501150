import { openSubgraphService, type Logger, type RunningSubgraph } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import type { ResourcesConfig } from './config.ts';
import { createModels, type Models, type ResourcesContext } from './context.ts';
import { resourcesLoaders } from './loaders.ts';
import { createTargetDirectory, type TargetDirectory } from './push/targets.ts';
import { resolvers } from './resolvers/index.ts';
import { detectCapabilities } from './capabilities.ts';
import { CatalogIndex } from './search/catalogIndex.ts';
import { buildPostingsIfMissing } from './store/searchIndex.ts';

export interface ResourcesService extends RunningSubgraph {
  models: Models;
  /** Resolves once the catalog index is built (searches work before, from the database). */
  catalogReady: Promise<void>;
}

/**
 * The resources subgraph: catalog, review and admission, push to schools and classes, usage
 * and the interconnection feed, over its own database. Tokens are verified here with the
 * identity provider's JWKS (zero trust), and visibility is enforced on every path.
 */
export async function startResourcesService(
  config: ResourcesConfig,
  options: { logger?: Logger; targets?: TargetDirectory; conn?: Connection } = {},
): Promise<ResourcesService> {
  const { logger, conn, listen } = await openSubgraphService('resources', config, {
    logger: options.logger,
    connection: options.conn,
  });
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((m) => m.init()));
  const caps = await detectCapabilities(conn);
  const catalog = config.RESOURCES_SEARCH_INDEX ? new CatalogIndex(models, logger) : undefined;
  // Built in the background: until it is warm, reads go to the database and /readyz says so.
  const catalogReady = catalog?.build() ?? Promise.resolve();
  let postingsReady = false;
  const postingsBuild = (async () => {
    for (;;) {
      try {
        await buildPostingsIfMissing(models, logger);
        postingsReady = true;
        return;
      } catch (err) {
        logger.error({ err }, 'building the search postings failed; retrying in 5 s');
        await new Promise((r) => setTimeout(r, 5000));
      }
    }
  })();
  const targets = options.targets ?? createTargetDirectory(config.DATACENTER_URL);

  const running = await listen<ResourcesContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers: resolvers as never,
    context: (caller, req) => ({
      caller,
      authorization: req.headers.authorization,
      config,
      models,
      targets,
      loaders: resourcesLoaders(models, caller, caps, catalog),
      catalog,
    }),
    // At 100,000 resources a search on the embedded database alone takes minutes: an instance
    // takes traffic once its index is built (it answers, from the database, before that too).
    readiness: [
      {
        name: 'search postings',
        check: () => {
          if (!postingsReady) throw new Error('the search postings are being built');
        },
      },
      ...(catalog ? [{ name: 'catalog index', check: () => catalog.requireWarm() }] : []),
    ],
  });
  return {
    ...running,
    models,
    catalogReady: Promise.all([catalogReady, postingsBuild]).then(() => undefined),
    stop: async () => {
      catalog?.close();
      await running.stop();
    },
  };
}
