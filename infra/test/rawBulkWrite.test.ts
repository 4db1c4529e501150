import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { closeDatabase, connectDatabase } from '@edugraph/shared';
import { rawBulkWrite } from '../src/testing/rawBulkWrite.ts';

describe('rawBulkWrite (the benchmarks’ baseline)', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'raw_bulk_write_test' });
    const students = conn.db!.collection('students');
    await students.createIndex({ registryNumber: 1 }, { unique: true });
    await students.insertMany(
      Array.from({ length: 2_500 }, (_, i) => ({
        registryNumber: `G${String(i).padStart(18, '0')}`,
        name: `学生${i}`,
      })),
    );
  });

  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  it('writes every stored document again in batches, across rounds and a last short batch, then drops the copy', async () => {
    const result = await rawBulkWrite(conn.db!, { batchSize: 40, concurrency: 3 });

    expect(result.written).toBe(2_500);
    expect(result.ms).toBeGreaterThan(0);
    const collections = (await conn.db!.listCollections().toArray()).map((c) => c.name);
    expect(collections).toContain('students');
    expect(collections).not.toContain('students_raw');
    expect(await conn.db!.collection('students').countDocuments()).toBe(2_500);
  });
});
