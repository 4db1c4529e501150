import { existsSync } from 'node:fs';
import { seedEntry, seedSource, serverEntry, serverSource } from '../entries.ts';
import type { LauncherConfig } from './config.ts';

/**
 * The hub's processes in start order. A later issue plugs its service in by having
 * `src/index.ts` (the server) and optionally `src/seed/main.ts` (idempotent demo seed); each
 * is started from its bundle while that is fresh (infra/src/entries.ts).
 */
export interface ServiceSpec {
  name: string;
  dir: string;
  port: number;
  /** Extra environment for the process, on top of the shared one. */
  env: Record<string, string>;
  /** Node/V8 options put before the entry (the gateway's heap settings). */
  nodeArgs?: string[];
}

/**
 * The gateway's young generation capped at 2 × 32 MB (V8 lets it grow to 2 × 64 MB under load):
 * peak RSS under the public benchmark 290–304 MB instead of 361–366 MB, for ~1.3× the
 * scavenges (94–105 against 57–91 per run; 16 MB: 202–303, each copying the answers in flight).
 * Measured in interleaved runs (gateway/README.md, *Start-up and memory*); `npm run bench
 * gateway` starts ours with the same options.
 */
export const GATEWAY_NODE_ARGS = ['--max-semi-space-size=32'];

export function serviceSpecs(config: LauncherConfig, mongoUri: string): ServiceSpec[] {
  const host = config.HOST;
  const url = (port: number) => `http://${host}:${port}`;
  const shared = {
    MONGODB_URI: mongoUri,
    EDUGRAPH_DB_PREFIX: config.EDUGRAPH_DB_PREFIX,
    LOG_LEVEL: config.LOG_LEVEL,
    NODE_ENV: config.NODE_ENV,
    HOST: host,
    IDENTITY_ISSUER: url(config.IDENTITY_PORT),
    IDENTITY_URL: url(config.IDENTITY_PORT),
    DATACENTER_URL: `${url(config.DATACENTER_PORT)}/graphql`,
    RESOURCES_URL: `${url(config.RESOURCES_PORT)}/graphql`,
    SPACES_URL: `${url(config.SPACES_PORT)}/graphql`,
    CONSOLE_URL: `${url(config.GATEWAY_PORT)}/console/`,
    SEED_STUDENTS: String(config.SEED_STUDENTS),
    SEED: String(config.SEED),
    NODE_COMPILE_CACHE: config.NODE_COMPILE_CACHE,
  };
  const specs: ServiceSpec[] = [
    { name: 'identity', dir: 'subgraphs/identity', port: config.IDENTITY_PORT, env: shared },
    { name: 'datacenter', dir: 'subgraphs/datacenter', port: config.DATACENTER_PORT, env: shared },
    { name: 'resources', dir: 'subgraphs/resources', port: config.RESOURCES_PORT, env: shared },
    { name: 'spaces', dir: 'subgraphs/spaces', port: config.SPACES_PORT, env: shared },
    { name: 'gateway', dir: 'gateway', port: config.GATEWAY_PORT, env: shared, nodeArgs: GATEWAY_NODE_ARGS },
  ];
  return specs.map((s) => ({ ...s, env: { ...s.env, PORT: String(s.port) } }));
}

/** The file to start: the service's bundle while fresh, else its sources. */
export const entryOf = (spec: ServiceSpec) => serverEntry(spec.dir);
export const seedOf = (spec: ServiceSpec) => seedEntry(spec.dir);
export const hasSeed = (spec: ServiceSpec) => existsSync(seedSource(spec.dir));
export const isBuilt = (spec: ServiceSpec) => existsSync(serverSource(spec.dir));
