import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { closeDatabase, connectDatabase } from '@edugraph/shared';

// SQLite's write-ahead log restarts only when a writer begins with no other snapshot in use; with
// several insert commands at once that never happened and the WAL grew with everything written
// (10.5 GB after a 1,000,000-student load). infra/ferretdb/walreset.go empties it.
const writers = 4;
const batches = 40;
const batchSize = 1_000;

function walBytes(dataDir: string): number {
  return readdirSync(dataDir)
    .filter((file) => file.endsWith('.sqlite-wal'))
    .reduce((sum, file) => sum + statSync(join(dataDir, file)).size, 0);
}

function student(i: number) {
  return {
    registryNumber: `G${String(i).padStart(18, '0')}`,
    name: `Student ${(i * 7919) % 100_003}`,
    schoolCode: `S${i % 300}`,
    classCode: `C${i % 3_000}`,
    // 3 KB a document: the WAL grows by about 100 MB in a few seconds.
    notes: 'x'.repeat(3_000),
  };
}

describe('write-ahead log of the embedded database', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'wal_size_test' });
    const students = conn.db!.collection('students');
    await students.createIndex({ registryNumber: 1 }, { unique: true });
    await students.createIndex({ schoolCode: 1, name: 1 });
    await students.createIndex({ classCode: 1 });
  });

  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  it('is emptied while four writers overlap and once they stop, instead of growing with every write', async () => {
    const students = conn.db!.collection('students');
    const sizes: number[] = [];
    const sampler = setInterval(() => sizes.push(walBytes(db.dataDir)), 50);
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (next < batches) {
            const from = next++ * batchSize;
            await students.insertMany(
              Array.from({ length: batchSize }, (_, k) => student(from + k)),
              { ordered: false },
            );
          }
        }),
      );
    } finally {
      clearInterval(sampler);
    }
    expect(await students.countDocuments()).toBe(batches * batchSize);

    // Reset while the writers still overlapped: the file shrank at least once (it only ever
    // grew before), and it never held more than a bounded amount.
    const shrank = sizes.some((size, i) => i > 0 && size < sizes[i - 1]!);
    expect({ shrank, maxMB: Math.max(...sizes) / 1e6 }).toMatchObject({ shrank: true });
    expect(Math.max(...sizes)).toBeLessThan(128e6);

    // Once the writes stop, the WAL is emptied within a few seconds.
    const deadline = Date.now() + 5_000;
    while (walBytes(db.dataDir) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(walBytes(db.dataDir)).toBe(0);
  });
});
