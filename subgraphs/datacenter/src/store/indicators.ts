import { STUDENT_STATUS_ENROLLED } from '@edugraph/infra';
import { databaseCapabilities } from '@edugraph/shared';
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

/**
 * Classrooms and multimedia classrooms of the region's live schools, summed by the database: one
 * `$group` on MongoDB, one per sum on the embedded database (it answers 0 for a second accumulator).
 */
async function classroomTotals(models: Models, inRegion: Filter): Promise<{ rooms: number; media: number }> {
  const sums = { rooms: { $sum: '$classrooms' }, media: { $sum: '$multimediaClassrooms' } };
  const group = async (accumulators: Record<string, unknown>) =>
    (
      await models.schools.aggregate<Record<string, number>>([
        { $match: inRegion },
        { $group: { _id: null, ...accumulators } },
      ])
    )[0] ?? {};
  const { groupWithManyAccumulators } = await databaseCapabilities(models.schools.db.db!);
  const [rooms, media] = groupWithManyAccumulators
    ? await group(sums).then((row) => [row, row])
    : await Promise.all([group({ rooms: sums.rooms }), group({ media: sums.media })]);
  return { rooms: rooms!.rooms ?? 0, media: media!.media ?? 0 };
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
  const [schools, teachingPoints, students, teachers, connected, rooms, trained] = await Promise.all([
    records.count('schools', { ...inRegion, teachingPoint: false }),
    records.count('schools', { ...inRegion, teachingPoint: true }),
    records.count('students', { ...inRegion, status: STUDENT_STATUS_ENROLLED }),
    records.count('teachers', { ...inRegion, employmentStatus: 'ACTIVE' }),
    records.count('schools', { ...inRegion, broadbandConnected: true }),
    classroomTotals(models, inRegion),
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
    multimediaClassroomRatio: ratio(rooms.media, rooms.rooms),
    teachersMeetingTrainingHours: trained,
    teacherTrainingRatio: ratio(trained, teachers),
  };
}
