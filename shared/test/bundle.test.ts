import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleManifestText, bundleOf, isBundleFresh, startingPoint } from '../src/bundle.ts';

/** A service or seed starts from its bundle only while that was built from the files on disk. */
describe('choosing between a bundle and the sources', () => {
  const setup = () => {
    const root = mkdtempSync(join(tmpdir(), 'edugraph-bundle-'));
    mkdirSync(join(root, 'svc', 'src', 'seed'), { recursive: true });
    mkdirSync(join(root, 'svc', 'dist'));
    writeFileSync(join(root, 'svc', 'src', 'index.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'package-lock.json'), '{}\n');
    const entry = join(root, 'svc', 'src', 'index.ts');
    const bundle = bundleOf(entry);
    writeFileSync(bundle.file, 'export {};\n');
    writeFileSync(bundle.manifest, bundleManifestText(['svc/src/index.ts', 'package-lock.json'], root));
    return { root, entry, bundle };
  };

  it('names the bundle after the entry, in the package’s dist folder', () => {
    expect(bundleOf('/r/subgraphs/spaces/src/index.ts')).toEqual({
      file: '/r/subgraphs/spaces/dist/index.mjs',
      manifest: '/r/subgraphs/spaces/dist/index.inputs.json',
    });
    expect(bundleOf('/r/subgraphs/spaces/src/seed/main.ts').file).toBe(
      '/r/subgraphs/spaces/dist/seed-main.mjs',
    );
  });

  it('starts the bundle while every file it was built from is as it was', () => {
    const { root, entry, bundle } = setup();
    expect(isBundleFresh(bundle, root)).toBe(true);
    expect(startingPoint(entry, root)).toBe(bundle.file);
  });

  it('starts the sources once a source file changed, even to the same size', () => {
    const { root, entry, bundle } = setup();
    writeFileSync(entry, 'export const b = 2;\n');
    utimesSync(entry, new Date(), new Date(Date.now() + 5000));
    expect(isBundleFresh(bundle, root)).toBe(false);
    expect(startingPoint(entry, root)).toBe(entry);
  });

  it('starts the sources once package-lock.json changed', () => {
    const { root, entry } = setup();
    writeFileSync(join(root, 'package-lock.json'), '{"changed":true}\n');
    expect(startingPoint(entry, root)).toBe(entry);
  });

  it('starts the sources when a file is gone, there is no bundle or manifest, or the repository moved', () => {
    const gone = setup();
    writeFileSync(gone.bundle.manifest, JSON.stringify({ root: gone.root, inputs: { 'missing.ts': '1:1' } }));
    expect(isBundleFresh(gone.bundle, gone.root)).toBe(false);
    const s = setup();
    expect(isBundleFresh({ ...s.bundle, file: '/nonexistent/index.mjs' }, s.root)).toBe(false);
    expect(isBundleFresh({ ...s.bundle, manifest: '/nonexistent/index.inputs.json' }, s.root)).toBe(false);
    // The bundle reads files by the absolute paths it was built with.
    const moved = setup();
    writeFileSync(
      moved.bundle.manifest,
      bundleManifestText(['package-lock.json'], moved.root).replace(moved.root, '/elsewhere'),
    );
    expect(isBundleFresh(moved.bundle, moved.root)).toBe(false);
  });
});
