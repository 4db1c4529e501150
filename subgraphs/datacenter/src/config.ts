import { baseConfigSchema, env, loadConfig, type DeepReadonly } from '@edugraph/shared';
import { z } from 'zod';

/** The datacenter service's configuration; the only module of the service that reads the environment. */
export const datacenterConfigSchema = baseConfigSchema.extend({
  PORT: env.port(4002),
  EDUGRAPH_DB_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_]+$/)
    .default('edugraph'),
  /** The OpenID issuer whose JWKS verifies tokens. */
  IDENTITY_ISSUER: z.url().default('http://127.0.0.1:4001'),
  TOKEN_AUDIENCE: z.string().min(1).default('urn:edugraph:graph'),
  /** Size and random seed of the demo province written by `src/seed/main.ts`. */
  SEED_STUDENTS: z.coerce.number().int().min(1).max(5_000_000).default(3000),
  SEED: z.string().min(1).default('20260101'),
});

export type DatacenterConfig = DeepReadonly<z.infer<typeof datacenterConfigSchema>>;

export function readDatacenterConfig(
  source: Record<string, string | undefined> = process.env,
): DatacenterConfig {
  return loadConfig('datacenter', datacenterConfigSchema, source);
}
