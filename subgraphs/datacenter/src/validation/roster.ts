import { isPersonalIdentifier, NATION_CODE } from '@edugraph/shared';
import { type FieldErrors, str, upper } from './fieldErrors.ts';
import { reference, type CheckContext, type EntitySpec, type RefDoc } from './spec.ts';

/** Terms and enrollments are planned ahead: their dates may lie up to three years on. */
const ahead = (today: Date) => new Date(today.getTime() + 3 * 366 * 86_400_000);
const day = (ctx: CheckContext) => ctx.today.toISOString().slice(0, 10);
const coded = (
  e: FieldErrors,
  ctx: CheckContext,
  field: string,
  value: unknown,
  table: string,
  optional = false,
) => e.code(field, value, table, ctx.codes.get(table), day(ctx), optional);

/** The key as sent, or built from its parts when absent; MISMATCH when it disagrees. */
function compoundKey(e: FieldErrors, value: unknown, parts: (string | undefined)[]): string | undefined {
  if (parts.some((p) => !p)) return undefined;
  const built = parts.join('/');
  const sent = str(value);
  if (sent && sent !== built) e.add('key', 'MISMATCH', `key ${sent} is not ${built} (term/class/…/person)`);
  return built;
}

/** A term of the class's school or of a region above it (its province's calendar). */
function termOfClass(e: FieldErrors, term: RefDoc | undefined, klass: RefDoc | undefined): void {
  if (term && klass && !(term.orgPath as string[]).every((c) => klass.orgPath.includes(c)))
    e.add(
      'termCode',
      'MISMATCH',
      `term ${term.code} is not a term of school ${klass.schoolCode} or a region above it`,
    );
}

/** 学年学期: a province's calendar for its schools, or one school's own. */
export const termSpec: EntitySpec = {
  kind: 'TERM',
  collection: 'terms',
  keyField: 'code',
  ownerField: 'orgCode',
  refs: { regions: 'orgCode', schools: 'orgCode' },
  codeTables: ['XQM'],

  check(input, e, ctx) {
    const code = e.text('code', input.code, 30);
    const orgCode = e.text('orgCode', input.orgCode, 10);
    const region = orgCode ? ctx.refs.regions?.get(orgCode) : undefined;
    const owner = region ?? (orgCode ? ctx.refs.schools?.get(orgCode) : undefined);
    if (orgCode && !owner) e.add('orgCode', 'UNKNOWN_REFERENCE', `orgCode: no region or school ${orgCode}`);
    else if (region && region.level !== 'PROVINCE')
      e.add(
        'orgCode',
        'INVALID_VALUE',
        `orgCode ${orgCode} is a ${String(region.level).toLowerCase()}; terms are a province's or a school's`,
      );
    const schoolYear = e.int('schoolYear', input.schoolYear, 1990, ctx.today.getUTCFullYear() + 3);
    const term = coded(e, ctx, 'term', input.term, 'XQM');
    const name = e.name('name', input.name, 50);
    const startDate = e.date('startDate', input.startDate, ahead(ctx.today));
    const endDate = e.date('endDate', input.endDate, ahead(ctx.today));
    if (startDate && endDate && endDate <= startDate)
      e.add('endDate', 'OUT_OF_RANGE', `endDate ${endDate} is not after startDate ${startDate}`);
    if (code && orgCode && schoolYear !== undefined && term && code !== `${orgCode}-${schoolYear}-${term}`)
      e.add(
        'code',
        'MISMATCH',
        `code ${code} is not ${orgCode}-${schoolYear}-${term} (organization-year-term)`,
      );
    if (!e.ok || !code || !owner) return undefined;
    return {
      key: code,
      record: { code, orgCode, schoolYear, term, name, startDate, endDate },
      orgPath: region ? owner.orgPath : owner.orgPath,
      derived: {},
    };
  },
};

/** 课程: a national curriculum course (orgCode 100000, code N-…) or a school's own (school code-…). */
export const courseSpec: EntitySpec = {
  kind: 'COURSE',
  collection: 'courses',
  keyField: 'code',
  ownerField: 'orgCode',
  refs: { schools: 'orgCode' },
  codeTables: ['XKM', 'XDM'],

  check(input, e, ctx) {
    const code = e.text('code', input.code, 30);
    const orgCode = e.text('orgCode', input.orgCode, 10);
    const national = orgCode === NATION_CODE;
    const school = national ? undefined : reference(e, ctx.refs.schools, 'orgCode', 'school', orgCode);
    if (code && orgCode && !code.startsWith(national ? 'N-' : `${orgCode}-`))
      e.add(
        'code',
        'MISMATCH',
        `code ${code} does not start with ${national ? 'N- (a national course)' : `${orgCode}- (its school)`}`,
      );
    const name = e.name('name', input.name, 100);
    const subject = coded(e, ctx, 'subject', input.subject, 'XKM');
    const stage = coded(e, ctx, 'stage', input.stage, 'XDM');
    if (!e.ok || !code || (!national && !school)) return undefined;
    return {
      key: code,
      record: { code, orgCode, name, subject, stage },
      orgPath: national ? [NATION_CODE] : school!.orgPath,
      derived: {},
    };
  },
};

/** 学生在班: a student in a class for a term; ended with a date and a reason (转出, 毕业…). */
export const enrollmentSpec: EntitySpec = {
  kind: 'ENROLLMENT',
  collection: 'enrollments',
  keyField: 'key',
  ownerField: 'classCode',
  refs: { students: 'registryNumber', classes: 'classCode', terms: 'termCode' },
  codeTables: ['BDYYM'],

  check(input, e, ctx) {
    const registryNumber = upper(input.registryNumber);
    if (!registryNumber) e.add('registryNumber', 'REQUIRED', 'registryNumber is required');
    reference(e, ctx.refs.students, 'registryNumber', 'student', registryNumber);
    const classCode = e.text('classCode', input.classCode, 16);
    const klass = reference(e, ctx.refs.classes, 'classCode', 'class', classCode);
    const termCode = e.text('termCode', input.termCode, 30);
    const term = reference(e, ctx.refs.terms, 'termCode', 'term', termCode);
    termOfClass(e, term, klass);
    const key = compoundKey(e, input.key, [termCode, classCode, registryNumber]);
    const startDate = e.date('startDate', input.startDate, ahead(ctx.today));
    const ended = input.endDate != null && input.endDate !== '';
    const endDate = ended ? e.date('endDate', input.endDate, ahead(ctx.today)) : null;
    if (startDate && endDate && endDate < startDate)
      e.add('endDate', 'OUT_OF_RANGE', `endDate ${endDate} is before startDate ${startDate}`);
    const startReason = coded(e, ctx, 'startReason', input.startReason, 'BDYYM');
    const endReason = coded(e, ctx, 'endReason', input.endReason, 'BDYYM', true);
    if (ended && !endReason && !e.has('endReason'))
      e.add('endReason', 'REQUIRED', 'endReason is required with an endDate (转出, 毕业…)');
    if (!ended && endReason) e.add('endDate', 'REQUIRED', 'endDate is required with an endReason');
    if (!e.ok || !key || !klass) return undefined;
    return {
      key,
      record: { key, registryNumber, classCode, termCode, startDate, endDate, startReason, endReason },
      orgPath: klass.orgPath,
      derived: {},
    };
  },
};

/** 任课: a teacher of the class's school teaches a course (national or the school's) in a term. */
export const assignmentSpec: EntitySpec = {
  kind: 'ASSIGNMENT',
  collection: 'assignments',
  keyField: 'key',
  ownerField: 'classCode',
  refs: { teachers: 'staffNumber', classes: 'classCode', courses: 'courseCode', terms: 'termCode' },

  check(input, e, ctx) {
    const staffNumber = e.text('staffNumber', input.staffNumber, 14);
    const teacher = reference(e, ctx.refs.teachers, 'staffNumber', 'teacher', staffNumber);
    const classCode = e.text('classCode', input.classCode, 16);
    const klass = reference(e, ctx.refs.classes, 'classCode', 'class', classCode);
    const courseCode = e.text('courseCode', input.courseCode, 30);
    const course = reference(e, ctx.refs.courses, 'courseCode', 'course', courseCode);
    const termCode = e.text('termCode', input.termCode, 30);
    const term = reference(e, ctx.refs.terms, 'termCode', 'term', termCode);
    if (teacher && klass && teacher.schoolCode !== klass.schoolCode)
      e.add(
        'staffNumber',
        'MISMATCH',
        `teacher ${staffNumber} is of school ${teacher.schoolCode}, the class of ${klass.schoolCode}`,
      );
    if (course && klass && course.orgCode !== NATION_CODE && course.orgCode !== klass.schoolCode)
      e.add(
        'courseCode',
        'MISMATCH',
        `course ${courseCode} is a course of school ${course.orgCode}, not of ${klass.schoolCode}`,
      );
    termOfClass(e, term, klass);
    const key = compoundKey(e, input.key, [termCode, classCode, courseCode, staffNumber]);
    if (!e.ok || !key || !klass) return undefined;
    return {
      key,
      record: { key, staffNumber, classCode, courseCode, termCode },
      orgPath: klass.orgPath,
      // The course's 学科, stored with the assignment so its counter needs no lookup (counters.ts).
      derived: { subject: course!.subject as string },
    };
  },
};

/**
 * 监护人: a guardian of students of one school. Its number is what a parent account's person
 * number holds (User.children), so it must not be an ID or registry number (it is no personal
 * identifier, and keys are shown unmasked). The students must be of the guardian's school: a
 * writer cannot link a parent to children outside the organization it writes for.
 */
export const guardianSpec: EntitySpec = {
  kind: 'GUARDIAN',
  collection: 'guardians',
  keyField: 'guardianNumber',
  ownerField: 'schoolCode',
  refs: { schools: 'schoolCode', students: 'studentRegistryNumbers' },
  codeTables: ['GXM'],

  check(input, e, ctx) {
    const guardianNumber = e.text('guardianNumber', input.guardianNumber, 32);
    if (guardianNumber && !/^[A-Za-z0-9]{6,32}$/.test(guardianNumber))
      e.add('guardianNumber', 'INVALID_FORMAT', 'a guardian number has 6–32 letters or digits');
    else if (guardianNumber && isPersonalIdentifier(guardianNumber))
      e.add(
        'guardianNumber',
        'INVALID_VALUE',
        'a guardian number must not be an ID or registry number (personal data)',
      );
    const name = e.name('name', input.name, 50);
    const relation = coded(e, ctx, 'relation', input.relation, 'GXM');
    const phone = e.optional('phone', input.phone, 20) || null;
    if (phone && !/^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(phone))
      e.add('phone', 'INVALID_FORMAT', 'phone is an 11-digit mobile number or a landline (0571-88889999)');
    const schoolCode = e.text('schoolCode', input.schoolCode, 10);
    const school = reference(e, ctx.refs.schools, 'schoolCode', 'school', schoolCode);
    const students = Array.isArray(input.studentRegistryNumbers)
      ? input.studentRegistryNumbers.map((n) => upper(n) ?? '')
      : [];
    if (students.length === 0 || students.some((n) => n === ''))
      e.add(
        'studentRegistryNumbers',
        'REQUIRED',
        'studentRegistryNumbers lists at least one registry number',
      );
    for (const n of new Set(students.filter(Boolean))) {
      const child = reference(e, ctx.refs.students, 'studentRegistryNumbers', 'student', n);
      if (child && schoolCode && child.schoolCode !== schoolCode)
        e.add(
          'studentRegistryNumbers',
          'MISMATCH',
          `studentRegistryNumbers: a student of school ${child.schoolCode}, not of ${schoolCode}`,
        );
    }
    if (!e.ok || !guardianNumber || !school) return undefined;
    return {
      key: guardianNumber,
      record: {
        guardianNumber,
        name,
        relation,
        phone,
        schoolCode,
        studentRegistryNumbers: [...new Set(students)],
      },
      orgPath: school.orgPath,
      derived: {},
    };
  },
};
