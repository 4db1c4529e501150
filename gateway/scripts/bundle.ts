import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { bundleDir, bundleEntry, bundleManifest, bundleStamps, isBundleFresh } from '../src/bundleStamp.ts';

/**
 * `node gateway/scripts/bundle.ts [--force]`: the gateway and everything it imports in one
 * module, gateway/dist/gateway.mjs, which index.ts starts instead of the sources while it is
 * fresh. Why: the sources load ~3,100 modules at start (the Hive runtime's packages), and
 * resolving, reading and compiling them is ~70 % of the start-up CPU; the bundle starts in about
 * half the CPU time and half the memory (gateway/README.md, *Start-up*). Run by the project's
 * setup; skipped when up to date.
 *
 * Left outside the bundle: the Rust planner's native module, and what the gateway loads only when
 * a feature is on (the Redis client, GraphiQL's page, OpenTelemetry's SDK and Hive's plugin), so
 * they stay lazy; pino (its transports load files by path).
 */
const root = join(import.meta.dirname, '..');
const repo = join(root, '..');
const external = [
  '@graphql-hive/router-query-planner',
  'ioredis',
  '@graphql-yoga/render-graphiql',
  '@graphql-hive/plugin-opentelemetry',
  /^@opentelemetry\/(?!api$)/,
  /^pino/,
  'thread-stream',
];
const isExternal = (source: string) =>
  external.some((e) => (typeof e === 'string' ? source === e || source.startsWith(`${e}/`) : e.test(source)));

/**
 * A package left outside is imported by its resolved path, as its importer would have found it:
 * by name, Node would resolve it from gateway/dist/ and could load another copy (shared's
 * OpenTelemetry 2.x, not the 1.x hoisted to the root, whose `resources` lacks
 * `resourceFromAttributes`).
 */
const externalsFromTheirImporter = {
  name: 'externals-from-their-importer',
  async resolveId(
    this: { resolve(source: string, importer?: string): Promise<{ id: string } | null> },
    source: string,
    importer: string | undefined,
  ) {
    if (source.startsWith('node:')) return { id: source, external: true };
    if (!importer || !isExternal(source)) return null;
    const resolved = await this.resolve(source, importer);
    return { id: resolved?.id ?? source, external: true };
  },
};

if (!process.argv.includes('--force') && isBundleFresh()) {
  console.log('gateway: bundle is up to date');
  process.exit(0);
}
const started = Date.now();
// Loaded only when there is something to build.
const { rolldown } = await import('rolldown');
rmSync(bundleDir, { recursive: true, force: true });
mkdirSync(bundleDir, { recursive: true });
const build = await rolldown({
  input: join(root, 'src', 'main.ts'),
  platform: 'node',
  plugins: [externalsFromTheirImporter],
  logLevel: 'warn',
});
const { output } = await build.write({ file: bundleEntry, format: 'esm', codeSplitting: false });
await build.close();
// The sources it was built from (modules of the repository, not of node_modules), and the
// lock file for the packages: index.ts compares their size and time stamp before using it.
const sources = output
  .flatMap((chunk) => ('moduleIds' in chunk ? chunk.moduleIds : []))
  .filter((id) => isAbsolute(id) && !id.includes('/node_modules/') && existsSync(id))
  .map((id) => relative(repo, id));
const inputs = [...new Set([...sources, 'package-lock.json', 'gateway/scripts/bundle.ts'])].sort();
writeFileSync(bundleManifest, JSON.stringify({ inputs: bundleStamps(inputs) }, null, 1) + '\n');
const size = readFileSync(bundleEntry).length;
console.log(
  `gateway: bundled ${sources.length} source files into ${relative(repo, bundleEntry)} ` +
    `(${(size / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
