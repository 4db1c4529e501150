import { subtreeOf } from '@edugraph/shared';
import type { Models } from './models/index.ts';

export interface SpaceCounts {
  teacherSpaces: number;
  secondaryStudentSpaces: number;
  classSpaces: number;
  schoolSpaces: number;
  groupSpaces: number;
  posts: number;
}

/**
 * The spaces and posts of a region's subtree, counted by equalities on the region's level field
 * and `{kind, ownerKind, secondary}`: each count is one range of an index
 * (`{<level>, kind, ownerKind, secondary}`), counted from it on the embedded database (patch
 * 0007) without decoding the spaces. Null for a code that names no region.
 */
export async function spaceCounts(models: Models, regionCode: string): Promise<SpaceCounts | null> {
  const inRegion = subtreeOf(regionCode);
  if (!inRegion) return null;
  const { spaces, posts } = models;
  const count = (filter: Record<string, unknown>) => spaces.countDocuments({ ...inRegion, ...filter }).exec();
  const [teacherSpaces, secondaryStudentSpaces, classSpaces, schoolSpaces, groupSpaces, postCount] =
    await Promise.all([
      count({ kind: 'PERSONAL', ownerKind: 'TEACHER' }),
      count({ kind: 'PERSONAL', ownerKind: 'STUDENT', secondary: true }),
      count({ kind: 'CLASS' }),
      count({ kind: 'SCHOOL' }),
      count({ kind: 'GROUP' }),
      posts.countDocuments(inRegion).exec(),
    ]);
  return { teacherSpaces, secondaryStudentSpaces, classSpaces, schoolSpaces, groupSpaces, posts: postCount };
}
