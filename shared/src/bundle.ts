import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/**
 * Which file to start for a service or seed: its bundle (one module built by
 * `infra/scripts/bundle/main.ts`, docs/decisions/0006) while that was built from the files on
 * disk, else its sources. Loaded before anything else by whatever starts a process (the
 * launcher, the test hub, the benches, gateway/src/index.ts), so it imports nothing but node:.
 *
 * `<package>/src/<path>.ts` is bundled into `<package>/dist/<path with / as ->.mjs`, beside a
 * manifest (`.inputs.json`) of every repository file it was built from (the sources it holds,
 * package-lock.json, the bundler itself) with their size and time stamp, and the repository's
 * folder: any difference, a missing file or no bundle at all means "start the sources" (an
 * edited file is never served from an old bundle; a stale bundle only costs start-up time).
 */
export const repoRoot = join(import.meta.dirname, '..', '..');

export interface BundleFiles {
  /** The bundle (an .mjs file). */
  file: string;
  /** Its manifest: `{ root, inputs: { path: "size:mtime" } }`, paths relative to root. */
  manifest: string;
}

/** Where the bundle of a source entry (an absolute `…/src/….ts` path) is written. */
export function bundleOf(entry: string): BundleFiles {
  const srcDir = entry.slice(0, entry.lastIndexOf(`${sep}src${sep}`) + 1) + 'src';
  const name = relative(srcDir, entry).split(sep).join('-').replace(/\.ts$/, '');
  const dist = join(dirname(srcDir), 'dist');
  return { file: join(dist, `${name}.mjs`), manifest: join(dist, `${name}.inputs.json`) };
}

type Stamps = Record<string, string>;

const stampOf = (root: string, path: string) => {
  const info = statSync(join(root, path));
  return `${info.size}:${info.mtimeMs}`;
};

/** Size and time stamp of each file (paths relative to `root`). */
export const bundleStamps = (paths: string[], root = repoRoot): Stamps =>
  Object.fromEntries(paths.map((p) => [p, stampOf(root, p)]));

/** The manifest's text for a bundle built from `paths` (relative to `root`). */
export const bundleManifestText = (paths: string[], root = repoRoot) =>
  JSON.stringify({ root, inputs: bundleStamps(paths, root) }, null, 1) + '\n';

/**
 * Whether the bundle exists and every file it was built from is as it was, in the same
 * repository folder (the bundle holds the absolute paths of the files its modules read).
 */
export function isBundleFresh(bundle: BundleFiles, root = repoRoot): boolean {
  try {
    statSync(bundle.file);
    const manifest = JSON.parse(readFileSync(bundle.manifest, 'utf8')) as { root?: string; inputs: Stamps };
    if (manifest.root !== root) return false;
    const paths = Object.keys(manifest.inputs);
    return paths.length > 0 && paths.every((p) => stampOf(root, p) === manifest.inputs[p]);
  } catch {
    return false;
  }
}

/** The file to start for a source entry: its bundle while fresh, else the entry itself. */
export function startingPoint(entry: string, root = repoRoot): string {
  const bundle = bundleOf(entry);
  return isBundleFresh(bundle, root) ? bundle.file : entry;
}

/** Whether a started file is a bundle (for the launcher's and the services' logs). */
export const isBundle = (file: string) => basename(dirname(file)) === 'dist' && file.endsWith('.mjs');
