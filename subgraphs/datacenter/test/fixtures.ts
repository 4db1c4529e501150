import { idCheckCharacter } from '@edugraph/shared';

/** A valid GB 11643 ID number from region, birth date (YYYYMMDD) and 3-digit sequence (odd = male). */
export function idNumber(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth}${seq}`;
  return first17 + idCheckCharacter(first17);
}

/** A tiny two-province data center: Zhejiang (two counties, a teaching point) and Guangdong. */
export const regions = [
  { code: '100000', name: '全国', level: 'NATION', parentCode: null },
  { code: '330000', name: '浙江省', level: 'PROVINCE', parentCode: '100000' },
  { code: '330100', name: '杭州市', level: 'CITY', parentCode: '330000' },
  { code: '330102', name: '上城区', level: 'COUNTY', parentCode: '330100' },
  { code: '330106', name: '西湖区', level: 'COUNTY', parentCode: '330100' },
  { code: '440000', name: '广东省', level: 'PROVINCE', parentCode: '100000' },
  { code: '440100', name: '广州市', level: 'CITY', parentCode: '440000' },
  { code: '440103', name: '荔湾区', level: 'COUNTY', parentCode: '440100' },
];

const school = (code: string, regionCode: string, name: string, extra: Record<string, unknown> = {}) => ({
  code,
  name,
  regionCode,
  address: `${name}路1号`,
  centralSchoolCode: null,
  broadbandMbps: 100,
  classrooms: 10,
  multimediaClassrooms: 8,
  principal: '张校长',
  urban: true,
  ...extra,
});

export const schools = [
  school('2133000001', '330102', '上城区实验小学'),
  school('2133000002', '330106', '西湖区小学', { broadbandMbps: 0, classrooms: 10, multimediaClassrooms: 2 }),
  school('2133000003', '330102', '上城区实验小学甲教学点', {
    centralSchoolCode: '2133000001',
    classrooms: 2,
    multimediaClassrooms: 1,
    urban: false,
  }),
  school('2144000001', '440103', '荔湾区小学'),
];

const klass = (schoolCode: string, n: string, head: string | null) => ({
  code: `${schoolCode}2026${n}`,
  schoolCode,
  grade: 1,
  name: `一年级(${Number(n)})班`,
  enrollmentYear: 2026,
  headTeacherStaffNumber: head,
});

export const classes = [
  klass('2133000001', '01', '21330000010001'),
  klass('2133000002', '01', '21330000020001'),
  klass('2133000003', '01', null),
  klass('2144000001', '01', '21440000010001'),
];

const teacher = (schoolCode: string, n: string, region: string, seq: string, trainingHours: number) => ({
  staffNumber: `${schoolCode}${n}`,
  name: `王老师${n}`,
  gender: Number(seq) % 2 === 1 ? 'MALE' : 'FEMALE',
  idNumber: idNumber(region, '19850312', seq),
  schoolCode,
  subjects: ['语文'],
  title: '一级教师',
  employmentStatus: 'ACTIVE',
  trainingHours,
});

export const teachers = [
  teacher('2133000001', '0001', '330102', '121', 60),
  teacher('2133000002', '0001', '330106', '132', 20),
  teacher('2144000001', '0001', '440103', '141', 55),
];

export function student(
  schoolCode: string,
  region: string,
  seq: string,
  extra: Record<string, unknown> = {},
) {
  const id = idNumber(region, '20190615', seq);
  return {
    registryNumber: `G${id}`,
    name: `李同学${seq}`,
    gender: Number(seq) % 2 === 1 ? 'MALE' : 'FEMALE',
    birthDate: '2019-06-15',
    idNumber: id,
    ethnicity: '汉族',
    schoolCode,
    classCode: `${schoolCode}202601`,
    status: 'ENROLLED',
    enrollmentYear: 2026,
    ...extra,
  };
}

export const students = [
  student('2133000001', '330102', '011'),
  student('2133000001', '330102', '012'),
  student('2133000002', '330106', '021'),
  student('2133000003', '330102', '031'),
  student('2144000001', '440103', '041'),
];

export const assets = [
  {
    assetTag: '2133000001-0001',
    schoolCode: '2133000001',
    category: 'MULTIMEDIA_CLASSROOM_SET',
    name: '多媒体教室设备',
    quantity: 8,
    unitValue: 12000.5,
    acquiredDate: '2024-09-01',
    status: 'IN_USE',
  },
  {
    assetTag: '2144000001-0001',
    schoolCode: '2144000001',
    category: 'COMPUTER',
    name: '学生计算机',
    quantity: 40,
    unitValue: 3999,
    acquiredDate: '2023-03-01',
    status: 'IN_USE',
  },
];

const term = (org: string, year: number, n: string, startDate: string, endDate: string) => ({
  code: `${org}-${year}-${n}`,
  orgCode: org,
  schoolYear: year,
  term: n,
  name: `${year}-${year + 1}学年第${n === '1' ? '一' : '二'}学期`,
  startDate,
  endDate,
});

/** Zhejiang's last spring and this autumn, Guangdong's autumn. */
export const terms = [
  term('330000', 2025, '2', '2026-02-17', '2026-07-03'),
  term('330000', 2026, '1', '2026-09-01', '2027-01-22'),
  term('440000', 2026, '1', '2026-09-01', '2027-01-22'),
];

export const courses = [
  { code: 'N-2-02', orgCode: '100000', name: '小学语文', subject: '02', stage: '2' },
  { code: 'N-2-03', orgCode: '100000', name: '小学数学', subject: '数学', stage: '小学' },
  { code: '2133000001-01', orgCode: '2133000001', name: '西湖研学', subject: '99', stage: '2' },
];

const reg = (i: number) => students[i]!.registryNumber;
const enrollment = (i: number, termCode: string, extra: Record<string, unknown> = {}) => ({
  registryNumber: reg(i),
  classCode: students[i]!.classCode,
  termCode,
  startDate: '2026-09-01',
  endDate: null,
  startReason: '01',
  endReason: null,
  ...extra,
});

/** This autumn's classes; the second student left in October (转出). */
export const enrollments = [
  enrollment(0, '330000-2026-1'),
  enrollment(1, '330000-2026-1', { endDate: '2026-10-20', endReason: '转出' }),
  enrollment(2, '330000-2026-1'),
  enrollment(4, '440000-2026-1'),
];

const assignment = (staffNumber: string, classCode: string, courseCode: string, termCode: string) => ({
  staffNumber,
  classCode,
  courseCode,
  termCode,
});

export const assignments = [
  assignment('21330000010001', '2133000001202601', 'N-2-02', '330000-2026-1'),
  assignment('21330000010001', '2133000001202601', '2133000001-01', '330000-2026-1'),
  assignment('21440000010001', '2144000001202601', 'N-2-03', '440000-2026-1'),
];

/** A mother of the two pupils of 上城区实验小学 (siblings), and one guardian in Guangdong. */
export const guardians = [
  {
    guardianNumber: 'JH2133000001A1',
    name: '陈妈妈',
    relation: '母亲',
    phone: '13800000001',
    schoolCode: '2133000001',
    studentRegistryNumbers: [reg(0), reg(1)],
  },
  {
    guardianNumber: 'JH2144000001C1',
    name: '黄爸爸',
    relation: '51',
    phone: null,
    schoolCode: '2144000001',
    studentRegistryNumbers: [reg(4)],
  },
];

export const allRecords = {
  REGION: regions,
  SCHOOL: schools,
  CLASS: classes,
  TEACHER: teachers,
  STUDENT: students,
  ASSET: assets,
  TERM: terms,
  COURSE: courses,
  ENROLLMENT: enrollments,
  ASSIGNMENT: assignments,
  GUARDIAN: guardians,
};
