import { codeOf } from '@edugraph/shared';
import { isParentOnly, toConnection, type Caller, type Connection, type PageArgs } from '@edugraph/shared';
import type { RecordCollection } from './collections.ts';
import type { Doc, Records } from './records.ts';
import type {
  AssetFilter,
  AssignmentFilter,
  ClassFilter,
  CourseFilter,
  EnrollmentFilter,
  GuardianFilter,
  RegionFilter,
  SchoolFilter,
  ScopeFilter,
  StudentFilter,
  TeacherFilter,
  TermFilter,
} from './filters.ts';
import { countedTotal } from './countedTotals.ts';
import { Where } from './where.ts';

type RefDoc = { orgPath: readonly string[]; deleted?: boolean };
/** Records of the filter's codes already loaded by the caller's resolver. */
export type Known = { school?: RefDoc; class?: RefDoc };

/** Largest page of a list (a sync job or a class roster can ask for up to 1,000). */
export const MAX_PAGE = 1000;
const PAGE = { defaultPageSize: 20, maxPageSize: MAX_PAGE };

/** Each list's order: people by name (a roster), the others by their natural key. */
export const SORT_FIELD: Readonly<Record<RecordCollection, string>> = {
  regions: 'code',
  schools: 'code',
  classes: 'code',
  students: 'nameKey',
  teachers: 'nameKey',
  assets: 'assetTag',
  terms: 'code',
  courses: 'code',
  enrollments: 'key',
  assignments: 'key',
  guardians: 'guardianNumber',
};

type Maybe<F> = F | null | undefined;

/** The deprecated StudentStatus filter as a 学籍状态 code (ENROLLED: 01 在读, as indicators count). */
const STATUS_CODES: Readonly<Record<string, string>> = {
  ENROLLED: '01',
  SUSPENDED: '02',
  GRADUATED: '07',
  TRANSFERRED: '10',
};
const statusCodeOf = (status: unknown) =>
  typeof status === 'string' ? (STATUS_CODES[status] ?? `none:${status}`) : undefined;

/**
 * The lists of the graph: every one limited to the caller's subtree, keyset-paginated on
 * (SORT_FIELD, `_id`), with totalCount counted only when asked.
 */
export function createLists(records: Records) {
  const page = (coll: RecordCollection, where: Where, args: PageArgs): Promise<Connection<Doc>> => {
    const filter = where.filter;
    return where.empty
      ? Promise.resolve(toConnection<Doc>([], SORT_FIELD[coll], false, false, async () => 0))
      : records.page(coll, args, {
          ...PAGE,
          filter,
          sortField: SORT_FIELD[coll],
          count: countedTotal(records, coll, where),
        });
  };
  /** The live record of `coll` with this code, for checking the caller sees it. */
  const byCode = async (coll: 'schools' | 'classes', code: unknown) =>
    typeof code === 'string'
      ? ((await records.byKeys(coll, 'code', [code]))[0] as unknown as RefDoc | undefined)
      : undefined;
  /**
   * `schoolCode` / `classCode` filters: the school or class, when the caller sees it (`known`: the
   * record a nested field starts from, already loaded and checked — a class's students).
   */
  const narrowed = async (
    caller: Caller,
    f: Maybe<ScopeFilter>,
    kind: 'school' | 'class' = 'school',
    known?: Known,
  ) => {
    const where = new Where(caller);
    const [school, klass] = await Promise.all([
      known?.school ?? byCode('schools', f?.schoolCode),
      kind === 'class' ? (known?.class ?? byCode('classes', f?.classCode)) : undefined,
    ]);
    where.inside('schoolCode', f?.schoolCode, school, caller);
    if (kind === 'class') where.inside('classCode', f?.classCode, klass, caller);
    return where.within(f?.regionCode);
  };

  return {
    page,
    regions: (caller: Caller, f: Maybe<RegionFilter>, args: PageArgs) =>
      page('regions', new Where(caller).eq('level', f?.level).eq('parentCode', f?.parentCode), args),

    schools: (caller: Caller, f: Maybe<SchoolFilter>, args: PageArgs) => {
      const where = new Where(caller)
        .within(f?.regionCode)
        .eq('kind', f?.kind)
        .eq('centralSchoolCode', f?.centralSchoolCode)
        .eq('teachingPoint', f?.teachingPoint)
        .prefix('name', f?.namePrefix);
      return page('schools', where, args);
    },

    classes: async (caller: Caller, f: Maybe<ClassFilter>, args: PageArgs, known?: Known) => {
      const where = (await narrowed(caller, f, 'school', known))
        .eq('grade', f?.grade)
        .eq('enrollmentYear', f?.enrollmentYear);
      return page('classes', where, args);
    },

    async students(caller: Caller, f: Maybe<StudentFilter>, args: PageArgs, known?: Known) {
      // A parent-only caller sees no student (access.ts visibleStudent).
      if (isParentOnly(caller)) return page('students', new Where(caller).none(), args);
      const where = (await narrowed(caller, f, 'class', known))
        .eq('status', statusCodeOf(f?.status))
        .eq(
          'status',
          f?.statusCode === undefined || f?.statusCode === null
            ? undefined
            : (codeOf('XJZTM', f.statusCode) ?? f.statusCode),
        )
        .prefix('name', f?.namePrefix, 'nameKey');
      if (f?.grade !== null && f?.grade !== undefined && !where.empty) {
        // A student's grade is its class's: the classes of that grade in scope, then their students.
        const classes = (await narrowed(caller, { ...f, classCode: undefined })).eq('grade', f.grade);
        if (typeof f.classCode === 'string') classes.eq('code', f.classCode);
        const filter = classes.filter;
        const codes = classes.empty ? [] : (await records.find('classes', filter)).map((c) => c.code);
        where.in('classCode', codes);
      }
      return page('students', where, args);
    },

    teachers: async (caller: Caller, f: Maybe<TeacherFilter>, args: PageArgs) => {
      const where = (await narrowed(caller, f))
        .eq('employmentStatus', f?.employmentStatus)
        .eq('meetsTrainingTarget', f?.meetsTrainingTarget)
        .prefix('name', f?.namePrefix, 'nameKey');
      return page('teachers', where, args);
    },

    /** Terms of the caller's subtree and of the regions above it (its province's calendar). */
    terms: (caller: Caller, f: Maybe<TermFilter>, args: PageArgs) =>
      page(
        'terms',
        new Where(caller)
          .eq('schoolYear', f?.schoolYear)
          .eq('orgCode', f?.orgCode)
          .orAbove('orgCode', caller),
        args,
      ),

    /** National courses (orgCode 100000) and the school courses of the caller's subtree. */
    courses: (caller: Caller, f: Maybe<CourseFilter>, args: PageArgs) =>
      page(
        'courses',
        new Where(caller).eq('orgCode', f?.orgCode).eq('stage', f?.stage).orAbove('orgCode', caller),
        args,
      ),

    guardians: async (caller: Caller, f: Maybe<GuardianFilter>, args: PageArgs) =>
      page('guardians', (await narrowed(caller, f)).none(isParentOnly(caller)), args),

    /** Enrollments of the caller's subtree (a sync export's, OneRoster's): none for a parent-only caller. */
    enrollmentList: async (caller: Caller, f: Maybe<EnrollmentFilter>, args: PageArgs) => {
      const where = (await narrowed(caller, f, 'class'))
        .eq('termCode', f?.termCode)
        .none(isParentOnly(caller));
      return page('enrollments', where, args);
    },

    assignmentList: async (caller: Caller, f: Maybe<AssignmentFilter>, args: PageArgs) => {
      const where = (await narrowed(caller, f, 'class'))
        .eq('termCode', f?.termCode)
        .eq('staffNumber', f?.staffNumber);
      return page('assignments', where, args);
    },

    /** A class's enrollments of a term (the class was checked to be visible). */
    enrollments: (caller: Caller, classCode: string, termCode: string, args: PageArgs, none = false) =>
      page(
        'enrollments',
        new Where(caller).eq('classCode', classCode).eq('termCode', termCode).none(none),
        args,
      ),

    assets: async (caller: Caller, f: Maybe<AssetFilter>, args: PageArgs) => {
      const where = (await narrowed(caller, f)).eq('category', f?.category).eq('status', f?.status);
      return page('assets', where, args);
    },
  };
}

export type Lists = ReturnType<typeof createLists>;
