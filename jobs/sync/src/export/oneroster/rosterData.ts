import { regionPath } from '@edugraph/shared/identifiers';
import { nodes, peopleFilter, type ExportRun, type RosterScope, type RosterSink } from './exportScope.ts';
import { cedsGrade, gradesOfStage, schoolYearOf, schoolYearSession, termType } from './tables.ts';

/**
 * The rostering steps of the OneRoster export: terms (学年学期) and their school years →
 * academicSessions, national and school courses → courses (plus one homeroom course per school,
 * which the homeroom classes belong to: OneRoster gives every class a course), homeroom classes
 * with their terms → classes, enrollments (学生在班) and teaching assignments (任课) → enrollments.
 */
const NATION = '100000';
const homeroomCourse = (schoolCode: string) => `homeroom-${schoolCode}`;

/** Is an org (a school or a region) on the calendar path of a school of `regionCode`? */
const onPath = (orgCode: string, school: string, regionCode: string | undefined) =>
  orgCode === school || (!!regionCode && regionPath(regionCode).includes(orgCode));

export async function sessions(scope: RosterScope, sink: RosterSink, run: ExportRun): Promise<void> {
  const terms: { code: string; orgCode: string; schoolYear: number; row: Record<string, string> }[] = [];
  const selection = 'code orgCode schoolYear term { code } name startDate endDate';
  for await (const t of nodes(scope, 'terms', 'TermFilter', selection, {})) {
    // One school: its own calendar and its province's; otherwise every term the token sees.
    if (scope.school && !onPath(t.orgCode, scope.school, run.schools.get(scope.school))) continue;
    terms.push({
      code: t.code,
      orgCode: t.orgCode,
      schoolYear: t.schoolYear,
      row: {
        sourcedId: t.code,
        title: t.name,
        type: termType(t.term?.code),
        startDate: t.startDate,
        endDate: t.endDate,
        parentSourcedId: schoolYearSession(t.schoolYear).sourcedId!,
        schoolYear: String(t.schoolYear + 1),
      },
    });
  }
  const current = schoolYearOf(scope.today);
  const years = new Set([...terms.map((t) => t.schoolYear), Number(current.startDate!.slice(0, 4))]);
  for (const year of [...years].sort()) await sink.write('academicSessions', schoolYearSession(year));
  for (const t of terms) await sink.write('academicSessions', t.row);
  run.terms = terms.map(({ code, orgCode, schoolYear }) => ({ code, orgCode, schoolYear }));
  run.currentYear = current.sourcedId!;
}

export async function courses(scope: RosterScope, sink: RosterSink, run: ExportRun): Promise<void> {
  let nation = run.orgs.has(NATION);
  const selection = 'code orgCode name subject { code name } stage { code } school { code }';
  for await (const c of nodes(scope, 'courses', 'CourseFilter', selection, {})) {
    const national = c.orgCode === NATION;
    // A school course of a school outside the export would refer to an org not in it.
    if (!national && !run.orgs.has(c.school?.code ?? c.orgCode)) continue;
    if (national && !nation) {
      // The national curriculum belongs to the nation, which a province's export lacks.
      await sink.write('orgs', { sourcedId: NATION, name: '全国', type: 'national', identifier: NATION });
      run.orgs.add(NATION);
      nation = true;
    }
    await sink.write('courses', {
      sourcedId: c.code,
      title: c.name,
      courseCode: c.code,
      grades: gradesOfStage(c.stage?.code),
      orgSourcedId: national ? NATION : (c.school?.code ?? c.orgCode),
      subjects: c.subject?.name ?? '',
      subjectCodes: c.subject?.code ?? '',
    });
  }
  for (const school of run.schools.keys())
    await sink.write('courses', {
      sourcedId: homeroomCourse(school),
      title: '行政班',
      courseCode: 'HOMEROOM',
      orgSourcedId: school,
    });
}

/** The terms of a class: its school's own calendar, else its region's, from its first year on. */
function classTerms(run: ExportRun, school: string, enrollmentYear: number): string {
  const region = run.schools.get(school);
  const calendar = run.terms.filter((t) => onPath(t.orgCode, school, region));
  const own = calendar.filter((t) => t.orgCode === school);
  const terms = (own.length ? own : calendar).filter((t) => t.schoolYear >= enrollmentYear);
  return terms.length ? terms.map((t) => t.code).join(',') : run.currentYear;
}

export async function classes(scope: RosterScope, sink: RosterSink, run: ExportRun): Promise<void> {
  const selection = 'code name grade enrollmentYear school { code } headTeacher { id }';
  for await (const c of nodes(scope, 'classes', 'ClassFilter', selection, peopleFilter(scope))) {
    const school = c.school.code as string;
    await sink.write('classes', {
      sourcedId: c.code,
      title: c.name,
      grades: cedsGrade(c.grade),
      courseSourcedId: homeroomCourse(school),
      classCode: c.code,
      classType: 'homeroom',
      schoolSourcedId: school,
      termSourcedIds: classTerms(run, school, c.enrollmentYear),
    });
    if (c.headTeacher)
      await sink.write('enrollments', {
        sourcedId: `${c.code}-${c.headTeacher.id}`,
        classSourcedId: c.code,
        schoolSourcedId: school,
        userSourcedId: c.headTeacher.id,
        role: 'teacher',
        primary: 'true',
      });
  }
}

/** 学生在班 → student enrollments, with their start and end days. */
export async function studentEnrollments(scope: RosterScope, sink: RosterSink): Promise<void> {
  const selection = 'student { id } class { code school { code } } term { code } startDate endDate';
  for await (const e of nodes(scope, 'enrollments', 'EnrollmentFilter', selection, peopleFilter(scope))) {
    // Not visible (or since deleted): nothing to refer to. The key embeds the registry number, so
    // the row's id is made of the hub's ids instead.
    if (!e.student || !e.class) continue;
    await sink.write('enrollments', {
      sourcedId: `${e.term?.code ?? ''}-${e.class.code}-${e.student.id}`,
      classSourcedId: e.class.code,
      schoolSourcedId: e.class.school.code,
      userSourcedId: e.student.id,
      role: 'student',
      primary: 'false',
      beginDate: e.startDate,
      endDate: e.endDate ?? '',
    });
  }
}

/** 任课 → teacher enrollments in the class for the assignment's term. */
export async function teacherAssignments(scope: RosterScope, sink: RosterSink): Promise<void> {
  const selection = 'key teacher { id } class { code school { code } } term { startDate endDate }';
  for await (const a of nodes(scope, 'assignments', 'AssignmentFilter', selection, peopleFilter(scope))) {
    if (!a.teacher || !a.class) continue;
    await sink.write('enrollments', {
      sourcedId: `assignment-${a.key}`,
      classSourcedId: a.class.code,
      schoolSourcedId: a.class.school.code,
      userSourcedId: a.teacher.id,
      role: 'teacher',
      primary: 'false',
      beginDate: a.term?.startDate ?? '',
      endDate: a.term?.endDate ?? '',
    });
  }
}
