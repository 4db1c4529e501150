import { z } from 'zod';
import { env, loadConfig } from '@edugraph/shared';
import { compileCacheDir } from '../paths.ts';

/** The launcher's configuration (`npm start`). Every address can be overridden. */
export const launcherConfigSchema = z.object({
  HOST: env.host(),
  GATEWAY_PORT: env.port(4000),
  IDENTITY_PORT: env.port(4001),
  DATACENTER_PORT: env.port(4002),
  RESOURCES_PORT: env.port(4003),
  SPACES_PORT: env.port(4004),
  EMBEDDED_DB_PORT: env.port(27017),
  /** When set, no embedded database is started: the hub uses this MongoDB (>= 6). */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI')
    .optional(),
  EDUGRAPH_DATA_DIR: z.string().optional(),
  EDUGRAPH_DB_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_]+$/)
    .default('edugraph'),
  LOG_LEVEL: env.logLevel(),
  NODE_ENV: env.nodeEnv(),
  /** Demo size: students generated for the demo province on first start. */
  SEED_STUDENTS: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  SEED: z.coerce.number().int().default(20260101),
  /**
   * Node's compile cache for the services and seeds (keyed by each file's content, so edits are
   * never served stale; Node's NODE_DISABLE_COMPILE_CACHE=1 turns it off). Start-up is mostly
   * loading and compiling modules: ~40 % less CPU to ready.
   */
  NODE_COMPILE_CACHE: z.string().default(compileCacheDir),
});

export type LauncherConfig = ReturnType<typeof loadLauncherConfig>;
export const loadLauncherConfig = () => loadConfig('launcher', launcherConfigSchema);
