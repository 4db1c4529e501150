import { Types } from 'mongoose';
import type { ResourcesStore } from '../src/store/index.ts';
import type { resourceStatuses } from '../src/catalog.ts';
import { listKeys } from '../src/store/listKeys.ts';

/** A published national resource written straight to the collection (no postings, no entry). */
export async function insertPublished(
  store: ResourcesStore,
  title: string,
  popularity = 0,
): Promise<Types.ObjectId> {
  const _id = new Types.ObjectId();
  await store.resources.create(resourceFields(_id, title, popularity));
  return _id;
}

/** The stored fields of a published national resource, to override. */
export function resourceFields(_id: Types.ObjectId, title: string, popularity = 0) {
  const now = new Date();
  return {
    _id,
    ...listKeys({ _id, createdAt: now, changedAt: now, popularity }),
    createdAt: now,
    title,
    kind: 'COURSEWARE',
    stage: 'PRIMARY',
    subject: 'MATH',
    format: 'pptx',
    content: { url: 'https://a.cn/k.pptx', sizeBytes: 1, checksum: 'c'.repeat(64) },
    providerId: '000000000000000000000001',
    originLevel: 'NATIONAL' as const,
    organization: '100000',
    orgPath: ['100000'],
    audience: '100000',
    status: 'PUBLISHED' as (typeof resourceStatuses)[number],
    createdBy: 't',
    popularity,
    changedAt: now,
  };
}

export const N = '100000';
const ZJ = [N, '330000'];
const HZ = [...ZJ, '330100'];
const SC = [...HZ, '330102'];
const GD = [N, '440000', '440100', '440103'];
/** Organizations and their paths: the nation, two provinces, cities, counties and schools. */
export const PATHS: Record<string, string[]> = {
  [N]: [N],
  '330000': ZJ,
  '330100': HZ,
  '330102': SC,
  '3301020001': [...SC, '3301020001'],
  '3301020002': [...SC, '3301020002'],
  '330106': [...HZ, '330106'],
  '3301060001': [...HZ, '330106', '3301060001'],
  '440000': GD.slice(0, 2),
  '440103': GD,
  '4401030001': [...GD, '4401030001'],
};
