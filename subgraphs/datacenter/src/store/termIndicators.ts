import { readCounters } from './counters.ts';
import type { Models } from './models/index.ts';
import { subtreeOf } from './tenancy.ts';
import { ofTerm } from './termMetrics.ts';

export interface TermIndicators {
  term: string;
  enrolledByStage: { stage: string; students: number }[];
  assignmentsBySubject: { subject: string; assignments: number }[];
  activeTeachers: number;
  trainingHours: number;
  averageTrainingHours: number;
}

const n = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * What the seeds monitor per term for a region's subtree (学段在校生, 学科任课, 教师培训学时), from
 * the counters every write keeps (counters.ts): one read of three documents by `_id`. Training
 * hours are the teachers' current five-year cycle, the same for every term.
 */
export async function termIndicators(
  models: Models,
  regionCode: string,
  term: string,
): Promise<TermIndicators> {
  if (!subtreeOf(regionCode)) throw new Error(`${regionCode} is not an organization code`);
  const {
    enrollments: e,
    assignments: a,
    teachers: t,
  } = await readCounters(models, regionCode, ['enrollments', 'assignments', 'teachers']);
  const activeTeachers = n(t!.active);
  const trainingHours = n(t!.activeTrainingHours);
  return {
    term,
    enrolledByStage: ofTerm(e!, term).map(([stage, students]) => ({ stage, students })),
    assignmentsBySubject: ofTerm(a!, term).map(([subject, assignments]) => ({ subject, assignments })),
    activeTeachers,
    trainingHours,
    averageTrainingHours: activeTeachers > 0 ? Math.round((trainingHours / activeTeachers) * 100) / 100 : 0,
  };
}
