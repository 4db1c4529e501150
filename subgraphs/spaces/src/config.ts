import { baseConfigSchema, env, loadConfig, type DeepReadonly } from '@edugraph/shared';
import { z } from 'zod';

/** The spaces service's configuration; the only module of the service that reads the environment. */
export const spacesConfigSchema = baseConfigSchema.extend({
  PORT: env.port(4004),
  EDUGRAPH_DB_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_]+$/)
    .default('edugraph'),
  /** Issuer of the access tokens this subgraph accepts (its JWKS is `${issuer}/jwks`). */
  IDENTITY_ISSUER: z.url().default('http://127.0.0.1:4001'),
  /** Identity's root URL: real names and organizations of users come from its graph. */
  IDENTITY_URL: z.url().default('http://127.0.0.1:4001'),
  /** Datacenter's GraphQL endpoint: teacher and student totals for the indicators. */
  DATACENTER_URL: env.optionalUrl(),
  TOKEN_AUDIENCE: z.string().min(1).default('urn:edugraph:graph'),
  /** Size and random seed of the demo province (seed only). */
  SEED_STUDENTS: z.coerce.number().int().min(1).default(3000),
  SEED: z.string().default('20260101'),
});

export type SpacesConfig = DeepReadonly<z.infer<typeof spacesConfigSchema>>;

export function readSpacesConfig(source: Record<string, string | undefined> = process.env): SpacesConfig {
  return loadConfig('spaces', spacesConfigSchema, source);
}
