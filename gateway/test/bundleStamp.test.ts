import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleStamps, isBundleFresh } from '../src/bundleStamp.ts';

/** index.ts starts the bundle only while it was built from the files on disk. */
describe('the gateway bundle', () => {
  const setup = () => {
    const root = mkdtempSync(join(tmpdir(), 'edugraph-bundle-'));
    writeFileSync(join(root, 'main.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'package-lock.json'), '{}\n');
    const entry = join(root, 'gateway.mjs');
    writeFileSync(entry, 'export {};\n');
    const manifest = join(root, 'inputs.json');
    writeFileSync(manifest, JSON.stringify({ inputs: bundleStamps(['main.ts', 'package-lock.json'], root) }));
    return { root, entry, manifest };
  };

  it('is used while every file it was built from is as it was', () => {
    expect(isBundleFresh(setup())).toBe(true);
  });

  it('is not used once a source file changed, even to the same size', () => {
    const where = setup();
    writeFileSync(join(where.root, 'main.ts'), 'export const b = 2;\n');
    utimesSync(join(where.root, 'main.ts'), new Date(), new Date(Date.now() + 5000));
    expect(isBundleFresh(where)).toBe(false);
  });

  it('is not used when a source file is gone, or there is no bundle or no manifest', () => {
    const gone = setup();
    writeFileSync(gone.manifest, JSON.stringify({ inputs: { 'missing.ts': '1:1' } }));
    expect(isBundleFresh(gone)).toBe(false);
    expect(isBundleFresh({ ...setup(), entry: '/nonexistent/gateway.mjs' })).toBe(false);
    expect(isBundleFresh({ ...setup(), manifest: '/nonexistent/inputs.json' })).toBe(false);
  });
});
