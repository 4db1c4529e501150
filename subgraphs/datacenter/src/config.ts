import {
  env,
  loadConfig,
  seedConfigFields,
  subgraphConfigSchema,
  type DeepReadonly,
} from '@edugraph/shared/config';
import type { z } from 'zod';

/** The datacenter service's configuration; the only module of the service that reads the environment. */
export const datacenterConfigSchema = subgraphConfigSchema.extend({
  PORT: env.port(4002),
  /** Size and random seed of the demo province written by `src/seed/main.ts`. */
  ...seedConfigFields,
});

export type DatacenterConfig = DeepReadonly<z.infer<typeof datacenterConfigSchema>>;

export function readDatacenterConfig(
  source: Record<string, string | undefined> = process.env,
): DatacenterConfig {
  return loadConfig('datacenter', datacenterConfigSchema, source);
}
