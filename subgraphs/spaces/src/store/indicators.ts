import { levelFieldOf, NATION_CODE, subtreeOf } from '@edugraph/shared';
import { tallyFieldOf, type Tally } from './indexFields.ts';
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
 * The spaces and posts of a region's subtree. Each space count is one equality on one field
 * (`countyTally: "330102:TEACHER"`, indexFields.ts), posts one on the level field: the embedded
 * database counts them from the index (patch 0007), reading only the matching rows. Null for a
 * code that names no region.
 */
export async function spaceCounts(models: Models, regionCode: string): Promise<SpaceCounts | null> {
  const inRegion = subtreeOf(regionCode);
  if (!inRegion) return null;
  const { spaces, posts } = models;
  const level = levelFieldOf(regionCode);
  const count = (tally: Tally) =>
    spaces
      .countDocuments(
        regionCode === NATION_CODE || !level
          ? { tally }
          : { [tallyFieldOf(level)]: `${regionCode}:${tally}` },
      )
      .exec();
  const [teacherSpaces, secondaryStudentSpaces, classSpaces, schoolSpaces, groupSpaces, postCount] =
    await Promise.all([
      count('TEACHER'),
      count('SECONDARY_STUDENT'),
      count('CLASS'),
      count('SCHOOL'),
      count('GROUP'),
      posts.countDocuments(inRegion).exec(),
    ]);
  return { teacherSpaces, secondaryStudentSpaces, classSpaces, schoolSpaces, groupSpaces, posts: postCount };
}
