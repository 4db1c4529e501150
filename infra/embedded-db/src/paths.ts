import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (infra/embedded-db/src/paths.ts is three levels below it). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** Where scripts/build-ferretdb.sh puts the binary it builds from infra/ferretdb. */
export const ferretdbBinary = join(repoRoot, '.tools', 'ferretdb', 'ferretdb');
