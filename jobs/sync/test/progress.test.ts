import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { Totals } from '../src/checkpoint.ts';
import { importFiles } from '../src/import/importFiles.ts';
import type { Progress } from '../src/progress.ts';

const dir = mkdtempSync(join(tmpdir(), 'sync-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 30_000;
const header = 'XJH,XM,XBM,CSRQ,SFZJH,MZM,XXDM,BJDM,XJZTM,RXNF';
/** A valid student row per index (temporary L registry numbers need no ID card). */
const row = (i: number) =>
  `L${String(900000000000000000 + i).padStart(18, '0')},学生${i},${1 + (i % 2)},20200831,,01,2133000001,2133000001202601,ENROLLED,2026`;

/** What a progress display was told: the share of the file and the records done at each update. */
function recorder(): { progress: Progress; seen: { share: number; records: number }[] } {
  const seen: { share: number; records: number }[] = [];
  let total = 1;
  return {
    seen,
    progress: {
      start: (_label: string, totalBytes: number) => (total = totalBytes),
      from: () => {},
      update: (bytes: number, records: number, _totals: Totals) =>
        seen.push({ share: bytes / total, records }),
      stop: () => {},
      log: () => {},
    },
  };
}

describe('import progress', () => {
  it.each(['utf8', 'gb18030'] as const)(
    'reports the share of a %s file whose rows are done, not the bytes read ahead',
    async (encoding) => {
      const text = [header, ...Array.from({ length: ROWS }, (_, i) => row(i))].join('\n') + '\n';
      const path = join(dir, `students-${encoding}.csv`);
      writeFileSync(path, encoding === 'utf8' ? Buffer.from(text) : iconv.encode(text, 'gb18030'));
      expect(statSync(path).size).toBeGreaterThan(2 << 20); // several 1 MiB read chunks
      const { progress, seen } = recorder();
      const summary = await importFiles({
        files: [path],
        kind: 'students',
        batchSize: 1000,
        reportPath: join(dir, 'report.csv'),
        progress,
      });
      expect(summary.records).toBe(ROWS);
      expect(summary.valid).toBe(ROWS);
      const midway = seen.filter((s) => s.records > 0 && s.records < ROWS);
      expect(midway.length).toBeGreaterThan(10);
      // Rows are all about as long: the share of bytes done follows the share of rows done.
      for (const s of midway)
        expect(Math.abs(s.share - s.records / ROWS), `at ${s.records}`).toBeLessThan(0.01);
      expect(seen.at(-1)).toEqual({ share: 1, records: ROWS });
    },
  );
});
