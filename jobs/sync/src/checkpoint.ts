import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/**
 * Checkpoints: how far a run got, so a killed run resumes without losing or repeating work.
 * Batches finish out of order (several run at once); only the contiguous prefix of finished
 * batches counts as done. Batches are idempotent upserts, so the ones that finished beyond the
 * prefix are simply sent again after a restart. The file is replaced atomically (write a
 * temporary file, fsync, rename): a kill leaves either the old or the new checkpoint.
 */
export function writeJsonAtomically(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(value, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function readJsonIfExists<T>(path: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`the checkpoint ${path} is not valid JSON: delete it to start over`);
  }
}

/**
 * Collects finished batches (numbered 0, 1, 2… in file order) and hands them back in order
 * once every batch before them has finished too.
 */
export class ContiguousBatches<T> {
  private readonly finished = new Map<number, T>();
  private next = 0;

  /** Number of batches done in order so far (the next expected batch number). */
  get doneCount(): number {
    return this.next;
  }

  /** Number of batches finished beyond the contiguous prefix. */
  get waiting(): number {
    return this.finished.size;
  }

  /** Records batch `index` as finished; returns the batches that are now contiguous, in order. */
  finish(index: number, value: T): T[] {
    if (index < this.next || this.finished.has(index)) throw new Error(`batch ${index} finished twice`);
    this.finished.set(index, value);
    const ready: T[] = [];
    while (this.finished.has(this.next)) {
      ready.push(this.finished.get(this.next)!);
      this.finished.delete(this.next);
      this.next++;
    }
    return ready;
  }
}

export interface Totals {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  deleted: number;
}

export const emptyTotals = (): Totals => ({ created: 0, updated: 0, unchanged: 0, rejected: 0, deleted: 0 });

export function addTotals(into: Totals, add: Partial<Totals>): Totals {
  into.created += add.created ?? 0;
  into.updated += add.updated ?? 0;
  into.unchanged += add.unchanged ?? 0;
  into.rejected += add.rejected ?? 0;
  into.deleted += add.deleted ?? 0;
  return into;
}

/** What an import checkpoint holds. */
export interface ImportCheckpoint {
  version: 1;
  command: 'import';
  kind: string;
  files: ImportFileState[];
  totals: Totals;
  /** Length of the error report when this checkpoint was written (the report is cut back to it). */
  reportBytes: number;
  updatedAt: string;
}

export interface ImportFileState {
  path: string;
  size: number;
  mtimeMs: number;
  /** Rows (records and unreadable rows) finished in file order. */
  itemsDone: number;
  done: boolean;
}

/** What a pull checkpoint holds. */
export interface PullCheckpoint {
  version: 1;
  command: 'pull';
  from: string;
  to: string;
  kinds: string[];
  /** The feed cursor after the last change applied. */
  cursor: string | null;
  totals: Totals;
  changesApplied: number;
  /** Length of the error report when this checkpoint was written. */
  reportBytes: number;
  updatedAt: string;
}
