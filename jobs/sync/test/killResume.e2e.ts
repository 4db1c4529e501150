import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportCheckpoint } from '../src/checkpoint.ts';
import { changesDocument, type Change, type ChangeFeed } from '../src/hub/documents.ts';
import type { HubClient } from '../src/hub/hubClient.ts';
import {
  fileRecords,
  readBack,
  runCli,
  seedFiles,
  startCli,
  startSyncHub,
  type CliRun,
  type SyncHub,
} from './syncHub.ts';

const dir = mkdtempSync(join(tmpdir(), 'sync-kill-e2e-'));
const STUDENTS = 4000;
let h: SyncHub;
let files: Awaited<ReturnType<typeof seedFiles>>;

beforeAll(async () => {
  h = await startSyncHub('kill');
  files = await seedFiles(dir, STUDENTS, { format: 'ndjson', columns: 'english', encoding: 'utf8' });
  for (const kind of ['regions', 'schools', 'classes'] as const) {
    const run = await runCli(['import', files[kind], '--kind', kind], h.env, dir);
    if (run.code !== 0) throw new Error(`${kind}: ${run.stdout}${run.stderr}`);
  }
});
afterAll(async () => {
  await h?.hub.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function feed(client: HubClient, kinds: string[]): Promise<Change[]> {
  const all: Change[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { changes: ChangeFeed } = await client.request(changesDocument, {
      after,
      first: 1000,
      kinds,
    });
    all.push(...data.changes.changes);
    after = data.changes.endCursor;
    if (!data.changes.hasMore) return all;
  }
}

function itemsDone(path: string): number {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as ImportCheckpoint).files[0]!.itemsDone;
  } catch {
    return 0;
  }
}

describe('import killed at random points', () => {
  it('resumes after every kill and ends with exactly the file’s records, none lost or repeated', async () => {
    const checkpoint = join(dir, 'students.ndjson.checkpoint.json');
    const args = ['import', files.students, '--kind', 'students', '--batch-size', '25', '--concurrency', '2'];
    let kills = 0;
    let terms = 0;
    let finished: CliRun | undefined;
    const progressAtKill: number[] = [];
    for (let attempt = 0; attempt < 100 && !finished; attempt++) {
      const { child, done } = startCli(args, h.env, dir);
      if (kills >= 20) {
        finished = await done;
        break;
      }
      // Half the kills come at a random moment (start-up, token, mid-batch, mid-checkpoint), half
      // a random moment after the checkpoint has moved, so every run also makes progress. The file
      // (160 batches) is large enough that at least 20 kills come before the import can finish.
      const before = itemsDone(checkpoint);
      const waitForProgress = attempt % 2 === 1;
      const deadline = Date.now() + (waitForProgress ? 20_000 : 100 + Math.random() * 600);
      let exited: CliRun | undefined;
      void done.then((r) => (exited = r));
      while (!exited && Date.now() < deadline && !(waitForProgress && itemsDone(checkpoint) > before))
        await sleep(10);
      if (!exited && waitForProgress) await sleep(Math.random() * 20);
      if (exited) {
        finished = exited;
        break;
      }
      // One polite stop (SIGTERM): finishes the requests in flight, saves, exits 130.
      const polite = attempt === 7;
      child.kill(polite ? 'SIGTERM' : 'SIGKILL');
      const run = await done;
      if (polite) {
        if (run.code === 130) {
          expect(run.stdout).toContain('checkpoint saved: run the same command again to continue');
          terms++;
        }
      } else kills++;
      progressAtKill.push(itemsDone(checkpoint));
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    expect(terms).toBe(1);
    expect(finished, 'the last run finished').toBeDefined();
    expect(finished!.code, finished!.stdout + finished!.stderr).toBe(0);
    expect(finished!.stdout).toMatch(/\(resumed\)/);
    expect(existsSync(checkpoint), 'a finished import removes its checkpoint').toBe(false);
    // Progress was kept across kills (the checkpoint never went backwards).
    for (let i = 1; i < progressAtKill.length; i++)
      expect(progressAtKill[i]!).toBeGreaterThanOrEqual(progressAtKill[i - 1]!);

    const expected = fileRecords(files.students, 'registryNumber');
    expect(expected.size).toBe(STUDENTS);
    const actual = await readBack(h.client, 'students');
    expect(actual.size).toBe(STUDENTS);
    for (const [key, record] of expected) expect(actual.get(key), key).toEqual(record);
    // Every student was written once: one feed entry each, at version 1 (re-sent batches were UNCHANGED).
    const changes = await feed(h.client, ['STUDENT']);
    expect(changes).toHaveLength(STUDENTS);
    expect(new Set(changes.map((c) => c.key)).size).toBe(STUDENTS);
    expect(changes.every((c) => c.version === 1 && c.op === 'UPSERT')).toBe(true);
  }, 300_000);
});
