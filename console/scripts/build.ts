import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The console's build, run by the project's setup: types from the supergraph (graphql-codegen),
 * then the bundle (Vite) into dist/, served by the gateway at /console/. Skipped when nothing it
 * reads changed since the last build (a stamp of their contents in dist/).
 */
const root = join(import.meta.dirname, '..');
const repo = join(root, '..');
const stampFile = join(root, 'dist', '.build-stamp');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function stampOf(paths: string[]): string {
  const hash = createHash('sha256');
  for (const path of paths.sort()) hash.update(relative(repo, path)).update('\0').update(readFileSync(path));
  return hash.digest('hex');
}

const inputs = [
  ...files(join(root, 'src')).filter((p) => !p.includes(`${join('src', 'gql')}`)),
  ...['index.html', 'vite.config.ts', 'codegen.ts', 'package.json', 'tsconfig.json'].map((f) =>
    join(root, f),
  ),
  join(repo, 'gateway', 'supergraph.graphql'),
  join(repo, 'package-lock.json'),
];
const stamp = stampOf(inputs);
const force = process.argv.includes('--force');
if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log('console: build is up to date');
  process.exit(0);
}
const started = Date.now();
process.chdir(root);
// A production bundle whoever calls (a test runner sets NODE_ENV=test, which would make it a development one).
process.env.NODE_ENV = 'production';
// Loaded only when there is something to build: they take seconds to import.
const [{ generate }, { build }, { default: codegenConfig }] = await Promise.all([
  import('@graphql-codegen/cli'),
  import('vite'),
  import('../codegen.ts'),
]);
await generate({ ...codegenConfig, silent: true }, true);
await build({ root, mode: 'production', logLevel: 'warn' });
writeFileSync(stampFile, stamp);
console.log(`console: built into console/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
