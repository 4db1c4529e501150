import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '@edugraph/infra';

/**
 * `npm run bench [part…]`: runs every `*.bench.ts` module (or the named parts), prints their
 * figures and saves each part's result as bench-results/<part>.json. A bench module exports
 * `part` (its name) and `run()`, which returns a JSON-serialisable result with the baseline
 * measured in the same run.
 */
export interface BenchModule {
  part: string;
  run(): Promise<Record<string, unknown>>;
}

function findBenchFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.git', '.tools', 'data', 'bench-results'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) findBenchFiles(path, out);
    else if (entry.name.endsWith('.bench.ts')) out.push(path);
  }
  return out;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = findBenchFiles(repoRoot).sort();
  const outDir = join(repoRoot, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  let ran = 0;
  for (const file of files) {
    const mod = (await import(pathToFileURL(file).href)) as BenchModule;
    if (wanted.length && !wanted.includes(mod.part)) continue;
    console.log(`\n=== bench ${mod.part} (${relative(repoRoot, file)}) ===`);
    const result = {
      part: mod.part,
      at: new Date().toISOString(),
      node: process.version,
      ...(await mod.run()),
    };
    const target = join(outDir, `${mod.part}.json`);
    writeFileSync(target, JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
    console.log(`saved ${relative(repoRoot, target)}`);
    ran++;
  }
  if (ran === 0) {
    console.error(
      `no benchmark matched ${wanted.join(', ') || '(any)'}; found: ${files.map((f) => relative(repoRoot, f)).join(', ') || 'none'}`,
    );
    process.exitCode = 1;
  }
}

await main();
