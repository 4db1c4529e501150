/**
 * The catalog's vocabulary: what a resource can be, for which stage (学段), subject (学科) and
 * grade (年级). Codes are English in code and in the graph; the Chinese label is what users see
 * and type, so search indexes the labels too.
 */
export const resourceKinds = {
  COURSEWARE: '课件',
  VIDEO: '视频',
  LESSON_PLAN: '教案',
  EXERCISE_SET: '习题',
  E_TEXTBOOK: '电子教材',
  MICRO_LESSON: '微课',
  SIMULATION: '仿真实验',
} as const;
export type ResourceKind = keyof typeof resourceKinds;

/** 学段 with the grades (1–12) each covers. */
export const stages = {
  PRIMARY: { label: '小学', grades: [1, 2, 3, 4, 5, 6] },
  JUNIOR: { label: '初中', grades: [7, 8, 9] },
  SENIOR: { label: '高中', grades: [10, 11, 12] },
} as const;
export type Stage = keyof typeof stages;

export const subjects = {
  CHINESE: '语文',
  MATH: '数学',
  ENGLISH: '英语',
  MORALITY: '道德与法治',
  SCIENCE: '科学',
  PHYSICS: '物理',
  CHEMISTRY: '化学',
  BIOLOGY: '生物学',
  HISTORY: '历史',
  GEOGRAPHY: '地理',
  POLITICS: '思想政治',
  IT: '信息技术',
  MUSIC: '音乐',
  ART: '美术',
  PE: '体育与健康',
} as const;
export type Subject = keyof typeof subjects;

/** Who built the resource's owning organization: the nation, a province (or its cities/counties), a school. */
export const originLevels = ['NATIONAL', 'PROVINCIAL', 'SCHOOL'] as const;
export type OriginLevel = (typeof originLevels)[number];

export const resourceStatuses = [
  'DRAFT',
  'SUBMITTED',
  'APPROVED',
  'REJECTED',
  'PUBLISHED',
  'RETIRED',
] as const;
export type ResourceStatus = (typeof resourceStatuses)[number];

export const providerKinds = ['ORGANIZATION', 'TEACHER', 'COMPANY'] as const;
export type ProviderKind = (typeof providerKinds)[number];

/** Upward sharing (互联互通): a provincial resource offered to the nation, a school's to its province. */
export const sharingStates = ['NONE', 'PENDING', 'APPROVED', 'REJECTED'] as const;
export type SharingState = (typeof sharingStates)[number];

export const gradeLabel = (grade: number): string =>
  [
    '',
    '一年级',
    '二年级',
    '三年级',
    '四年级',
    '五年级',
    '六年级',
    '七年级',
    '八年级',
    '九年级',
    '高一',
    '高二',
    '高三',
  ][grade] ?? `${grade}年级`;

export function stageOfGrade(grade: number): Stage | undefined {
  return (Object.keys(stages) as Stage[]).find((s) =>
    (stages[s].grades as readonly number[]).includes(grade),
  );
}
