import { rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { emptyTotals, readJsonIfExists, writeJsonAtomically, type ImportCheckpoint } from '../checkpoint.ts';
import type { RecordKind } from '../kinds.ts';
import { t } from '../messages.ts';

/**
 * The checkpoint of an import run: loaded when it belongs to the same files (same paths,
 * sizes and modification times) and kind, refused with an explanation otherwise — resuming
 * against a changed file would skip the wrong rows.
 */
export class CheckpointMismatch extends Error {}

export interface ImportState {
  checkpoint: ImportCheckpoint;
  resumed: boolean;
  save(): void;
  /** The run is complete: the checkpoint goes (a re-run imports again, finding everything unchanged). */
  finish(): void;
}

function fresh(files: readonly string[], kind: RecordKind): ImportCheckpoint {
  return {
    version: 1,
    command: 'import',
    kind,
    files: files.map((f) => {
      const path = resolve(f);
      const st = statSync(path);
      return { path, size: st.size, mtimeMs: Math.floor(st.mtimeMs), itemsDone: 0, done: false };
    }),
    totals: emptyTotals(),
    reportBytes: 0,
    updatedAt: new Date().toISOString(),
  };
}

function mismatch(saved: ImportCheckpoint, now: ImportCheckpoint): string | undefined {
  if (saved.command !== 'import' || saved.version !== 1) return 'it is not an import checkpoint';
  if (saved.kind !== now.kind) return `it is for ${saved.kind}, not ${now.kind}`;
  if (saved.files.length !== now.files.length || saved.files.some((f, i) => f.path !== now.files[i]!.path))
    return `it is for the files ${saved.files.map((f) => f.path).join(', ')}`;
  for (const [i, f] of saved.files.entries()) {
    const cur = now.files[i]!;
    if (f.size !== cur.size || f.mtimeMs !== cur.mtimeMs) return `${f.path} changed since it was written`;
  }
  return undefined;
}

/** `path` undefined: no checkpoint (dry runs, or --no-checkpoint). */
export function openImportState(
  path: string | undefined,
  files: readonly string[],
  kind: RecordKind,
  restart: boolean,
): ImportState {
  const now = fresh(files, kind);
  const saved = path && !restart ? readJsonIfExists<ImportCheckpoint>(path) : undefined;
  if (saved) {
    const problem = mismatch(saved, now);
    if (problem) throw new CheckpointMismatch(t().checkpointForeign(String(path), problem));
  }
  const checkpoint = saved ?? now;
  return {
    checkpoint,
    resumed: !!saved,
    save() {
      if (!path) return;
      checkpoint.updatedAt = new Date().toISOString();
      writeJsonAtomically(path, checkpoint);
    },
    finish() {
      if (path) rmSync(path, { force: true });
    },
  };
}
