import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleManifestText, bundleOf, repoRoot } from '@edugraph/shared/bundle';

/**
 * One entry (a service's server or seed) and everything it imports in one module with rolldown
 * (docs/decisions/0003 and 0006): the sources load hundreds to thousands of modules at start, and
 * resolving, reading and compiling them is most of the start-up CPU.
 *
 * Left outside: native modules and packages that load files by path or by a `require` of their
 * own (the Rust query planner; mongoose and the MongoDB driver, which shared's database-call
 * observer patches by requiring the driver from mongoose's folder; pino and its transports),
 * and what the gateway loads only when a feature is on (the Redis client, GraphiQL's page,
 * OpenTelemetry's SDK and Hive's plugin), so they stay lazy. oidc-provider is bundled (identity
 * 0.62 → 0.51–0.58 s CPU to ready).
 */
const external = [
  '@graphql-hive/router-query-planner',
  'ioredis',
  '@graphql-yoga/render-graphiql',
  '@graphql-hive/plugin-opentelemetry',
  /^@opentelemetry\/(?!api$)/,
  /^pino/,
  'thread-stream',
  'mongoose',
  'mongodb',
  'bson',
];
const isExternal = (source: string) =>
  external.some((e) => (typeof e === 'string' ? source === e || source.startsWith(`${e}/`) : e.test(source)));

type Resolve = (source: string, importer?: string) => Promise<{ id: string } | null>;

/**
 * A package left outside is imported by its resolved path, as its importer would have found it:
 * by name, Node would resolve it from the bundle's folder and could load another copy (shared's
 * OpenTelemetry 2.x, not the 1.x hoisted to the root, whose `resources` lacks
 * `resourceFromAttributes`: a real crash of the gateway's first bundle).
 */
const externalsFromTheirImporter = {
  name: 'externals-from-their-importer',
  async resolveId(this: { resolve: Resolve }, source: string, importer: string | undefined) {
    if (source.startsWith('node:')) return { id: source, external: true };
    if (!importer || !isExternal(source)) return null;
    const resolved = await this.resolve(source, importer);
    return { id: resolved?.id ?? source, external: true };
  },
};

/**
 * Each module keeps its own `import.meta`: a file read next to a source (`schema.graphql`,
 * shared's `personalData.graphql`, infra's repository root, a `createRequire` of mongoose) is
 * read from where it is in the repository, not from `dist/`, and `import.meta.main` is false
 * (else compose.ts or a CLI module bundled in would run as the main module). The entry module
 * alone keeps the bundle's: it is the file being run (the gateway logs whether it is a bundle).
 */
const ownImportMeta = (entry: string) => ({
  name: 'own-import-meta',
  transform(code: string, id: string) {
    if (id === entry || !code.includes('import.meta') || !isAbsolute(id)) return null;
    const values: Record<string, string> = {
      url: JSON.stringify(pathToFileURL(id).href),
      filename: JSON.stringify(id),
      dirname: JSON.stringify(dirname(id)),
      main: 'false',
    };
    return {
      code: code.replace(/\bimport\.meta\.(url|filename|dirname|main)\b/g, (_, key: string) => values[key]!),
    };
  },
});

/** The repository files a bundle is stale without: besides its sources, the lock and the bundler. */
const BUILD_INPUTS = ['package-lock.json', 'infra/scripts/bundle/build.ts', 'shared/src/bundle.ts'];

/** Builds the bundle of `entry` (absolute path of a `src/….ts` file); returns what it wrote. */
export async function buildBundle(entry: string, root = repoRoot) {
  const started = Date.now();
  const { rolldown } = await import('rolldown');
  const { file, manifest } = bundleOf(entry);
  rmSync(manifest, { force: true });
  mkdirSync(dirname(file), { recursive: true });
  const build = await rolldown({
    input: entry,
    platform: 'node',
    plugins: [externalsFromTheirImporter, ownImportMeta(entry)],
    logLevel: 'warn',
    // depd (under oidc-provider's koa) builds its wrappers with `eval` on purpose: known, not news.
    onLog(level, log, handler) {
      if (log.code === 'EVAL' && log.id?.includes('/node_modules/depd/')) return;
      handler(level, log);
    },
  });
  // Written beside, then renamed: a process starting meanwhile never reads half a bundle.
  const { output } = await build.write({ file: `${file}.tmp`, format: 'esm', codeSplitting: false });
  await build.close();
  renameSync(`${file}.tmp`, file);
  const sources = output
    .flatMap((chunk) => ('moduleIds' in chunk ? chunk.moduleIds : []))
    .filter((id) => isAbsolute(id) && !id.includes('/node_modules/') && existsSync(id))
    .map((id) => relative(root, id));
  const inputs = [...new Set([...sources, ...BUILD_INPUTS.filter((p) => existsSync(`${root}/${p}`))])].sort();
  // Written last: a build cut short leaves no manifest, so no bundle is used.
  writeFileSync(manifest, bundleManifestText(inputs, root));
  return {
    file,
    sources: sources.length,
    bytes: readFileSync(file).length,
    seconds: (Date.now() - started) / 1000,
  };
}
