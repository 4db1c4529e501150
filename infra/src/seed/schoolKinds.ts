/**
 * The kinds of school the generator builds, with the figures that size them: share of the
 * province's students, typical enrollment, class size and pupils per teacher (roughly Zhejiang's
 * statistical yearbook), and the grade levels a school of that kind teaches.
 */
export type GeneratedKind = 'PRIMARY' | 'JUNIOR' | 'SENIOR' | 'VOCATIONAL' | 'KINDERGARTEN' | 'SPECIAL';

export interface KindProfile {
  kind: GeneratedKind;
  /** First two digits of the 学校标识码. */
  typeDigits: '21' | '31' | '34' | '36' | '11' | '51';
  share: number;
  schoolSize: number;
  classSize: number;
  studentsPerTeacher: number;
  /** Share of female teachers. */
  femaleTeachers: number;
  /** Years of study; `firstGrade` is the grade of the first year (kindergarten: 0 throughout). */
  years: number;
  firstGrade: number;
  /** Age on 31 August of the year a pupil enters the first year. */
  entryAge: number;
  subjects: readonly [string, number][];
}

const CORE = [
  ['语文', 5],
  ['数学', 5],
  ['英语', 3],
] as const satisfies readonly [string, number][];

export const KIND_PROFILES: readonly KindProfile[] = [
  {
    kind: 'PRIMARY',
    typeDigits: '21',
    share: 0.41,
    schoolSize: 1100,
    classSize: 42,
    studentsPerTeacher: 16,
    femaleTeachers: 0.75,
    years: 6,
    firstGrade: 1,
    entryAge: 6,
    subjects: [
      ...CORE,
      ['科学', 1.5],
      ['道德与法治', 1.2],
      ['音乐', 1],
      ['体育与健康', 1.2],
      ['美术', 1],
      ['信息科技', 0.6],
      ['劳动', 0.4],
    ],
  },
  {
    kind: 'JUNIOR',
    typeDigits: '31',
    share: 0.19,
    schoolSize: 1000,
    classSize: 45,
    studentsPerTeacher: 12,
    femaleTeachers: 0.6,
    years: 3,
    firstGrade: 7,
    entryAge: 12,
    subjects: [
      ...CORE,
      ['物理', 1.5],
      ['化学', 1],
      ['生物学', 1],
      ['历史', 1],
      ['地理', 1],
      ['道德与法治', 1],
      ['体育与健康', 1],
      ['音乐', 0.5],
      ['美术', 0.5],
      ['信息科技', 0.5],
    ],
  },
  {
    kind: 'SENIOR',
    typeDigits: '34',
    share: 0.09,
    schoolSize: 1300,
    classSize: 46,
    studentsPerTeacher: 11,
    femaleTeachers: 0.5,
    years: 3,
    firstGrade: 10,
    entryAge: 15,
    subjects: [
      ...CORE,
      ['物理', 2],
      ['化学', 1.5],
      ['生物学', 1.5],
      ['历史', 1.2],
      ['地理', 1.2],
      ['思想政治', 1.2],
      ['体育与健康', 1],
      ['信息技术', 0.6],
      ['通用技术', 0.4],
    ],
  },
  {
    kind: 'VOCATIONAL',
    typeDigits: '36',
    share: 0.085,
    schoolSize: 1600,
    classSize: 42,
    studentsPerTeacher: 14,
    femaleTeachers: 0.5,
    years: 3,
    firstGrade: 10,
    entryAge: 15,
    subjects: [
      ...CORE,
      ['数控技术', 1.5],
      ['电子商务', 1.5],
      ['计算机应用', 1.5],
      ['会计事务', 1],
      ['汽车运用与维修', 1],
      ['护理', 0.8],
      ['旅游服务与管理', 0.8],
      ['体育与健康', 0.8],
    ],
  },
  {
    kind: 'KINDERGARTEN',
    typeDigits: '11',
    share: 0.22,
    schoolSize: 260,
    classSize: 30,
    studentsPerTeacher: 12,
    femaleTeachers: 0.97,
    years: 3,
    firstGrade: 0,
    entryAge: 3,
    subjects: [
      ['学前教育', 10],
      ['音乐', 0.5],
      ['美术', 0.5],
      ['体育', 0.3],
    ],
  },
  {
    kind: 'SPECIAL',
    typeDigits: '51',
    share: 0.005,
    schoolSize: 110,
    classSize: 10,
    studentsPerTeacher: 4,
    femaleTeachers: 0.7,
    years: 9,
    firstGrade: 1,
    entryAge: 6,
    subjects: [
      ['特殊教育', 5],
      ['康复训练', 2],
      ['语文', 2],
      ['数学', 2],
      ['生活适应', 1],
      ['劳动技能', 1],
    ],
  },
];

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Class names as schools write them: 三年级(2)班, 八年级(1)班, 高二(5)班, 中(3)班, 2025级数控技术1班. */
export function className(
  profile: KindProfile,
  grade: number,
  enrollmentYear: number,
  number: number,
  year: number,
  major?: string,
): string {
  switch (profile.kind) {
    case 'KINDERGARTEN':
      return `${['小', '中', '大'][year] ?? '大'}(${number})班`;
    case 'SENIOR':
      return `高${CHINESE_DIGITS[grade - 9]}(${number})班`;
    case 'VOCATIONAL':
      return `${enrollmentYear}级${major ?? ''}${number}班`;
    default:
      return `${CHINESE_DIGITS[grade]}年级(${number})班`;
  }
}

/** Majors of secondary vocational classes. */
export const VOCATIONAL_MAJORS = [
  '数控技术',
  '电子商务',
  '计算机应用',
  '会计事务',
  '汽车运用与维修',
  '护理',
  '旅游服务与管理',
  '机电技术应用',
];
