/**
 * People in data-center records: teachers, students and guardians (family in kinds.ts).
 * Natural keys are marked; dates are `YYYY-MM-DD` strings.
 */
export type Gender = 'MALE' | 'FEMALE';

/**
 * Coded fields hold the code of a standard table (codeTables.ts; the table named in brackets):
 * `gender` '1' (XBM), `status` '01' (XJZTM), `ethnicity` '01' (MZM). The JY/T 1001 fields added
 * with the code sets are null when a source does not carry them.
 */
export type GenderCode = '0' | '1' | '2' | '9';
export const genderCodeOf = (gender: Gender): GenderCode => (gender === 'MALE' ? '1' : '2');

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
