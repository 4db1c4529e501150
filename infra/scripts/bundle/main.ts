import { relative } from 'node:path';
import { bundleOf, isBundleFresh, repoRoot } from '@edugraph/shared/bundle';
import { bundledSources } from '../../src/entries.ts';
import { buildBundle } from './build.ts';

/**
 * `node infra/scripts/bundle/main.ts [--force] [name…]`: the bundle of every service's server
 * and seed (infra/src/entries.ts), or of the entries whose path contains one of the names;
 * skipped while fresh. Run by the setup (docs/decisions/0006).
 */
const args = process.argv.slice(2);
const force = args.includes('--force');
const names = args.filter((a) => !a.startsWith('--'));
const entries = bundledSources().filter((e) => names.length === 0 || names.some((n) => e.includes(n)));
const stale = entries.filter((e) => force || !isBundleFresh(bundleOf(e)));
if (stale.length === 0) console.log(`bundles: all ${entries.length} up to date`);
for (const entry of stale) {
  const built = await buildBundle(entry);
  console.log(
    `bundles: ${relative(repoRoot, entry)} → ${relative(repoRoot, built.file)} ` +
      `(${built.sources} source files, ${(built.bytes / 1e6).toFixed(1)} MB, ${built.seconds.toFixed(1)} s)`,
  );
}
