/**
 * The shapes of data-center records as they travel: produced by the seed generator, accepted
 * by the datacenter's batch upserts, read and written by the sync CLI (English column names;
 * the JY/T 1001–1007 pinyin codes map onto these fields). Natural keys are marked.
 * Dates are `YYYY-MM-DD` strings.
 */
export type Gender = 'MALE' | 'FEMALE';

/**
 * Coded fields hold the code of a standard table (codeTables.ts; the table named in brackets):
 * `gender` '1' (XBM), `status` '01' (XJZTM), `ethnicity` '01' (MZM). The JY/T 1001 fields added
 * with the code sets are null when a source does not carry them.
 */
export type GenderCode = '0' | '1' | '2' | '9';
export const genderCodeOf = (gender: Gender): GenderCode => (gender === 'MALE' ? '1' : '2');

export interface RegionRecord {
  /** Natural key: GB/T 2260 code (XZQHM). */
  code: string;
  name: string;
  level: 'NATION' | 'PROVINCE' | 'CITY' | 'COUNTY';
  /** null for the nation. */
  parentCode: string | null;
}

export interface SchoolRecord {
  /** Natural key: 10-digit 学校标识码 (XXDM). */
  code: string;
  name: string;
  /** County-level region code the school sits in. */
  regionCode: string;
  address: string;
  /** Set for a teaching point (教学点): the code of its central school. */
  centralSchoolCode: string | null;
  broadbandMbps: number;
  classrooms: number;
  multimediaClassrooms: number;
  principal: string;
  /** Urban or rural, for broadband targets. */
  urban: boolean;
}

export interface ClassRecord {
  /** Natural key: school code + enrollment year + 2-digit class number (16 digits). */
  code: string;
  schoolCode: string;
  /** 1–12 (primary 1–6, junior 7–9, senior 10–12); kindergarten 0. */
  grade: number;
  name: string;
  enrollmentYear: number;
  headTeacherStaffNumber: string | null;
}

export interface TeacherRecord {
  /** Natural key: staff number, school code + 4 digits (14 digits). */
  staffNumber: string;
  name: string;
  /** XBM code. */
  gender: string;
  idNumber: string;
  schoolCode: string;
  subjects: string[];
  title: string;
  employmentStatus: 'ACTIVE' | 'ON_LEAVE' | 'RETIRED' | 'LEFT';
  /** IT-application training hours in the current five-year cycle (target 50). */
  trainingHours: number;
  /** 身份证件类型 (SFZJLXM). */
  idType?: string | null;
  /** 民族 (MZM). */
  ethnicity?: string | null;
  /** 学历 (XLM, GB/T 4658). */
  education?: string | null;
  /** 编制类别 (BZLBM). */
  staffing?: string | null;
  /** 教师资格种类 (JSZGZZLM). */
  qualification?: string | null;
  /** 健康状况 (JKZKM), personal data. */
  health?: string | null;
}

export interface StudentRecord {
  /** Natural key: 19-character 全国学籍号 (XJH). */
  registryNumber: string;
  name: string;
  /** XBM code. */
  gender: string;
  birthDate: string;
  idNumber: string | null;
  /** GB/T 3304 民族 code (MZM), e.g. 01 for 汉族. */
  ethnicity: string;
  schoolCode: string;
  classCode: string;
  /** 学籍状态 code (XJZTM), e.g. 01 在读. */
  status: string;
  enrollmentYear: number;
  /** 身份证件类型 (SFZJLXM). */
  idType?: string | null;
  /** 港澳台侨外 (GATQWM). */
  overseasStatus?: string | null;
  /** 户口性质 (HKXZM). */
  householdType?: string | null;
  /** 留守儿童 (LSETM). */
  leftBehind?: string | null;
  /** 进城务工人员随迁子女. */
  migrantChild?: boolean | null;
  /** 残疾类型 (CJLXM), personal data. */
  disability?: string | null;
  /** 健康状况 (JKZKM), personal data. */
  health?: string | null;
}

/** Asset categories (资产类别) and statuses, shared by the generator, the datacenter and the sync CLI. */
export const ASSET_CATEGORIES = [
  'MULTIMEDIA_CLASSROOM_SET',
  'COMPUTER',
  'NETWORK_LINK',
  'SERVER',
  'BUILDING_FACILITY',
  'OTHER',
] as const;
export const ASSET_STATUSES = ['IN_USE', 'IDLE', 'UNDER_REPAIR', 'SCRAPPED'] as const;

export interface AssetRecord {
  /** Natural key: asset tag, unique across the hub (school code + '-' + sequence). */
  assetTag: string;
  schoolCode: string;
  category: (typeof ASSET_CATEGORIES)[number];
  name: string;
  quantity: number;
  /** Yuan, two decimals. */
  unitValue: number;
  acquiredDate: string;
  status: (typeof ASSET_STATUSES)[number];
}

/** 学年学期: a term of a school year, defined by a province (for all its schools) or by one school. */
export interface TermRecord {
  /** Natural key: organization code + '-' + school year + '-' + term number (330000-2025-1). */
  code: string;
  /** The province (region code) or school (school code) whose calendar it is. */
  orgCode: string;
  /** The school year starting in September of this year (2025: 2025–2026 学年). */
  schoolYear: number;
  /** 学期 code (XQM): 1 第一学期（秋季）, 2 第二学期（春季）. */
  term: string;
  name: string;
  startDate: string;
  endDate: string;
}

/** 课程: a national curriculum subject of a stage (orgCode 100000), or a school's own course. */
export interface CourseRecord {
  /** Natural key: N-<stage>-<subject> for national courses, school code + '-' + the school's code otherwise. */
  code: string;
  /** 100000 for the national curriculum, else the school code. */
  orgCode: string;
  name: string;
  /** 学科 code (XKM). */
  subject: string;
  /** 学段 code (XDM). */
  stage: string;
}

/** 学生在班 (enrollment): a student in a class for a term, from start to end, with the reasons. */
export interface EnrollmentRecord {
  /** Natural key: term code + '/' + class code + '/' + registry number. */
  key: string;
  registryNumber: string;
  classCode: string;
  termCode: string;
  startDate: string;
  /** null while the student is in the class. */
  endDate: string | null;
  /** 变动原因 code (BDYYM): 01 新生入学, 02 升级, 03 转入… */
  startReason: string;
  /** 04 转出, 05 毕业… null while the student is in the class. */
  endReason: string | null;
}

/** 任课: a teacher teaches a course in a class for a term. */
export interface AssignmentRecord {
  /** Natural key: term code + '/' + class code + '/' + course code + '/' + staff number. */
  key: string;
  staffNumber: string;
  classCode: string;
  courseCode: string;
  termCode: string;
}

/** 监护人: a student's guardian; its number is what a parent account's person number holds. */
export interface GuardianRecord {
  /** Natural key: a number the source system gives (not an ID number). */
  guardianNumber: string;
  name: string;
  /** 家庭关系 code (GXM): 51 父亲, 52 母亲… */
  relation: string;
  /** Personal data. */
  phone: string | null;
  /** The school the guardian is recorded at (its children's school). */
  schoolCode: string;
  studentRegistryNumbers: string[];
}

export interface SeedRecords {
  regions: RegionRecord;
  schools: SchoolRecord;
  classes: ClassRecord;
  teachers: TeacherRecord;
  students: StudentRecord;
  assets: AssetRecord;
  terms: TermRecord;
  courses: CourseRecord;
  enrollments: EnrollmentRecord;
  assignments: AssignmentRecord;
  guardians: GuardianRecord;
}
export type EntityKind = keyof SeedRecords;
