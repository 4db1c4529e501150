import {
  keysetPage,
  scopeWithin,
  toConnection,
  type Caller,
  type Connection,
  type PageArgs,
} from '@edugraph/shared';
import { Types } from 'mongoose';
import { keyRangeOfKind } from './indexFields.ts';
import type { Models } from './models/index.ts';
import type { SpaceDoc } from './models/space.ts';

const objectIds = (ids: readonly string[]) =>
  [...new Set(ids)].filter((id) => /^[a-f0-9]{24}$/i.test(id)).map((id) => new Types.ObjectId(id));

/** Spaces by id (hex strings; others match nothing): one query, `{_id}` alone for one id. */
export async function spacesByIds(models: Models, ids: readonly string[]): Promise<SpaceDoc[]> {
  const valid = objectIds(ids);
  if (valid.length === 0) return [];
  const filter = valid.length === 1 ? { _id: valid[0] } : { _id: { $in: valid } };
  return (await models.spaces
    .find(filter)
    .batchSize(valid.length + 1)
    .lean()) as SpaceDoc[];
}

/** Spaces by a unique field (`key`, `ownerId`, `personNumber`): one `$in` on its index. */
export async function spacesBy(
  models: Models,
  field: 'key' | 'ownerId' | 'personNumber',
  values: readonly string[],
  extra: Record<string, unknown> = {},
): Promise<SpaceDoc[]> {
  const unique = [...new Set(values)];
  if (unique.length === 0) return [];
  return (await models.spaces
    .find({ [field]: unique.length === 1 ? unique[0] : { $in: unique }, ...extra })
    .batchSize(unique.length + 1)
    .lean()) as SpaceDoc[];
}

/** An administrator's list of the spaces in their subtree, in `key` order (one seek of `{level, key}`). */
export function spacesPage(
  models: Models,
  caller: Caller,
  filter: { kind?: string | null; organization?: string | null },
  args: PageArgs,
): Promise<Connection<SpaceDoc>> {
  const scope = scopeWithin(caller, filter.organization);
  if (!scope) return Promise.resolve(toConnection<SpaceDoc>([], 'key', false, false, async () => 0));
  const where: Record<string, unknown> = { ...scope };
  if (filter.kind) {
    where.kind = filter.kind;
    const range = keyRangeOfKind(filter.kind);
    if (range) where.key = range;
  }
  return keysetPage<SpaceDoc>(models.spaces, args, { filter: where, key: 'key' });
}

/** Changes a space's settings; returns the space as it now is. */
export async function updateSpace(
  models: Models,
  space: SpaceDoc,
  set: Partial<SpaceDoc>,
): Promise<SpaceDoc> {
  await models.spaces.updateOne({ _id: space._id }, { $set: set });
  return { ...space, ...set };
}
