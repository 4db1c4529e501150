import { env, loadConfig, subgraphConfigSchema, type DeepReadonly } from '@edugraph/shared/config';
import { z } from 'zod';

/** The resources service's configuration; the only module of the service that reads the environment. */
export const resourcesConfigSchema = subgraphConfigSchema.extend({
  PORT: env.port(4003),
  /**
   * The datacenter subgraph's GraphQL endpoint: pushes look up their target schools and classes
   * there (with the pusher's own token) to learn their ids and organization paths.
   */
  DATACENTER_URL: z.url().default('http://127.0.0.1:4002/graphql'),
  /**
   * The change feed only hands out changes older than this, so that a write still in flight
   * with an earlier timestamp is never skipped by a reader that already moved past it.
   */
  RESOURCE_FEED_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
});

export type ResourcesConfig = DeepReadonly<z.infer<typeof resourcesConfigSchema>>;

export function readResourcesConfig(
  source: Record<string, string | undefined> = process.env,
): ResourcesConfig {
  return loadConfig('resources', resourcesConfigSchema, source);
}
