import type { Caller, PageArgs } from '@edugraph/shared';
import type { Reads } from '../reads.ts';
import { TRAINING_TARGET_HOURS } from '../indicators.ts';
import { emptyPage, prefixMatch, scoped, seesStudents } from '../visibility.ts';

/** Largest page of a list (a sync job or a class roster can ask for up to 1,000). */
export const MAX_PAGE = 1000;
const page = { defaultPageSize: 20, maxPageSize: MAX_PAGE };

type Filter = Record<string, unknown> | null | undefined;
const eq = (field: string, value: unknown) =>
  value === null || value === undefined ? [] : [{ [field]: value }];
const inRegion = (f: Filter) => eq('orgPath', f?.regionCode);

/**
 * The lists of the graph: every one limited to the caller's subtree (`scoped`), keyset-paginated
 * in `_id` order, with totalCount computed only when asked.
 */
export const lists = {
  regions: (reads: Reads, caller: Caller, f: Filter, args: PageArgs) =>
    reads.page('regions', args, {
      ...page,
      filter: scoped(caller, ...eq('level', f?.level), ...eq('parentCode', f?.parentCode)),
    }),

  schools: (reads: Reads, caller: Caller, f: Filter, args: PageArgs) => {
    const teachingPoint =
      f?.teachingPoint === true
        ? [{ centralSchoolCode: { $ne: null } }]
        : f?.teachingPoint === false
          ? [{ centralSchoolCode: null }]
          : [];
    const filter = scoped(
      caller,
      ...inRegion(f),
      ...eq('kind', f?.kind),
      ...eq('centralSchoolCode', f?.centralSchoolCode),
      ...teachingPoint,
      ...prefixMatch('name', f?.namePrefix as string | undefined),
    );
    return reads.page('schools', args, { ...page, filter });
  },

  classes: (reads: Reads, caller: Caller, f: Filter, args: PageArgs) => {
    const filter = scoped(
      caller,
      ...inRegion(f),
      ...eq('schoolCode', f?.schoolCode),
      ...eq('grade', f?.grade),
      ...eq('enrollmentYear', f?.enrollmentYear),
    );
    return reads.page('classes', args, { ...page, filter });
  },

  async students(reads: Reads, caller: Caller, f: Filter, args: PageArgs) {
    if (!seesStudents(caller)) return emptyPage();
    const conditions = [
      ...inRegion(f),
      ...eq('schoolCode', f?.schoolCode),
      ...eq('classCode', f?.classCode),
      ...eq('status', f?.status),
      ...prefixMatch('name', f?.namePrefix as string | undefined),
    ];
    if (f?.grade !== null && f?.grade !== undefined) {
      // A student's grade is its class's: the classes of that grade in scope, then their students.
      const classFilter = scoped(
        caller,
        { grade: f.grade },
        ...inRegion(f),
        ...eq('schoolCode', f.schoolCode),
        ...eq('code', f.classCode),
      );
      const codes = (await reads.find('classes', classFilter)).map((c) => c.code);
      conditions.push({ classCode: { $in: codes } });
    }
    return reads.page('students', args, { ...page, filter: scoped(caller, ...conditions) });
  },

  teachers: (reads: Reads, caller: Caller, f: Filter, args: PageArgs) => {
    const target =
      f?.meetsTrainingTarget === true
        ? [{ trainingHours: { $gte: TRAINING_TARGET_HOURS } }]
        : f?.meetsTrainingTarget === false
          ? [{ trainingHours: { $lt: TRAINING_TARGET_HOURS } }]
          : [];
    const filter = scoped(
      caller,
      ...inRegion(f),
      ...eq('schoolCode', f?.schoolCode),
      ...eq('employmentStatus', f?.employmentStatus),
      ...target,
      ...prefixMatch('name', f?.namePrefix as string | undefined),
    );
    return reads.page('teachers', args, { ...page, filter });
  },

  assets: (reads: Reads, caller: Caller, f: Filter, args: PageArgs) => {
    const filter = scoped(
      caller,
      ...inRegion(f),
      ...eq('schoolCode', f?.schoolCode),
      ...eq('category', f?.category),
      ...eq('status', f?.status),
    );
    return reads.page('assets', args, { ...page, filter });
  },
};
