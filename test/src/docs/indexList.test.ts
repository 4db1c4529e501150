import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexList, readmeIndexList, ROOT } from './indexList.ts';

/** Where indexes are created on collections without a model (each read by indexList.ts). */
const RAW_INDEX_SOURCES = [
  'subgraphs/identity/src/store/oidcRecords.ts',
  'subgraphs/identity/src/store/signinFailures.ts',
  'shared/src/personalData/accessLog.ts',
  'shared/src/store/idempotency.ts',
];
/** Creates the models' own indexes (`model.createIndexes()`), which the list reads from the models. */
const MODEL_INDEX_SOURCES = ['shared/src/store/indexes.ts'];

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

describe("README's list of indexes", () => {
  it('lists every index the models and the raw collections declare, as `npm run docs:indexes` writes it', async () => {
    expect(readmeIndexList()).toBe(await indexList());
  });

  it('knows every place that creates an index outside a model', () => {
    const creating = ['subgraphs', 'shared/src']
      .flatMap((d) => sources(join(ROOT, d)))
      .filter((f) => !f.includes('node_modules') && !/\/test\//.test(f))
      .filter((f) => /\.createIndex(es)?\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(creating.sort()).toEqual([...RAW_INDEX_SOURCES, ...MODEL_INDEX_SOURCES].sort());
  });
});
