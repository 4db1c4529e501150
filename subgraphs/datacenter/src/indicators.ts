import type { Reads } from './reads.ts';

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
 * The three-connections indicators of a region's subtree, from counts (the embedded database
 * has no `$facet` or `$lookup`).
 */
export async function regionIndicators(reads: Reads, regionCode: string): Promise<RegionIndicators> {
  const inRegion = { orgPath: regionCode, deleted: false };
  const [schools, teachingPoints, students, teachers, connected, rooms, trained] = await Promise.all([
    reads.count('schools', { ...inRegion, centralSchoolCode: null }),
    reads.count('schools', { ...inRegion, centralSchoolCode: { $ne: null } }),
    reads.count('students', { ...inRegion, status: 'ENROLLED' }),
    reads.count('teachers', { ...inRegion, employmentStatus: 'ACTIVE' }),
    reads.count('schools', { ...inRegion, broadbandMbps: { $gt: 0 } }),
    // Summed here rather than with $group: on the embedded database an aggregation $match does
    // not match a value inside an array field (orgPath) the way find does. A province has a few
    // thousand schools at most.
    reads.find('schools', inRegion),
    reads.count('teachers', {
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
    multimediaClassroomRatio: ratio(
      rooms.reduce((n, r) => n + (r.multimediaClassrooms as number), 0),
      rooms.reduce((n, r) => n + (r.classrooms as number), 0),
    ),
    teachersMeetingTrainingHours: trained,
    teacherTrainingRatio: ratio(trained, teachers),
  };
}
