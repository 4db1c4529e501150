import { levelFields, type LevelFields } from '@edugraph/shared';
import { Types } from 'mongoose';

/**
 * Fields stored only so that indexes serve the queries (models/*.ts declare the indexes): every
 * write of a space or post sets them from the record's own fields, the seed included, and
 * backfill.ts writes them into records stored before they existed.
 */

/** A space's or post's tenancy levels, from its `orgPath`. */
export const tenancyFields = (orgPath: readonly string[]): LevelFields => levelFields(orgPath);

/** What the indicators count a space as (counters.ts). */
export type Tally = 'TEACHER' | 'SECONDARY_STUDENT' | 'STUDENT' | 'OTHER' | 'CLASS' | 'SCHOOL' | 'GROUP';

export function tallyOf(space: {
  kind: string;
  ownerKind?: string | null;
  secondary?: boolean | null;
}): Tally {
  if (space.kind !== 'PERSONAL') return space.kind as Tally;
  if (space.ownerKind === 'TEACHER') return 'TEACHER';
  if (space.ownerKind === 'STUDENT') return space.secondary ? 'SECONDARY_STUDENT' : 'STUDENT';
  return 'OTHER';
}

/** Larger than any millisecond timestamp we will store (year 2286), so inverted times stay 13 digits. */
const LAST_MS = 9_999_999_999_999;

/**
 * A post's place in newest-first order as an ascending, unique string: the inverted creation
 * time, then the post's id. Why: the embedded database serves a sorted page from an index only
 * in ascending order (a descending sort decodes every post of the space), and a unique key needs
 * no `_id` tie-break.
 */
export function feedKey(createdAt: Date, id: Types.ObjectId): string {
  return String(LAST_MS - createdAt.getTime()).padStart(13, '0') + id.toHexString();
}

/** The index fields of a new post of a space at `orgPath`, with its id and creation time fixed here. */
export function newPostFields(orgPath: readonly string[], at = new Date(), id = new Types.ObjectId()) {
  return {
    _id: id,
    createdAt: at,
    updatedAt: at,
    feedKey: feedKey(at, id),
    ...tenancyFields(orgPath),
  };
}

/**
 * The `key` range of a kind's spaces (keys are `user:`/`person:` for personal spaces,
 * `class:`, `school:`, `group:`): a list filtered by kind reads only that range of its index.
 */
export function keyRangeOfKind(kind: string): { $gte: string; $lt: string } | undefined {
  switch (kind) {
    case 'CLASS':
      return { $gte: 'class:', $lt: 'class;' };
    case 'SCHOOL':
      return { $gte: 'school:', $lt: 'school;' };
    case 'GROUP':
      return { $gte: 'group:', $lt: 'group;' };
    case 'PERSONAL':
      // `person:` … `user:`: school spaces in between are left out by the kind's equality.
      return { $gte: 'person:', $lt: 'user;' };
    default:
      return undefined;
  }
}
