import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether gateway/dist/gateway.mjs (scripts/bundle.ts) was built from the files on disk: the
 * manifest lists every source file it holds and package-lock.json with their size and time
 * stamp. Any difference, a missing file or no bundle at all: not fresh, and index.ts starts the
 * sources (an edited file is never served from an old bundle).
 */
const repo = join(import.meta.dirname, '..', '..');
export const bundleDir = join(repo, 'gateway', 'dist');
export const bundleEntry = join(bundleDir, 'gateway.mjs');
export const bundleManifest = join(bundleDir, 'inputs.json');

type Stamps = Record<string, string>;

const stampOf = (path: string) => {
  const info = statSync(join(repo, path));
  return `${info.size}:${info.mtimeMs}`;
};

export const bundleStamps = (paths: string[]): Stamps =>
  Object.fromEntries(paths.map((p) => [p, stampOf(p)]));

export function isBundleFresh(): boolean {
  try {
    statSync(bundleEntry);
    const { inputs } = JSON.parse(readFileSync(bundleManifest, 'utf8')) as { inputs: Stamps };
    const paths = Object.keys(inputs);
    return paths.length > 0 && paths.every((p) => stampOf(p) === inputs[p]);
  } catch {
    return false;
  }
}
