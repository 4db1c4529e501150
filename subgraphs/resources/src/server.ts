import { openSubgraphService, type Logger, type RunningSubgraph } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import type { ResourcesConfig } from './config.ts';
import { createModels, type Models, type ResourcesContext } from './context.ts';
import { resourcesLoaders } from './loaders.ts';
import { createTargetDirectory, type TargetDirectory } from './push/targets.ts';
import { resolvers } from './resolvers/index.ts';
import { buildPostingsIfMissing } from './store/searchIndex.ts';

export interface ResourcesService extends RunningSubgraph {
  models: Models;
  /** Resolves once the search postings exist (built at start-up only for a database without them). */
  postingsReady: Promise<void>;
}

/** Builds the postings of a database that has none, retrying a failed build; /readyz waits for it. */
function buildPostings(models: Models, logger: Logger) {
  const state = { ready: false, stopped: false };
  const done = (async () => {
    while (!state.stopped) {
      try {
        await buildPostingsIfMissing(models, logger);
        state.ready = true;
        return;
      } catch (err) {
        logger.error({ err }, 'building the search postings failed; retrying in 5 s');
        await new Promise((r) => setTimeout(r, 5000).unref());
      }
    }
  })();
  return { state, done };
}

/**
 * The resources subgraph: catalog, review and admission, push to schools and classes, usage
 * and the interconnection feed, over its own database. Tokens are verified here with the
 * identity provider's JWKS (zero trust), and visibility is enforced on every path. Every read
 * goes to the database: nothing is kept per instance, so instances can be added and removed.
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
  const postings = buildPostings(models, logger);
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
      loaders: resourcesLoaders(models, caller),
    }),
    readiness: [
      {
        name: 'search postings',
        check: () => {
          if (!postings.state.ready) throw new Error('the search postings are being built');
        },
      },
    ],
  });
  return {
    ...running,
    models,
    postingsReady: postings.done,
    stop: async () => {
      postings.state.stopped = true;
      await running.stop();
    },
  };
}
