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

const stampOf = (root: string, path: string) => {
  const info = statSync(join(root, path));
  return `${info.size}:${info.mtimeMs}`;
};

/** Size and time stamp of each file (paths relative to `root`, the repository by default). */
export const bundleStamps = (paths: string[], root = repo): Stamps =>
  Object.fromEntries(paths.map((p) => [p, stampOf(root, p)]));

export function isBundleFresh(
  where: { entry: string; manifest: string; root: string } = {
    entry: bundleEntry,
    manifest: bundleManifest,
    root: repo,
  },
): boolean {
  try {
    statSync(where.entry);
    const { inputs } = JSON.parse(readFileSync(where.manifest, 'utf8')) as { inputs: Stamps };
    const paths = Object.keys(inputs);
    return paths.length > 0 && paths.every((p) => stampOf(where.root, p) === inputs[p]);
  } catch {
    return false;
  }
}
