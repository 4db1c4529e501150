import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleOf, isBundleFresh, startingPoint } from '@edugraph/shared/bundle';
import { buildBundle } from '../scripts/bundle/build.ts';

/**
 * The bundler (infra/scripts/bundle/build.ts) on a package of its own: a real rolldown build,
 * run by Node, then the freshness rule the launcher applies to it.
 */
describe('a service bundle', () => {
  const makePackage = () => {
    const root = mkdtempSync(join(tmpdir(), 'edugraph-bundler-'));
    const src = join(root, 'svc', 'src');
    mkdirSync(join(src, 'cli'), { recursive: true });
    writeFileSync(join(root, 'package-lock.json'), '{}\n');
    writeFileSync(join(src, 'schema.graphql'), 'type Query { hello: String }\n');
    // Read beside its source at run time, as the subgraphs read schema.graphql.
    writeFileSync(
      join(src, 'schema.ts'),
      "import { readFileSync } from 'node:fs';\n" +
        "export const sdl = () => readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');\n",
    );
    // A module that would run as a command when it is the main module (gateway/src/compose.ts).
    writeFileSync(
      join(src, 'cli', 'tool.ts'),
      "export const tool = 'tool';\nif (import.meta.main) console.log('tool ran as main');\n",
    );
    writeFileSync(
      join(src, 'index.ts'),
      "import { sdl } from './schema.ts';\nimport { tool } from './cli/tool.ts';\n" +
        'console.log(JSON.stringify({ sdl: sdl(), tool, main: import.meta.main, file: import.meta.filename }));\n',
    );
    return { root, entry: join(src, 'index.ts'), src };
  };

  it('runs with the files its modules read beside their sources, and only the entry as main', async () => {
    const { root, entry, src } = makePackage();
    const built = await buildBundle(entry, root);
    expect(built.file).toBe(join(root, 'svc', 'dist', 'index.mjs'));
    const out = JSON.parse(execFileSync(process.execPath, [built.file], { encoding: 'utf8' }));
    expect(out).toEqual({
      sdl: 'type Query { hello: String }\n',
      tool: 'tool',
      main: true,
      file: built.file,
    });
    // The schema is read where it is, so an edit to it is served without a rebuild.
    writeFileSync(join(src, 'schema.graphql'), 'type Query { bye: String }\n');
    expect(JSON.parse(execFileSync(process.execPath, [built.file], { encoding: 'utf8' })).sdl).toContain(
      'bye',
    );
    const manifest = JSON.parse(readFileSync(bundleOf(entry).manifest, 'utf8'));
    expect(Object.keys(manifest.inputs).sort()).toEqual([
      'package-lock.json',
      'svc/src/cli/tool.ts',
      'svc/src/index.ts',
      'svc/src/schema.ts',
    ]);
  });

  it('is started while fresh and left alone once a source it holds is edited', async () => {
    const { root, entry, src } = makePackage();
    await buildBundle(entry, root);
    expect(startingPoint(entry, root)).toBe(bundleOf(entry).file);
    writeFileSync(join(src, 'cli', 'tool.ts'), "export const tool = 'edited';\n");
    utimesSync(join(src, 'cli', 'tool.ts'), new Date(), new Date(Date.now() + 5000));
    expect(isBundleFresh(bundleOf(entry), root)).toBe(false);
    expect(startingPoint(entry, root)).toBe(entry);
    // Rebuilt, it is used again.
    await buildBundle(entry, root);
    expect(startingPoint(entry, root)).toBe(bundleOf(entry).file);
  });
});
