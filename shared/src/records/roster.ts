/**
 * Rostering in data-center records: terms, courses, enrollments and teaching assignments (family
 * in kinds.ts). Natural keys are marked; dates are `YYYY-MM-DD` strings.
 */
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
