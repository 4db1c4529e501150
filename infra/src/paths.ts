import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (infra/src/paths.ts is two levels below it). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Git-ignored folder for everything the hub writes locally. */
export const dataRoot = join(repoRoot, 'data');
