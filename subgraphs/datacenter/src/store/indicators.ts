import type { Models } from './models/index.ts';
import type { Filter, Records } from './records.ts';
import { subtreeOf } from './tenancy.ts';

export interface RegionIndicators {
  schools: number;
  teachingPoints: number;
  students: number;
  teachers: number;
  broadbandConnectedSchools: number;
  broadbandRatio: number;
  multimediaClassroomRatio: number;
  teachersMeetingTrainingHours: number;
  teacherTrainingRatio: number;
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/** The sum of a number field over the region's live schools, by the database. */
async function schoolSum(models: Models, inRegion: Filter, field: string): Promise<number> {
  const [row] = await models.schools.aggregate<{ total: number }>([
    { $match: inRegion },
    { $group: { _id: null, total: { $sum: `$${field}` } } },
  ]);
  return row?.total ?? 0;
}

/**
 * The three-connections indicators of a region's subtree, from counts of equalities on indexed
 * scalar fields (the level field of the region, `deleted`, statuses and the booleans of
 * indexFields.ts): exact at any moment, as they count the stored records, and answered from the
 * indexes on the embedded database (no `$facet` or `$lookup` there). The classroom sums are
 * `$group`s over the region's schools (a province has a few thousand).
 */
export async function regionIndicators(
  records: Records,
  models: Models,
  regionCode: string,
): Promise<RegionIndicators> {
  const subtree = subtreeOf(regionCode);
  if (!subtree) throw new Error(`${regionCode} is not an organization code`);
  const inRegion = { ...subtree, deleted: false };
  const [schools, teachingPoints, students, teachers, connected, rooms, media, trained] = await Promise.all([
    records.count('schools', { ...inRegion, teachingPoint: false }),
    records.count('schools', { ...inRegion, teachingPoint: true }),
    records.count('students', { ...inRegion, status: 'ENROLLED' }),
    records.count('teachers', { ...inRegion, employmentStatus: 'ACTIVE' }),
    records.count('schools', { ...inRegion, broadbandConnected: true }),
    // One sum per pipeline: the embedded database answers 0 for a second accumulator of a $group.
    schoolSum(models, inRegion, 'classrooms'),
    schoolSum(models, inRegion, 'multimediaClassrooms'),
    records.count('teachers', { ...inRegion, employmentStatus: 'ACTIVE', meetsTrainingTarget: true }),
  ]);
  const sites = schools + teachingPoints;
  return {
    schools,
    teachingPoints,
    students,
    teachers,
    broadbandConnectedSchools: connected,
    broadbandRatio: ratio(connected, sites),
    multimediaClassroomRatio: ratio(media, rooms),
    teachersMeetingTrainingHours: trained,
    teacherTrainingRatio: ratio(trained, teachers),
  };
}
