import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { csvLines } from '../csvCells.ts';
import { rosterSteps, type ExportRun, type RosterScope, type RosterSink } from './graphSource.ts';
import { manifestRows, ONEROSTER_COLUMNS, type OneRosterFile, type OneRosterRow } from './tables.ts';

/**
 * `export --format oneroster`: a folder of OneRoster 1.2 CSV files (bulk) and its manifest.csv,
 * UTF-8 without BOM as the binding asks, written as the graph's pages arrive (one page in
 * memory). Every file the hub can fill is written with its header even when empty; the
 * manifest marks the others absent.
 */
export interface OneRosterSummary {
  counts: Record<OneRosterFile, number>;
  interrupted: boolean;
  seconds: number;
}

const FILES = Object.keys(ONEROSTER_COLUMNS) as OneRosterFile[];

class FolderSink implements RosterSink {
  readonly counts = Object.fromEntries(FILES.map((f) => [f, 0])) as Record<OneRosterFile, number>;
  private readonly streams = new Map<OneRosterFile, WriteStream>();
  constructor(dir: string) {
    for (const file of FILES) {
      const stream = createWriteStream(join(dir, `${file}.csv`));
      stream.write(csvLines([[...ONEROSTER_COLUMNS[file]]]));
      this.streams.set(file, stream);
    }
  }

  async write<F extends OneRosterFile>(file: F, row: OneRosterRow<F>): Promise<void> {
    const cells = ONEROSTER_COLUMNS[file].map((c) => (row as Record<string, string | undefined>)[c] ?? '');
    this.counts[file]++;
    const stream = this.streams.get(file)!;
    if (!stream.write(csvLines([cells]))) await once(stream, 'drain');
  }

  async close(): Promise<void> {
    for (const stream of this.streams.values()) stream.end();
    await Promise.all([...this.streams.values()].map((s) => finished(s)));
  }
}

export async function writeOneRoster(scope: RosterScope, dir: string): Promise<OneRosterSummary> {
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const sink = new FolderSink(dir);
  const run: ExportRun = { orgs: new Set(), schools: new Map(), terms: [], currentYear: '' };
  try {
    for (const step of rosterSteps) {
      if (scope.signal?.aborted) break;
      await step(scope, sink, run);
    }
  } finally {
    await sink.close();
  }
  writeFileSync(join(dir, 'manifest.csv'), csvLines(manifestRows(FILES)));
  return {
    counts: sink.counts,
    interrupted: !!scope.signal?.aborted,
    seconds: (Date.now() - started) / 1000,
  };
}
