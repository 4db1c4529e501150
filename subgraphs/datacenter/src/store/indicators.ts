import { readCounters } from './counters.ts';
import type { Models } from './models/index.ts';
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
const n = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * The three-connections indicators of a region's subtree, from the counters every write keeps
 * (counters.ts): one read of three documents by `_id`, whatever the size of the region. Exact
 * at any moment a write is not in flight, as each write batch adjusts them under its kind's
 * counter lock right after its records are written.
 */
export async function regionIndicators(models: Models, regionCode: string): Promise<RegionIndicators> {
  if (!subtreeOf(regionCode)) throw new Error(`${regionCode} is not an organization code`);
  const {
    schools: s,
    students: p,
    teachers: t,
  } = await readCounters(models, regionCode, ['schools', 'students', 'teachers']);
  const schools = n(s!.schools);
  const teachingPoints = n(s!.teachingPoints);
  const connected = n(s!.broadbandConnected);
  const teachers = n(t!.active);
  const trained = n(t!.activeMeetingTraining);
  return {
    schools,
    teachingPoints,
    students: n(p!.enrolled),
    teachers,
    broadbandConnectedSchools: connected,
    broadbandRatio: ratio(connected, schools + teachingPoints),
    multimediaClassroomRatio: ratio(n(s!.multimediaClassrooms), n(s!.classrooms)),
    teachersMeetingTrainingHours: trained,
    teacherTrainingRatio: ratio(trained, teachers),
  };
}
