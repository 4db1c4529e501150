import {
  env,
  loadConfig,
  seedConfigFields,
  subgraphConfigSchema,
  type DeepReadonly,
} from '@edugraph/shared/config';
import { z } from 'zod';

/** The spaces service's configuration; the only module of the service that reads the environment. */
export const spacesConfigSchema = subgraphConfigSchema.extend({
  PORT: env.port(4004),
  /** Identity's root URL: real names and organizations of users come from its graph. */
  IDENTITY_URL: z.url().default('http://127.0.0.1:4001'),
  /** Datacenter's GraphQL endpoint: teacher and student totals for the indicators. */
  DATACENTER_URL: env.optionalUrl(),
  /** The demo province the seed opens spaces for (seed only). */
  ...seedConfigFields,
});

export type SpacesConfig = DeepReadonly<z.infer<typeof spacesConfigSchema>>;

export function readSpacesConfig(source: Record<string, string | undefined> = process.env): SpacesConfig {
  return loadConfig('spaces', spacesConfigSchema, source);
}

/**
 * The organization path audit's settings (`src/audit/main.ts`, a one-off command): the
 * service's own, a data center it must reach, and the bearer token it asks the data center
 * with (a national or provincial service client's, with `datacenter:read`: the audit checks the
 * schools that token may see).
 */
export const spacesAuditConfigSchema = spacesConfigSchema.extend({
  DATACENTER_URL: z.url(),
  AUDIT_TOKEN: z.string().min(20),
});

export type SpacesAuditConfig = DeepReadonly<z.infer<typeof spacesAuditConfigSchema>>;

export function readSpacesAuditConfig(
  source: Record<string, string | undefined> = process.env,
): SpacesAuditConfig {
  return loadConfig('spaces-audit', spacesAuditConfigSchema, source);
}
