import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, connectDatabase } from '@edugraph/shared';
import { startEmbeddedDatabase } from '@edugraph/embedded-db';

const schoolSchema = new mongoose.Schema({
  code: { type: String, required: true, unique: true },
  name: String,
});

describe('embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'edugraph-db-test-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores documents through mongoose, enforces unique indexes and keeps data across a restart', async () => {
    const first = await startEmbeddedDatabase({ dataDir });
    try {
      expect(first.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      const conn = await connectDatabase({ uri: first.uri, dbName: 'edugraph_test' });
      const School = conn.model('School', schoolSchema);
      await School.init();
      await School.create({ code: '2133000001', name: '杭州市上城区第一小学' });
      const found = await School.findOne({ code: '2133000001' }).lean();
      expect(found?.name).toBe('杭州市上城区第一小学');
      await expect(School.create({ code: '2133000001', name: 'duplicate' })).rejects.toMatchObject({
        code: 11000,
      });
      expect(await School.countDocuments()).toBe(1);
      await closeDatabase(conn);
    } finally {
      await first.stop();
    }
    expect(first.process.exitCode ?? first.process.signalCode).not.toBeNull();

    const second = await startEmbeddedDatabase({ dataDir });
    try {
      const conn = await connectDatabase({ uri: second.uri, dbName: 'edugraph_test' });
      const School = conn.model('School', schoolSchema);
      const after = await School.find().lean();
      expect(after.map((s) => s.name)).toEqual(['杭州市上城区第一小学']);
      await expect(
        School.create({ code: '2133000001', name: 'duplicate after restart' }),
      ).rejects.toMatchObject({ code: 11000 });
      await closeDatabase(conn);
    } finally {
      await second.stop();
    }
  });

  it('answers an update command of many statements (patch 0002: it used to hang at 100)', async () => {
    const db = await startEmbeddedDatabase();
    try {
      const conn = await connectDatabase({ uri: db.uri, dbName: 'edugraph_test' });
      const rows = conn.db!.collection<{ _id: string; n: number }>('rows');
      await rows.insertMany(Array.from({ length: 150 }, (_, i) => ({ _id: `k${i}`, n: i })));
      const result = await rows.bulkWrite(
        Array.from({ length: 150 }, (_, i) => ({
          updateOne: { filter: { _id: `k${i}` }, update: { $set: { n: -i - 1 } } },
        })),
        { ordered: false, timeoutMS: 20_000 },
      );
      expect(result.modifiedCount).toBe(150);
      expect(await rows.findOne({ _id: 'k149' })).toEqual({ _id: 'k149', n: -150 });
      await closeDatabase(conn);
    } finally {
      await db.stop();
    }
  });

  it('still refuses a NaN in a request while its replies are no longer decoded again to look for one (patch 0015)', async () => {
    const db = await startEmbeddedDatabase();
    try {
      const conn = await connectDatabase({ uri: db.uri, dbName: 'edugraph_test' });
      const rows = conn.db!.collection<{ _id: string; x: number }>('rows');
      await expect(rows.insertOne({ _id: 'nan', x: Number.NaN })).rejects.toThrow();
      await rows.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `k${i}`, x: i / 7 })));
      const all = await rows.find({}, { batchSize: 1000 }).sort({ _id: 1 }).toArray();
      expect(all).toHaveLength(300);
      expect(all.find((r) => r._id === 'k7')?.x).toBe(1);
      expect(await rows.countDocuments({ _id: 'nan' })).toBe(0);
      await closeDatabase(conn);
    } finally {
      await db.stop();
    }
  });

  it('gives each test helper its own free port and throw-away folder', async () => {
    const [a, b] = await Promise.all([startEmbeddedDatabase(), startEmbeddedDatabase()]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(a.dataDir).not.toBe(b.dataDir);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
