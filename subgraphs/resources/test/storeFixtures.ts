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
