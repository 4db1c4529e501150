import type { Models } from './models/index.ts';

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

/** 50 hours of IT-application training per teacher every five years. */
export const TRAINING_TARGET_HOURS = 50;

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/**
 * The three-connections indicators of a region's subtree. Counts and one `$group` with `$sum`
 * only: the embedded database has no `$facet` or `$lookup`.
 */
export async function regionIndicators(models: Models, regionCode: string): Promise<RegionIndicators> {
  const inRegion = { orgPath: regionCode, deleted: false };
  const [schools, teachingPoints, students, teachers, connected, rooms, trained] = await Promise.all([
    models.schools.countDocuments({ ...inRegion, centralSchoolCode: null }),
    models.schools.countDocuments({ ...inRegion, centralSchoolCode: { $ne: null } }),
    models.students.countDocuments({ ...inRegion, status: 'ENROLLED' }),
    models.teachers.countDocuments({ ...inRegion, employmentStatus: 'ACTIVE' }),
    models.schools.countDocuments({ ...inRegion, broadbandMbps: { $gt: 0 } }),
    models.schools.aggregate<{ classrooms: number; multimedia: number }>([
      { $match: inRegion },
      {
        $group: {
          _id: null,
          classrooms: { $sum: '$classrooms' },
          multimedia: { $sum: '$multimediaClassrooms' },
        },
      },
    ]),
    models.teachers.countDocuments({
      ...inRegion,
      employmentStatus: 'ACTIVE',
      trainingHours: { $gte: TRAINING_TARGET_HOURS },
    }),
  ]);
  const sites = schools + teachingPoints;
  return {
    schools,
    teachingPoints,
    students,
    teachers,
    broadbandConnectedSchools: connected,
    broadbandRatio: ratio(connected, sites),
    multimediaClassroomRatio: ratio(rooms[0]?.multimedia ?? 0, rooms[0]?.classrooms ?? 0),
    teachersMeetingTrainingHours: trained,
    teacherTrainingRatio: ratio(trained, teachers),
  };
}
