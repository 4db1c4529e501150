import { checkRegionCode, checkSchoolCode } from '@edugraph/shared';
import { type FieldErrors, str } from './fieldErrors.ts';
import { reference, type CheckContext, type Checked, type EntitySpec } from './spec.ts';

const REGION_LEVELS = ['NATION', 'PROVINCE', 'CITY', 'COUNTY'] as const;

/** 行政区划: the code decides level, parent and path; the parent must be known. */
export const regionSpec: EntitySpec = {
  kind: 'REGION',
  collection: 'regions',
  keyField: 'code',
  ownerField: 'code',
  refs: { regions: 'parentCode' },

  check(input, e, ctx) {
    const code = str(input.code);
    const parts = code
      ? e.identifier('code', checkRegionCode(code))
      : e.add('code', 'REQUIRED', 'code is required');
    const name = e.name('name', input.name, 100);
    const level = e.oneOf('level', input.level, REGION_LEVELS);
    const parentCode = input.parentCode == null || input.parentCode === '' ? null : str(input.parentCode)!;
    if (!parts || !code) return undefined;
    if (level && level !== parts.level)
      e.add('level', 'MISMATCH', `level ${level} does not match code ${code}, which is a ${parts.level}`);
    const expectedParent = parts.path.at(-2) ?? null;
    if (parentCode !== expectedParent) {
      e.add(
        'parentCode',
        'MISMATCH',
        `the parent of ${code} is ${expectedParent ?? 'none (the nation)'}, not ${parentCode}`,
      );
    } else if (expectedParent && !ctx.refs.regions?.has(expectedParent) && !ctx.batch.has(expectedParent)) {
      e.add('parentCode', 'UNKNOWN_REFERENCE', `parentCode: no region ${expectedParent} in the data center`);
    }
    if (!e.ok || !name || !level) return undefined;
    return { key: code, record: { code, name, level, parentCode }, orgPath: parts.path, derived: {} };
  },
};

/** 学校 / 教学点: type digits give the kind, province digits must agree with the county. */
export const schoolSpec: EntitySpec = {
  kind: 'SCHOOL',
  collection: 'schools',
  keyField: 'code',
  ownerField: 'regionCode',
  refs: { regions: 'regionCode', schools: 'centralSchoolCode' },

  check(input, e, ctx) {
    const code = str(input.code);
    const codeParts = code
      ? e.identifier('code', checkSchoolCode(code))
      : e.add('code', 'REQUIRED', 'code is required');
    const regionCode = e.text('regionCode', input.regionCode, 6);
    const region = reference(e, ctx.refs.regions, 'regionCode', 'region', regionCode);
    if (region && region.level !== 'COUNTY' && region.level !== 'CITY')
      e.add(
        'regionCode',
        'INVALID_VALUE',
        `regionCode ${regionCode} is a ${String(region.level).toLowerCase()}; a school sits in a county`,
      );
    if (codeParts && regionCode && codeParts.province !== regionCode.slice(0, 2))
      e.add(
        'code',
        'MISMATCH',
        `the province digits ${codeParts.province} of school code ${code} do not match its region ${regionCode}`,
      );
    const name = e.name('name', input.name, 200);
    const address = e.optional('address', input.address, 500);
    const principal = e.optional('principal', input.principal, 50, true);
    const centralSchoolCode = checkCentralSchool(input.centralSchoolCode, code, e, ctx);
    const broadbandMbps = e.number('broadbandMbps', input.broadbandMbps, 0, 100_000, 1);
    const classrooms = e.int('classrooms', input.classrooms, 0, 10_000);
    const multimediaClassrooms = e.int('multimediaClassrooms', input.multimediaClassrooms, 0, 10_000);
    if (classrooms !== undefined && multimediaClassrooms !== undefined && multimediaClassrooms > classrooms)
      e.add(
        'multimediaClassrooms',
        'OUT_OF_RANGE',
        `multimediaClassrooms ${multimediaClassrooms} exceeds classrooms ${classrooms}`,
      );
    if (typeof input.urban !== 'boolean') e.add('urban', 'REQUIRED', 'urban (true or false) is required');
    if (!e.ok || !code || !codeParts || !region || !name) return undefined;
    return {
      key: code,
      record: {
        code,
        name,
        regionCode,
        address,
        centralSchoolCode,
        broadbandMbps,
        classrooms,
        multimediaClassrooms,
        principal,
        urban: input.urban,
      },
      orgPath: [...region.orgPath, code],
      derived: { kind: codeParts.kind },
    };
  },
};

function checkCentralSchool(
  value: unknown,
  code: string | undefined,
  e: FieldErrors,
  ctx: CheckContext,
): string | null {
  if (value == null || value === '') return null;
  const central = str(value)!;
  if (!/^\d{10}$/.test(central)) {
    e.add('centralSchoolCode', 'INVALID_FORMAT', 'centralSchoolCode is a 10-digit school code');
  } else if (central === code) {
    e.add('centralSchoolCode', 'INVALID_VALUE', 'a teaching point cannot be its own central school');
  } else if (!ctx.refs.schools?.has(central) && !ctx.batch.has(central)) {
    e.add(
      'centralSchoolCode',
      'UNKNOWN_REFERENCE',
      `centralSchoolCode: no school ${central} in the data center`,
    );
  }
  return central;
}

/** 班级: its code is the school code + enrollment year + a 2-digit number. */
export const classSpec: EntitySpec = {
  kind: 'CLASS',
  collection: 'classes',
  keyField: 'code',
  ownerField: 'schoolCode',
  refs: { schools: 'schoolCode' },

  check(input, e, ctx): Checked | undefined {
    const code = str(input.code);
    if (!code) e.add('code', 'REQUIRED', 'code is required');
    else if (!/^\d{16}$/.test(code))
      e.add(
        'code',
        'INVALID_FORMAT',
        'a class code has 16 digits: school code + enrollment year + 2-digit number',
      );
    const schoolCode = e.text('schoolCode', input.schoolCode, 10);
    const school = reference(e, ctx.refs.schools, 'schoolCode', 'school', schoolCode);
    const grade = e.int('grade', input.grade, 0, 12);
    const name = e.name('name', input.name, 100);
    const enrollmentYear = e.int(
      'enrollmentYear',
      input.enrollmentYear,
      1990,
      ctx.today.getUTCFullYear() + 1,
    );
    if (code && schoolCode && !e.has('code') && !code.startsWith(schoolCode))
      e.add('code', 'MISMATCH', `class code ${code} does not start with its school code ${schoolCode}`);
    if (
      code &&
      enrollmentYear !== undefined &&
      !e.has('code') &&
      code.slice(10, 14) !== String(enrollmentYear)
    )
      e.add(
        'enrollmentYear',
        'MISMATCH',
        `enrollmentYear ${enrollmentYear} does not match class code ${code}`,
      );
    const head =
      input.headTeacherStaffNumber == null || input.headTeacherStaffNumber === ''
        ? null
        : str(input.headTeacherStaffNumber)!;
    if (head !== null && !/^\d{14}$/.test(head))
      e.add(
        'headTeacherStaffNumber',
        'INVALID_FORMAT',
        'a staff number has 14 digits (school code + 4 digits)',
      );
    else if (head !== null && schoolCode && !head.startsWith(schoolCode))
      e.add(
        'headTeacherStaffNumber',
        'MISMATCH',
        `head teacher ${head} is not a staff number of school ${schoolCode}`,
      );
    if (!e.ok || !code || !school) return undefined;
    return {
      key: code,
      record: { code, schoolCode, grade, name, enrollmentYear, headTeacherStaffNumber: head },
      orgPath: school.orgPath,
      derived: {},
    };
  },
};
