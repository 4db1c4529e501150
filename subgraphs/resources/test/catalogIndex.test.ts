import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import { closeDatabase, connectDatabase, createLogger } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModels, type Models } from '../src/context.ts';
import { searchTokensOf } from '../src/resourceWrites.ts';
import { CatalogIndex, recordCatalogChange } from '../src/search/catalogIndex.ts';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('the in-memory catalog index of several service instances', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;
  let models: Models;

  const insert = async (title: string) => {
    const now = new Date();
    const doc = await models.resources.create({
      title,
      kind: 'VIDEO',
      stage: 'PRIMARY',
      subject: 'MATH',
      format: 'mp4',
      content: { url: 'https://a.cn/v.mp4', sizeBytes: 1, checksum: 'c'.repeat(64) },
      providerId: '000000000000000000000001',
      originLevel: 'NATIONAL',
      organization: '100000',
      orgPath: ['100000'],
      audience: '100000',
      status: 'PUBLISHED',
      createdBy: 't',
      searchTokens: searchTokensOf({ title }),
      changedAt: now,
    });
    await recordCatalogChange(models, doc._id);
    return doc._id.toHexString();
  };

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'catalog_index_test' });
    models = createModels(conn);
  });
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  it('shows one instance the writes another made, and the retirement of a resource', async () => {
    const a = new CatalogIndex(models, logger);
    const b = new CatalogIndex(models, logger);
    await Promise.all([a.build(), b.build()]);
    const id = await insert('分数的意义');
    expect(await b.sync()).toBe(true);
    expect(b.entries.get(id)?.title).toBe('分数的意义');
    await models.resources.updateOne({ _id: id }, { $set: { status: 'RETIRED' } });
    await recordCatalogChange(models, id);
    expect(await a.sync()).toBe(true);
    expect(a.entries.get(id)?.status).toBe('RETIRED');
  });

  it('rebuilds an instance that fell behind further than the change ring holds', async () => {
    const behind = new CatalogIndex(models, logger);
    await behind.build();
    await insert('先写入的资源');
    // Simulate a trimmed ring: the entry this instance last saw is gone.
    await conn.collection('catalogchanges').updateOne({ _id: 'catalog' as never }, { $set: { recent: [] } });
    const late = await insert('落后之后写入的资源');
    expect(await behind.sync()).toBe(false);
    expect(behind.isWarm).toBe(false);
    await behind.build();
    expect(behind.isWarm).toBe(true);
    expect(behind.entries.get(late)?.title).toBe('落后之后写入的资源');
  });
});
