import {
  checkIdNumber,
  checkRegionCode,
  checkRegistryNumber,
  checkSchoolCode,
  type Checked,
} from '@edugraph/shared/identifiers';
import { genderCodeOf } from '@edugraph/shared';
import type { RecordKind } from '../kinds.ts';
import type { FieldProblem } from './coerce.ts';

/**
 * Identifier checks a typed record must pass before it is sent (and all that `--dry-run`
 * does): the shared GB/T 2260, school code, GB 11643 and registry number validators, and the
 * natural keys' structure (a class code starts with its school's code, and so on). The
 * datacenter checks again; these catch bad rows before they cost a round trip.
 */
type Rec = Record<string, any>;
type Check = (r: Rec, problem: (field: string, reason: string) => void) => void;

function expect<T>(
  problem: (f: string, r: string) => void,
  field: string,
  checked: Checked<T>,
): checked is { ok: true; value: T } {
  if (!checked.ok) problem(field, checked.reason);
  return checked.ok;
}

function startsWithSchool(
  r: Rec,
  field: string,
  pattern: RegExp,
  what: string,
  problem: (f: string, r: string) => void,
) {
  const value = String(r[field]);
  if (!pattern.test(value)) problem(field, `${value} is not ${what}`);
  else if (!value.startsWith(String(r.schoolCode)))
    problem(field, `${value} does not start with its school code ${r.schoolCode}`);
}

/** Only the GB/T 2261.1 codes 1 and 2 can disagree with an ID number (0 and 9 say nothing). */
const disagrees = (fromId: 'MALE' | 'FEMALE', gender: unknown) =>
  (gender === '1' || gender === '2') && gender !== genderCodeOf(fromId);

const checks: Record<'regions' | 'schools' | 'classes' | 'teachers' | 'students' | 'assets', Check> = {
  regions(r, problem) {
    const code = checkRegionCode(r.code);
    if (!expect(problem, 'code', code)) return;
    if (code.value.level !== r.level)
      problem('level', `${r.code} is a ${code.value.level}, not a ${r.level}`);
    const parent = code.value.path.at(-2) ?? null;
    if ((r.parentCode ?? null) !== parent)
      problem(
        'parentCode',
        `the parent of ${r.code} is ${parent ?? 'none (the nation)'}, not ${r.parentCode}`,
      );
  },
  schools(r, problem) {
    const region = checkRegionCode(r.regionCode);
    if (expect(problem, 'regionCode', region) && !['COUNTY', 'CITY'].includes(region.value.level))
      problem('regionCode', `${r.regionCode} is a ${region.value.level.toLowerCase()}, not a county`);
    expect(problem, 'code', checkSchoolCode(r.code, region.ok ? r.regionCode : undefined));
    if (r.centralSchoolCode !== null)
      expect(problem, 'centralSchoolCode', checkSchoolCode(r.centralSchoolCode));
    if (r.multimediaClassrooms > r.classrooms)
      problem(
        'multimediaClassrooms',
        `${r.multimediaClassrooms} is more than the ${r.classrooms} classrooms`,
      );
  },
  classes(r, problem) {
    if (!expect(problem, 'schoolCode', checkSchoolCode(r.schoolCode))) return;
    startsWithSchool(r, 'code', /^\d{16}$/, 'a class code (16 digits: school code, year, number)', problem);
    if (r.headTeacherStaffNumber !== null && !/^\d{14}$/.test(r.headTeacherStaffNumber))
      problem('headTeacherStaffNumber', `${r.headTeacherStaffNumber} is not a staff number (14 digits)`);
  },
  teachers(r, problem) {
    if (expect(problem, 'schoolCode', checkSchoolCode(r.schoolCode)))
      startsWithSchool(r, 'staffNumber', /^\d{14}$/, 'a staff number (14 digits)', problem);
    const id = checkIdNumber(r.idNumber);
    if (expect(problem, 'idNumber', id) && disagrees(id.value.gender, r.gender))
      problem('gender', `the ID number ${r.idNumber} belongs to a ${id.value.gender.toLowerCase()} person`);
  },
  students(r, problem) {
    expect(problem, 'schoolCode', checkSchoolCode(r.schoolCode));
    if (r.idNumber !== null) {
      const id = checkIdNumber(r.idNumber);
      if (expect(problem, 'idNumber', id)) {
        if (id.value.birthDate !== r.birthDate)
          problem(
            'birthDate',
            `${r.birthDate} differs from the ID number's birth date ${id.value.birthDate}`,
          );
        if (disagrees(id.value.gender, r.gender))
          problem('gender', `the ID number belongs to a ${id.value.gender.toLowerCase()} student`);
      }
    }
    expect(problem, 'registryNumber', checkRegistryNumber(r.registryNumber, r.idNumber));
    if (!String(r.classCode).startsWith(String(r.schoolCode)))
      problem('classCode', `${r.classCode} is not a class of school ${r.schoolCode}`);
  },
  assets(r, problem) {
    if (!expect(problem, 'schoolCode', checkSchoolCode(r.schoolCode))) return;
    if (!String(r.assetTag).startsWith(`${r.schoolCode}-`))
      problem('assetTag', `${r.assetTag} does not start with its school code and a dash (${r.schoolCode}-)`);
  },
};

/** Rostering records: the hub checks their references; a student's key part is checked here. */
const rosterChecks: Pick<
  Record<RecordKind, Check>,
  'terms' | 'courses' | 'enrollments' | 'assignments' | 'guardians'
> = {
  terms() {},
  courses() {},
  enrollments(r, problem) {
    expect(problem, 'registryNumber', checkRegistryNumber(r.registryNumber));
  },
  assignments(r, problem) {
    if (!/^\d{14}$/.test(String(r.staffNumber)))
      problem('staffNumber', `${r.staffNumber} is not a staff number (14 digits)`);
  },
  guardians(r, problem) {
    if (r.phone !== null && !/^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(String(r.phone)))
      problem('phone', `${r.phone} is not a phone number`);
  },
};

const MASKABLE = ['idNumber', 'birthDate', 'registryNumber'];

/** Problems with a typed record's identifiers (empty when it may be sent). */
export function validateRecord(kind: RecordKind, record: Rec): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of MASKABLE) {
    const value = record[field];
    if (typeof value === 'string' && value.includes('*'))
      problems.push({ field, reason: 'is masked (export or pull with the personal-data scope)' });
  }
  if (problems.length) return problems;
  (checks[kind as keyof typeof checks] ?? rosterChecks[kind as keyof typeof rosterChecks])(
    record,
    (field, reason) => problems.push({ field, reason }),
  );
  return problems;
}
