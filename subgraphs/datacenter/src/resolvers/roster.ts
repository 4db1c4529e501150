import { canSeeOrgPath, isParentOnly, type Caller, type Connection, type PageArgs } from '@edugraph/shared';
import type { DatacenterContext } from '../context.ts';
import type {
  AssignmentDoc,
  AssignmentFilter,
  ClassDoc,
  CourseDoc,
  CourseFilter,
  Doc,
  EnrollmentDoc,
  EnrollmentFilter,
  GuardianDoc,
  GuardianFilter,
  ListArgs,
  StudentDoc,
  TeacherDoc,
  TermDoc,
  TermFilter,
} from '../store/index.ts';
import { reader, referenced, visible, visibleStudent } from '../access.ts';
import { codeValue } from './codes.ts';

type Ctx = DatacenterContext;
type Live = { orgPath: readonly string[]; orgCode: string; deleted?: boolean };

/**
 * Terms and courses are shared downwards: a school sees its province's calendar and the
 * national curriculum, besides those of its own subtree.
 */
export function visibleShared<T extends Live>(caller: Caller | null, doc: T | null | undefined): T | null {
  if (!doc || doc.deleted || !caller) return null;
  return canSeeOrgPath(caller, doc.orgPath) || caller.orgPath.includes(doc.orgCode) ? doc : null;
}

/**
 * A parent-only caller's children: the students of the guardian record its token's person
 * number names (never a number taken from the request), when that record is inside the
 * parent's organization. Registry numbers; empty for anyone else.
 */
export async function ownChildren(ctx: Ctx): Promise<ReadonlySet<string>> {
  const caller = ctx.caller;
  if (!isParentOnly(caller) || !caller?.personNumber) return new Set();
  const guardian = visible(caller, await ctx.loaders.guardianByNumber.load(caller.personNumber));
  return new Set(guardian?.studentRegistryNumbers ?? []);
}

/** A student record as the caller may see it: a parent sees its own children, and only them. */
export async function studentFor(ctx: Ctx, doc: StudentDoc | null | undefined): Promise<StudentDoc | null> {
  if (!isParentOnly(ctx.caller)) return visibleStudent(ctx.caller, doc);
  return doc && !doc.deleted && (await ownChildren(ctx)).has(doc.registryNumber) ? doc : null;
}

const byRegistryNumbers = async (ctx: Ctx, numbers: readonly string[]) =>
  (
    await Promise.all(
      numbers.map(async (n) => studentFor(ctx, await ctx.loaders.studentByRegistryNumber.load(n))),
    )
  ).filter((s): s is StudentDoc => s !== null);

/** The caller's own records of a term-scoped kind; parents see none of a class's. */
const rosterVisible = <T extends { orgPath: readonly string[]; deleted?: boolean }>(
  ctx: Ctx,
  docs: readonly T[],
) => docs.filter((d) => visible(ctx.caller, d));

export const Term = {
  __resolveReference: async (ref: { code: string }, ctx: Ctx) =>
    visibleShared(reader(ctx), await ctx.loaders.termByCode.load(ref.code)),
  term: codeValue('XQM', 'term'),
};

export const Course = {
  __resolveReference: async (ref: { code: string }, ctx: Ctx) =>
    visibleShared(reader(ctx), await ctx.loaders.courseByCode.load(ref.code)),
  subject: codeValue('XKM', 'subject'),
  stage: codeValue('XDM', 'stage'),
  school: async (c: CourseDoc, _: unknown, ctx: Ctx) =>
    c.orgCode === '100000' ? null : referenced(ctx.caller, await ctx.loaders.schoolByCode.load(c.orgCode)),
};

export const Enrollment = {
  student: async (e: EnrollmentDoc, _: unknown, ctx: Ctx) =>
    studentFor(ctx, await ctx.loaders.studentByRegistryNumber.load(e.registryNumber)),
  class: async (e: EnrollmentDoc, _: unknown, ctx: Ctx) =>
    referenced(ctx.caller, await ctx.loaders.classByCode.load(e.classCode)),
  term: async (e: EnrollmentDoc, _: unknown, ctx: Ctx) =>
    visibleShared(ctx.caller, await ctx.loaders.termByCode.load(e.termCode)),
  startReason: codeValue('BDYYM', 'startReason'),
  endReason: codeValue('BDYYM', 'endReason'),
};

export const Assignment = {
  teacher: async (a: AssignmentDoc, _: unknown, ctx: Ctx) =>
    visible(ctx.caller, await ctx.loaders.teacherByStaffNumber.load(a.staffNumber)),
  class: async (a: AssignmentDoc, _: unknown, ctx: Ctx) =>
    referenced(ctx.caller, await ctx.loaders.classByCode.load(a.classCode)),
  course: async (a: AssignmentDoc, _: unknown, ctx: Ctx) =>
    visibleShared(ctx.caller, await ctx.loaders.courseByCode.load(a.courseCode)),
  term: async (a: AssignmentDoc, _: unknown, ctx: Ctx) =>
    visibleShared(ctx.caller, await ctx.loaders.termByCode.load(a.termCode)),
};

export const Guardian = {
  relation: codeValue('GXM', 'relation'),
  school: async (g: GuardianDoc, _: unknown, ctx: Ctx) =>
    referenced(ctx.caller, await ctx.loaders.schoolByCode.load(g.schoolCode)),
  students: (g: GuardianDoc, _: unknown, ctx: Ctx) => byRegistryNumbers(ctx, g.studentRegistryNumbers),
};

/** Fields the rostering adds to Class, Student, Teacher and User. */
export const ClassRoster = {
  /** With a term: the students enrolled that term, in the enrollments' (keyset) order. */
  async students(c: ClassDoc, a: PageArgs & { term?: string | null }, ctx: Ctx) {
    const caller = reader(ctx);
    if (!a.term) return ctx.store.lists.students(caller, { classCode: c.code }, a, { class: c });
    const page = await ctx.store.lists.enrollments(caller, c.code, a.term, a, isParentOnly(caller));
    const students = await Promise.all(
      page.nodes.map(async (e) =>
        studentFor(ctx, await ctx.loaders.studentByRegistryNumber.load(String(e.registryNumber))),
      ),
    );
    const edges = page.edges.map((edge, i) => ({ cursor: edge.cursor, node: students[i] }));
    return {
      ...page,
      edges: edges.filter((e) => e.node !== null),
      nodes: students.filter((s) => s !== null),
    } as unknown as Connection<Doc>;
  },
  enrollments: (c: ClassDoc, a: PageArgs & { term: string }, ctx: Ctx) =>
    ctx.store.lists.enrollments(reader(ctx), c.code, a.term, a, isParentOnly(ctx.caller)),
  assignments: async (c: ClassDoc, a: { term: string }, ctx: Ctx) =>
    rosterVisible(ctx, await ctx.loaders.assignmentsOfClass.load(`${c.code}|${a.term}`)),
  async teachers(c: ClassDoc, a: { term: string }, ctx: Ctx) {
    const assignments = rosterVisible(ctx, await ctx.loaders.assignmentsOfClass.load(`${c.code}|${a.term}`));
    const numbers = [...new Set(assignments.map((x) => x.staffNumber))];
    const teachers = await ctx.loaders.teacherByStaffNumber.loadMany(numbers);
    return teachers.filter((t): t is TeacherDoc => !(t instanceof Error) && visible(ctx.caller, t) !== null);
  },
};

export const StudentRoster = {
  enrollments: async (s: StudentDoc, _: unknown, ctx: Ctx) =>
    rosterVisible(ctx, await ctx.loaders.enrollmentsOfStudent.load(s.registryNumber)),
  guardians: async (s: StudentDoc, _: unknown, ctx: Ctx) =>
    rosterVisible(ctx, await ctx.loaders.guardiansOfStudent.load(`${s.schoolCode}|${s.registryNumber}`)),
};

export const TeacherRoster = {
  assignments: async (t: TeacherDoc, a: { term?: string | null }, ctx: Ctx) =>
    rosterVisible(ctx, await ctx.loaders.assignmentsOfTeacher.load(t.staffNumber)).filter(
      (x) => !a.term || x.termCode === a.term,
    ),
};

export const UserRoster = {
  /**
   * A parent sees the children of its own account only: the User must be the caller, and the
   * guardian number comes from its token, not from the representation (a direct `_entities`
   * call could name anyone's). Others follow the user's person number within their subtree.
   */
  async children(u: { id: string; personNumber?: string | null }, _: unknown, ctx: Ctx) {
    const caller = reader(ctx);
    if (isParentOnly(caller)) {
      if (u.id !== caller.subject) return [];
      return byRegistryNumbers(ctx, [...(await ownChildren(ctx))]);
    }
    const number = u.personNumber?.trim();
    const guardian = number ? visible(caller, await ctx.loaders.guardianByNumber.load(number)) : null;
    return guardian ? byRegistryNumbers(ctx, guardian.studentRegistryNumbers) : [];
  },
};

export const RosterQueries = {
  term: async (_: unknown, { code }: { code: string }, ctx: Ctx) =>
    visibleShared(reader(ctx), (await ctx.loaders.termByCode.load(code)) as TermDoc | null),
  terms: (_: unknown, a: ListArgs<TermFilter>, ctx: Ctx) => ctx.store.lists.terms(reader(ctx), a.filter, a),
  course: async (_: unknown, { code }: { code: string }, ctx: Ctx) =>
    visibleShared(reader(ctx), await ctx.loaders.courseByCode.load(code)),
  courses: (_: unknown, a: ListArgs<CourseFilter>, ctx: Ctx) =>
    ctx.store.lists.courses(reader(ctx), a.filter, a),
  guardians: (_: unknown, a: ListArgs<GuardianFilter>, ctx: Ctx) =>
    ctx.store.lists.guardians(reader(ctx), a.filter, a),
  enrollments: (_: unknown, a: ListArgs<EnrollmentFilter>, ctx: Ctx) =>
    ctx.store.lists.enrollmentList(reader(ctx), a.filter, a),
  assignments: (_: unknown, a: ListArgs<AssignmentFilter>, ctx: Ctx) =>
    ctx.store.lists.assignmentList(reader(ctx), a.filter, a),
};
