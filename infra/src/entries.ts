import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startingPoint } from '@edugraph/shared/bundle';
import { repoRoot } from './paths.ts';

/**
 * What each service's package starts, from its bundle when fresh (`@edugraph/shared/bundle`,
 * docs/decisions/0006): the launcher, the test hub, the benches and the bundler share these.
 */
export const SERVICE_DIRS = {
  identity: 'subgraphs/identity',
  datacenter: 'subgraphs/datacenter',
  resources: 'subgraphs/resources',
  spaces: 'subgraphs/spaces',
  gateway: 'gateway',
} as const;

/**
 * The server's source entry of a package (`dir` relative to the repository): `src/index.ts`, or
 * the gateway's `src/main.ts` (its index.ts is a chooser of its own for `node gateway/src/index.ts`).
 */
export const serverSource = (dir: string) =>
  join(repoRoot, dir, 'src', dir === 'gateway' ? 'main.ts' : 'index.ts');

/** The idempotent demo seed's source entry, which the launcher runs before every start. */
export const seedSource = (dir: string) => join(repoRoot, dir, 'src', 'seed', 'main.ts');

/** Every entry the bundler builds: each server, and each seed there is. */
export const bundledSources = () =>
  Object.values(SERVICE_DIRS).flatMap((dir) =>
    [serverSource(dir), seedSource(dir)].filter((f) => existsSync(f)),
  );

/** The file to start for a service's server: its bundle while fresh, else the sources. */
export const serverEntry = (dir: string) => startingPoint(serverSource(dir));

/** The file to run for a service's seed: its bundle while fresh, else the sources. */
export const seedEntry = (dir: string) => startingPoint(seedSource(dir));
