import { subtreeOf } from '@edugraph/shared';
import { readSpaceCounters } from './counters.ts';
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
 * The spaces and posts of a region's subtree, from the counters kept on write (counters.ts): one
 * read by `_id`, whatever the size of the region. Null for a code that names no region.
 */
export async function spaceCounts(models: Models, regionCode: string): Promise<SpaceCounts | null> {
  if (!subtreeOf(regionCode)) return null;
  const { spaces, posts } = await readSpaceCounters(models, regionCode);
  const n = (tally: string) => spaces[tally] ?? 0;
  return {
    teacherSpaces: n('TEACHER'),
    secondaryStudentSpaces: n('SECONDARY_STUDENT'),
    classSpaces: n('CLASS'),
    schoolSpaces: n('SCHOOL'),
    groupSpaces: n('GROUP'),
    posts,
  };
}
