import { createRng } from '@edugraph/infra';
import { forEachBatch } from '@edugraph/shared';
import { Types } from 'mongoose';
import { gradeLabel, resourceKinds, subjects, type ResourceKind } from '../src/catalog.ts';
import type { ResourcesStore } from '../src/store/index.ts';
import { resourceDocument } from '../src/seed/demoCatalog.ts';
import type { HistoryStep } from '../src/store/resource.ts';
import { topicBanks } from '../src/seed/topics.ts';
import { usedKey } from '../src/store/listKeys.ts';
import { bulkPostingWriter, writeStamp, type IndexedResource } from '../src/store/postings.ts';
import { BULK_BATCH, markPostingsBuilt } from '../src/store/searchIndex.ts';
import {
  countNewResources,
  countedOf,
  markCounted,
  type CountedFields,
  type StoredCounted,
} from '../src/store/catalogCounts.ts';

const SUFFIXES = ['第一课时', '第二课时', '复习课', '公开课', '同步练习', '拓展阅读', '单元测试', '优质课'];
const CITIES = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'];

/** `size` published resources drawn from the curriculum topics, half national, half provincial. */
export function* catalogForBench(size: number) {
  const rng = createRng('bench', 'resources');
  const kinds = Object.keys(resourceKinds) as ResourceKind[];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < size; i++) {
    const bank = rng.pick(topicBanks);
    const [grade, topic, chapter] = rng.pick(bank.topics);
    const kind = rng.pick(kinds);
    const edition = rng.pick(bank.editions);
    const orgPath = rng.chance(0.5) ? ['100000'] : ['100000', '330000'];
    const created = new Date(start + i * 60_000);
    const history: HistoryStep[] = ['CREATE', 'SUBMIT', 'APPROVE', 'PUBLISH'].map((action, n, all) => ({
      action,
      from: n ? ['DRAFT', 'SUBMITTED', 'APPROVED'][n - 1]! : 'NONE',
      to: ['DRAFT', 'SUBMITTED', 'APPROVED', 'PUBLISHED'][n]!,
      actorId: 'bench',
      actorOrganization: orgPath.at(-1)!,
      reason: null,
      at: new Date(created.getTime() + (n * 3_600_000) / all.length),
    }));
    const id = new Types.ObjectId();
    const views = rng.int(0, 500);
    yield {
      _id: id,
      ...resourceDocument({
        id: id.toHexString(),
        title: `${rng.pick(CITIES)}${edition}${gradeLabel(grade)}${subjects[bank.subject]}《${topic}》${resourceKinds[kind]} ${rng.pick(SUFFIXES)}`,
        description: `${chapter}「${topic}」${resourceKinds[kind]}，适用于${gradeLabel(grade)}课堂教学。编号${i}`,
        kind,
        bank,
        grade,
        edition,
        chapter,
        orgPath,
        status: 'PUBLISHED',
        history,
        sizeBytes: 1024 * rng.int(100, 9000),
        checksum: '0'.repeat(64),
        license: null,
        createdAt: created,
        changedAt: history.at(-1)!.at,
      }),
      providerId: new Types.ObjectId('000000000000000000000001'),
      usage: { views, downloads: 0, favorites: 0, pushes: 0 },
      popularity: views,
      usedKey: usedKey(id, views),
    };
  }
}

const COUNT_EVERY = 50_000;

/** Batches written at once: one batch's resource documents overlap another's search index (FerretDB and this process each keep a core busy). */
export const LOAD_WORKERS = 2;

/**
 * Writes `size` generated published resources straight into the resources database, with their
 * search index through the bulk write the seed and the start-up build use, `BULK_BATCH` at a
 * time, `workers` batches at once (the benches' catalog: the review workflow through the graph
 * would take hours at 100,000). Returns their ids and the time spent writing the documents and
 * their search index (each summed over the workers).
 */
export async function loadBenchCatalog(models: ResourcesStore, size: number, workers = LOAD_WORKERS) {
  const ids: string[] = [];
  let postingsMs = 0;
  let documentsMs = 0;
  function* generated() {
    for (const doc of catalogForBench(size)) {
      ids.push(doc._id.toHexString());
      yield doc;
    }
  }
  const postings = bulkPostingWriter(models);
  const counted: CountedFields[] = [];
  await forEachBatch(generated(), BULK_BATCH, workers, async (batch) => {
    const d0 = performance.now();
    for (let i = 0; i < batch.length; i += 1000)
      await models.resources.collection.insertMany(batch.slice(i, i + 1000) as never[], { ordered: false });
    // The search index through the bulk write the seed and the start-up build use.
    const p0 = performance.now();
    documentsMs += p0 - d0;
    await postings.add(batch as unknown as IndexedResource[], writeStamp());
    counted.push(...(batch as unknown as StoredCounted[]).map(countedOf));
    // Counted every 50,000: a count's write costs the same for 5,000 resources as for 50,000.
    if (counted.length >= COUNT_EVERY) await countNewResources(models, counted.splice(0));
    postingsMs += performance.now() - p0;
  });
  const f0 = performance.now();
  await countNewResources(models, counted);
  await postings.flush();
  postingsMs += performance.now() - f0;
  await markPostingsBuilt(models, size);
  await markCounted(models, size);
  return { ids, postingsMs, documentsMs };
}
