import { loadConfig } from '@edugraph/shared/config';
import { z } from 'zod';

/**
 * The environment the sync CLI reads (flags override each of them). This is the only module
 * that reads `process.env`. The `EDUGRAPH_SOURCE_*` variables are the credentials `pull` uses
 * on the hub it reads from; `EDUGRAPH_*` are those of the hub written to.
 */
const optionalText = () =>
  z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined));
const optionalUrl = () =>
  z
    .union([z.url(), z.literal('')])
    .optional()
    .transform((v) => v || undefined);

const schema = z.object({
  EDUGRAPH_HUB_URL: optionalUrl(),
  EDUGRAPH_TOKEN_URL: optionalUrl(),
  EDUGRAPH_ISSUER: optionalUrl(),
  EDUGRAPH_CLIENT_ID: optionalText(),
  EDUGRAPH_CLIENT_SECRET: optionalText(),
  EDUGRAPH_TOKEN: optionalText(),
  EDUGRAPH_SOURCE_HUB_URL: optionalUrl(),
  EDUGRAPH_SOURCE_TOKEN_URL: optionalUrl(),
  EDUGRAPH_SOURCE_ISSUER: optionalUrl(),
  EDUGRAPH_SOURCE_CLIENT_ID: optionalText(),
  EDUGRAPH_SOURCE_CLIENT_SECRET: optionalText(),
  EDUGRAPH_SOURCE_TOKEN: optionalText(),
});

export type SyncEnv = z.infer<typeof schema>;

export function loadSyncEnv(env: Record<string, string | undefined> = process.env): SyncEnv {
  return loadConfig('edugraph-sync', schema, env) as SyncEnv;
}

/** Where a hub is and how to get a token for it, after flags and environment are merged. */
export interface HubAccess {
  url: string;
  tokenUrl?: string;
  issuer?: string;
  clientId?: string;
  clientSecret?: string;
  token?: string;
}

export const ENV_HELP = `Environment (flags take precedence):
  EDUGRAPH_HUB_URL         GraphQL URL of the hub (the gateway, or the datacenter service directly)
  EDUGRAPH_TOKEN_URL       OAuth token endpoint of the hub's identity provider (e.g. https://id.example/token)
  EDUGRAPH_ISSUER          or the provider's issuer URL: the token endpoint is read from its discovery document
  EDUGRAPH_CLIENT_ID       client id of this sync job (a SERVICE client registered in the hub)
  EDUGRAPH_CLIENT_SECRET   its secret (prefer the variable to the flag: flags show in the process list)
  EDUGRAPH_TOKEN           a ready access token instead of client credentials
  EDUGRAPH_SOURCE_HUB_URL, EDUGRAPH_SOURCE_TOKEN_URL, EDUGRAPH_SOURCE_ISSUER, EDUGRAPH_SOURCE_CLIENT_ID,
  EDUGRAPH_SOURCE_CLIENT_SECRET, EDUGRAPH_SOURCE_TOKEN
                           the same for the hub \`pull\` reads from (--from); the EDUGRAPH_* ones are for --to`;

/** The locale the messages follow when no --lang is given (LC_ALL, then LC_MESSAGES, then LANG). */
export function localeOf(env: Record<string, string | undefined> = process.env): string | undefined {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || undefined;
}
