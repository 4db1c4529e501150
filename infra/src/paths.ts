import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (infra/src/paths.ts is two levels below it). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Git-ignored folder for everything the hub writes locally. */
export const dataRoot = join(repoRoot, 'data');
/**
 * Node's compile cache (NODE_COMPILE_CACHE) for every service the launcher and the test hub
 * start: a later start compiles none of its modules again, ~40 % less CPU to ready.
 */
export const compileCacheDir = join(dataRoot, 'compile-cache');
