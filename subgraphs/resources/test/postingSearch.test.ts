import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import { closeDatabase, connectDatabase, createLogger } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCandidates } from '../src/search/postingSearch.ts';
import { openResourcesStore, type ResourcesStore } from '../src/store/index.ts';
import { insertPublished } from './storeFixtures.ts';
import {
  bulkPostingWriter,
  countPostings,
  indexedTokens,
  writeBulkPostings,
  writeStamp,
  type IndexedResource,
} from '../src/store/postings.ts';
import { searchText, searchTextOfRuns, textHolds, textRuns } from '../src/search/tokens.ts';
import { decodeEntryData, encodeEntryData } from '../src/store/entryCodec.ts';
import { INLINE_IDS } from '../src/store/postingModels.ts';
import {
  buildPostingsIfMissing,
  postingsBuilt,
  reindexResources,
  SEARCH_INDEX_VERSION,
} from '../src/store/searchIndex.ts';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('keyword postings in the database', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;
  let models: ResourcesStore;

  /** A published resource written straight to the collection (no postings yet). */
  const insert = (title: string, popularity = 0) => insertPublished(models, title, popularity);
  const titles = async (query: string[], window?: number) =>
    (await searchCandidates(models, query, ['PUBLISHED'], window))!;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'posting_search_test' });
    models = await openResourcesStore(conn, { accessLogRetentionDays: 180 });
  });
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  it('builds the postings of a catalog written before them once, and not again at the next start', async () => {
    await insert('浮力课件');
    await insert('分数的意义');
    expect(await postingsBuilt(models)).toBe(false);
    await buildPostingsIfMissing(models, logger);
    expect(await postingsBuilt(models)).toBe(true);
    expect((await titles(['浮力'])).entries.map((e) => e.title)).toEqual(['浮力课件']);
    // Built: a later start does not read the catalog again, so a resource written around the
    // write path stays unindexed until its next write.
    await insert('浮力实验');
    await buildPostingsIfMissing(models, logger);
    expect((await titles(['浮力'])).entries).toHaveLength(1);
  });

  it('reads the entries of the resources holding every indexed token only, intersected from the rarest one', async () => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await insert(`长方形课件${i}`));
    ids.push(await insert('长方形的周长'));
    await reindexResources(models, ids);
    const found = await titles(['长方', '方形', '课件']);
    // 长方 and 方形 are held by 7 resources, 课件 by 8: the 7 of the rarest are checked, 6 hold all three.
    expect(found.read).toBe(7);
    expect(found.total).toBe(6);
    expect(found.exact).toBe(true);
    expect(found.entries.map((e) => e.title).sort()).toEqual(ids.slice(0, 6).map((_, i) => `长方形课件${i}`));
    const rare = await titles(['周长', '长方']);
    expect(rare.read).toBe(1);
    expect(rare.total).toBe(1);
  });

  it('stops at its window, titles holding the token first and the most used first, and says how many there were', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await insert(`圆柱体积 ${i}`, 10 ** i - 1));
    ids.push(await insert('其他', 1000));
    await models.resources.updateOne({ _id: ids[5] }, { $set: { description: '圆柱体积的例题' } });
    await reindexResources(models, ids);
    const found = await titles(['圆柱'], 3);
    expect(found.read).toBe(3);
    expect(found.exact).toBe(false);
    expect(found.total).toBe(6);
    expect(found.entries.map((e) => e.title)).toEqual(['圆柱体积 4', '圆柱体积 3', '圆柱体积 2']);
  });

  it("checks the rarest token's resources in rounds against the other tokens, up to its limit, then estimates", async () => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await insert(`棱锥模型${i}`));
    for (let i = 0; i < 2; i++) ids.push(await insert(`棱锥的高度${i}`));
    for (let i = 0; i < 12; i++) ids.push(await insert(`楼房高度${i}`));
    await reindexResources(models, ids);
    // 棱锥 (8) is rarer than 高度 (14): its resources are checked, two at a time.
    const capped = (await searchCandidates(models, ['棱锥', '高度'], ['PUBLISHED'], 2, 4))!;
    expect(capped.read).toBe(4);
    expect(capped.exact).toBe(false);
    const all = (await searchCandidates(models, ['棱锥', '高度'], ['PUBLISHED'], 2, 8))!;
    expect(all.read).toBe(8);
    expect(all.exact).toBe(true);
    expect(all.entries.map((e) => e.title).sort()).toEqual(['棱锥的高度0', '棱锥的高度1']);
    expect(all.total).toBe(2);
  });

  it("counts a token's resources per tier in the database", async () => {
    const ids = [];
    for (const [title, popularity] of [
      ['扇形弧长', 0],
      ['扇形统计图', 150],
      ['扇形的认识', 0],
    ] as const)
      ids.push(await insert(title, popularity));
    const other = await insert('圆的认识', 5);
    await models.resources.updateOne({ _id: other }, { $set: { description: '扇形与圆' } });
    const docs = (await models.resources
      .find({ _id: { $in: [...ids, other] } })
      .lean()) as unknown as IndexedResource[];
    await writeBulkPostings(models, docs, writeStamp());
    const counts = (await countPostings(models, ['扇形', '认识'], 'PUBLISHED')).get('扇形')!;
    // In the title: tier 4 (popularity 0) twice, tier 2 (150) once; in the description, popularity 5: tier 9.
    expect(counts).toEqual([0, 0, 1, 0, 2, 0, 0, 0, 0, 1]);
  });

  it('keeps exactly one set of postings per resource, the newest, when writers rewrite it at once', async () => {
    const id = await insert('正方形的面积');
    await reindexResources(models, [id]);
    await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => {
        await models.resources.updateOne({ _id: id }, { $set: { popularity: n } });
        await reindexResources(models, [id]);
      }),
    );
    await models.resources.updateOne({ _id: id }, { $set: { popularity: 9, status: 'RETIRED' } });
    await reindexResources(models, [id]);
    const rows = await models.postings.find({ r: id }).lean();
    expect(rows).toHaveLength(indexedTokens({ title: '正方形的面积' }).length);
    const entries = await models.searchEntries.find({ r: id.toHexString() }).lean();
    expect(entries).toHaveLength(1);
    expect(new Set(rows.map((r) => `${r.status}:${r.w}`))).toEqual(new Set([`RETIRED:${entries[0]!.w}`]));
    expect(decodeEntryData(entries[0]!.d).popularity).toBe(9);
    expect((await titles(['面积'])).entries).toHaveLength(0);
  });

  it('indexes a batch of new resources in one block per token, and a later write of one of them wins over that block', async () => {
    const ids = [];
    for (const title of ['勾股定理的证明', '勾股定理练习', '勾股定理复习']) ids.push(await insert(title));
    const docs = (await models.resources.find({ _id: { $in: ids } }).lean()) as unknown as IndexedResource[];
    await writeBulkPostings(models, docs, writeStamp());
    expect(await models.postings.countDocuments({ t: '勾股' })).toBe(1);
    expect((await titles(['勾股', '定理'])).entries).toHaveLength(3);

    // Retired, and another one renamed: their bulk block still names them, their newest entries do not match.
    await models.resources.updateOne({ _id: ids[0] }, { $set: { status: 'RETIRED' } });
    await models.resources.updateOne({ _id: ids[1] }, { $set: { title: '三角形练习' } });
    await reindexResources(models, [ids[0]!, ids[1]!]);
    const found = await titles(['勾股', '定理']);
    const matching = found.entries.filter(
      (e) => e.status === 'PUBLISHED' && textHolds(e.text, ['勾股', '定理']),
    );
    expect(matching.map((e) => e.title)).toEqual(['勾股定理复习']);
    expect((await titles(['三角'])).entries.map((e) => e.title)).toEqual(['三角形练习']);
  });

  it('writes the blocks of a bulk load per range of batches, and a rerun in the same order writes nothing twice', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await insert(`螺旋测微器${i}`));
    const docs = (await models.resources
      .find({ _id: { $in: ids } })
      .sort({ _id: 1 })
      .lean()) as unknown as IndexedResource[];
    const load = async () => {
      const writer = bulkPostingWriter(models, { range: 2 });
      for (const batch of [docs.slice(0, 1), docs.slice(1, 2), docs.slice(2, 3), docs.slice(3, 5)])
        await writer.add(batch, writeStamp());
      await writer.flush();
    };
    await load();
    // Ranges of at least 2 resources: [0, 1], [2, 3, 4].
    expect((await models.postings.find({ t: '螺旋' }).lean()).map((h) => h.n).sort()).toEqual([2, 3]);
    await load();
    expect(await models.postings.countDocuments({ t: '螺旋' })).toBe(2);
    expect((await titles(['螺旋', '测微'])).entries.map((e) => e.title).sort()).toEqual(
      ids.map((_, i) => `螺旋测微器${i}`),
    );
  });

  it('keeps the ids of a larger block apart from its head and reads them in order', async () => {
    const ids = [];
    for (let i = 0; i < INLINE_IDS + 4; i++) ids.push(await insert(`齿轮传动${i}`));
    const docs = (await models.resources
      .find({ _id: { $in: ids } })
      .sort({ _id: 1 })
      .lean()) as unknown as IndexedResource[];
    await writeBulkPostings(models, docs, writeStamp());
    const head = (await models.postings.findOne({ t: '齿轮' }).lean())!;
    expect(head.n).toBe(INLINE_IDS + 4);
    expect(head.ids).toBeUndefined();
    expect((await models.postingBlocks.findById(head._id).lean())!.ids).toHaveLength(24 * (INLINE_IDS + 4));
    const found = await titles(['齿轮', '传动']);
    expect(found.entries.map((e) => e.title)).toEqual(ids.map((_, i) => `齿轮传动${i}`));
    expect(found.exact).toBe(true);
  });

  it('indexes again, once, a database indexed under the first layout, and drops its old postings', async () => {
    const other = conn.useDb('posting_migration_test');
    const previous = models;
    models = await openResourcesStore(other, { accessLogRetentionDays: 180 });
    try {
      await insert('杠杆原理');
      await other.db!.collection('resourcepostings').insertOne({ _id: '杠杆~x~1', t: '杠杆' } as never);
      await other
        .db!.collection('searchindexmarkers')
        .insertOne({ _id: 'resource-postings-and-list-keys-v1' } as never);
      expect(await postingsBuilt(models)).toBe(false);
      await buildPostingsIfMissing(models, logger);
      expect((await titles(['杠杆'])).entries.map((e) => e.title)).toEqual(['杠杆原理']);
      const names = (await other.db!.listCollections().toArray()).map((c) => c.name);
      expect(names).not.toContain('resourcepostings');
      expect(
        await other.db!.collection('searchindexmarkers').findOne({ _id: SEARCH_INDEX_VERSION } as never),
      ).toBeTruthy();
      // Built: the next start reads nothing again.
      await insert('杠杆实验');
      await buildPostingsIfMissing(models, logger);
      expect((await titles(['杠杆'])).entries).toHaveLength(1);
    } finally {
      models = previous;
    }
  });

  it('rebuilds the blocks of a database indexed under the second layout, keeping its entries, and drops its blocks', async () => {
    const other = conn.useDb('posting_migration_v2_test');
    const previous = models;
    models = await openResourcesStore(other, { accessLogRetentionDays: 180 });
    try {
      const id = await insert('滑轮组');
      const docs = (await models.resources.find({ _id: id }).lean()) as unknown as IndexedResource[];
      await writeBulkPostings(models, docs, writeStamp());
      await models.postings.deleteMany({});
      await other
        .db!.collection('searchpostings')
        .insertOne({ _id: '滑轮~PUBLISHED~bx', t: '滑轮' } as never);
      await other
        .db!.collection('searchindexmarkers')
        .insertOne({ _id: 'resource-search-blocks-v2' } as never);
      await buildPostingsIfMissing(models, logger);
      expect((await titles(['滑轮'])).entries.map((e) => e.title)).toEqual(['滑轮组']);
      expect(await models.searchEntries.countDocuments({ r: id.toHexString() })).toBe(1);
      const names = (await other.db!.listCollections().toArray()).map((c) => c.name);
      expect(names).not.toContain('searchpostings');
    } finally {
      models = previous;
    }
  });

  it('stores an entry as text without anything the embedded database escapes, and reads back exactly what was stored', () => {
    const data = {
      audience: '330000',
      orgPath: ['100000', '330,000|x'],
      createdBy: 'a"b\\c',
      stage: 'PRIMARY',
      subject: 'MATH',
      grade: null,
      edition: '人教版 <新> & 旧',
      kind: 'COURSEWARE',
      originLevel: 'NATIONAL',
      sharingState: 'NONE',
      popularity: 12,
      createdAtMs: 1700000000000,
      title: '分数|的%0041认识\u2028\n',
      runs: '分数 的 0041认识',
      titleCompact: '分数的0041认识',
      descriptionCompact: '',
    };
    const text = encodeEntryData(data);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/["\\<>&\u0000-\u001f\u2028\u2029]/);
    expect(decodeEntryData(text)).toEqual(data);
  });

  it('matches tokens in the text an entry stores exactly as in the text of the resource', () => {
    const texts: [string, string | null, string | null, string | null][] = [
      ['分数的初步认识（三年级） PPT 2024版', '复习分数与小数的互化。', null, '人教版'],
      ['', null, null, null],
      ['Ａｂｃ　ｄｅ！', 'x-y_z', '第1章', ''],
    ];
    for (const t of texts) expect(searchTextOfRuns(textRuns(...t))).toBe(searchText(...t));
  });
});
