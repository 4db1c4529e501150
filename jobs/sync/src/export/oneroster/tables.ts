/**
 * The OneRoster 1.2 CSV binding (1EdTech OneRoster v1.2 CSV tables): each file's columns in the
 * order the binding lists them, the manifest, and the vocabularies the hub's values map to.
 * The files are written in bulk mode: `status` and `dateLastModified` stay empty.
 */
export const ONEROSTER_COLUMNS = {
  orgs: ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
  academicSessions: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'type',
    'startDate',
    'endDate',
    'parentSourcedId',
    'schoolYear',
  ],
  courses: [
    'sourcedId',
    'status',
    'dateLastModified',
    'schoolYearSourcedId',
    'title',
    'courseCode',
    'grades',
    'orgSourcedId',
    'subjects',
    'subjectCodes',
  ],
  classes: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'grades',
    'courseSourcedId',
    'classCode',
    'classType',
    'location',
    'schoolSourcedId',
    'termSourcedIds',
    'subjects',
    'subjectCodes',
    'periods',
  ],
  users: [
    'sourcedId',
    'status',
    'dateLastModified',
    'enabledUser',
    'username',
    'userIds',
    'givenName',
    'familyName',
    'middleName',
    'identifier',
    'email',
    'sms',
    'phone',
    'agentSourcedIds',
    'grades',
    'password',
    'userMasterIdentifier',
    'preferredGivenName',
    'preferredMiddleName',
    'preferredFamilyName',
    'primaryOrgSourcedId',
    'pronouns',
  ],
  roles: [
    'sourcedId',
    'status',
    'dateLastModified',
    'userSourcedId',
    'roleType',
    'role',
    'beginDate',
    'endDate',
    'orgSourcedId',
    'userProfileSourcedId',
  ],
  enrollments: [
    'sourcedId',
    'status',
    'dateLastModified',
    'classSourcedId',
    'schoolSourcedId',
    'userSourcedId',
    'role',
    'primary',
    'beginDate',
    'endDate',
  ],
  demographics: [
    'sourcedId',
    'status',
    'dateLastModified',
    'birthDate',
    'sex',
    'americanIndianOrAlaskaNative',
    'asian',
    'blackOrAfricanAmerican',
    'nativeHawaiianOrOtherPacificIslander',
    'white',
    'demographicRaceTwoOrMoreRaces',
    'hispanicOrLatinoEthnicity',
    'countryOfBirthCode',
    'stateOfBirthAbbreviation',
    'cityOfBirth',
    'publicSchoolResidenceStatus',
  ],
} as const;

export type OneRosterFile = keyof typeof ONEROSTER_COLUMNS;
export type OneRosterRow<F extends OneRosterFile> = Partial<
  Record<(typeof ONEROSTER_COLUMNS)[F][number], string>
>;

/** Every file the 1.2 manifest names; the ones not written are `absent`. */
const MANIFEST_FILES = [
  'academicSessions',
  'categories',
  'classes',
  'classResources',
  'courses',
  'courseResources',
  'demographics',
  'enrollments',
  'lineItemLearningObjectiveIds',
  'lineItems',
  'lineItemScoreScales',
  'orgs',
  'resources',
  'resultLearningObjectiveIds',
  'results',
  'resultScoreScales',
  'roles',
  'scoreScales',
  'userProfiles',
  'userResources',
  'users',
];

export function manifestRows(written: readonly OneRosterFile[]): string[][] {
  return [
    ['propertyName', 'value'],
    ['manifest.version', '1.0'],
    ['oneroster.version', '1.2'],
    ...MANIFEST_FILES.map((f) => [`file.${f}`, written.includes(f as OneRosterFile) ? 'bulk' : 'absent']),
    ['source.systemName', 'EduGraph'],
    ['source.systemCode', 'edugraph'],
  ];
}

/** GB/T 2260 levels as OneRoster org types (a province is a state, a county a district). */
export const ORG_TYPE: Readonly<Record<string, string>> = {
  NATION: 'national',
  PROVINCE: 'state',
  CITY: 'local',
  COUNTY: 'district',
};

/** A grade of the hub (1–12, 0 before primary school) as the CEDS entry grade OneRoster uses. */
export function cedsGrade(grade: number | null | undefined): string {
  if (grade === null || grade === undefined) return '';
  return grade === 0 ? 'KG' : String(grade).padStart(2, '0');
}

/** GB/T 2261.1 性别码 as OneRoster's sex: 1 male, 2 female, 0 未知 and 9 未说明 unspecified. */
export function sexOf(code: string | null | undefined): string {
  return code === '1' || code === 'MALE'
    ? 'male'
    : code === '2' || code === 'FEMALE'
      ? 'female'
      : 'unspecified';
}

/** 家庭关系码 (GXM) as a OneRoster role: 51 父亲 and 52 母亲 are parents, the others guardians. */
export function guardianRole(relation: string | null | undefined): 'parent' | 'guardian' {
  return relation === '51' || relation === '52' ? 'parent' : 'guardian';
}

/** 学段码 (XDM) as the CEDS grades a course of that stage is for. */
const STAGE_GRADES: Readonly<Record<string, readonly number[]>> = {
  '1': [0],
  '2': [1, 2, 3, 4, 5, 6],
  '3': [7, 8, 9],
  '4': [10, 11, 12],
  '5': [10, 11, 12],
};
export function gradesOfStage(stage: string | null | undefined): string {
  return (STAGE_GRADES[stage ?? ''] ?? []).map(cedsGrade).join(',');
}

/** 学期码 (XQM) as a OneRoster session type: 1 and 2 are semesters, a summer term a term. */
export function termType(code: string | null | undefined): string {
  return code === '1' || code === '2' ? 'semester' : 'term';
}

/** Two-character surnames (复姓) that a split after the first character would cut. */
const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 端木 令狐 独孤 南宫 西门 轩辕 呼延 万俟 闻人 澹台 公冶 申屠 太史 钟离 赫连'.split(
    ' ',
  ),
);

/** A Chinese full name (姓名) as family and given name: 李乐恒 → 李 + 乐恒, 欧阳修 → 欧阳 + 修. */
export function splitChineseName(name: string): { familyName: string; givenName: string } {
  const chars = [...name.trim()];
  if (chars.length <= 1 || /[A-Za-z\s·]/.test(name))
    return { familyName: name.trim(), givenName: name.trim() };
  const two = chars.slice(0, 2).join('');
  const family = chars.length > 2 && COMPOUND_SURNAMES.has(two) ? two : chars[0]!;
  return { familyName: family, givenName: chars.slice([...family].length).join('') };
}

/** A date the hub gave unmasked (YYYY-MM-DD), or '' for a masked one (2020-**-**). */
export function unmaskedDate(value: string | null | undefined): string {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
}

/** The school year (学年, September to August) starting in September of `start`. */
export function schoolYearSession(start: number): OneRosterRow<'academicSessions'> {
  return {
    sourcedId: `school-year-${start}`,
    title: `${start}-${start + 1}学年`,
    type: 'schoolYear',
    startDate: `${start}-09-01`,
    endDate: `${start + 1}-08-31`,
    schoolYear: String(start + 1),
  };
}

/** The school year a day falls in, as a OneRoster academic session. */
export function schoolYearOf(day: Date): OneRosterRow<'academicSessions'> {
  return schoolYearSession(day.getUTCMonth() >= 8 ? day.getUTCFullYear() : day.getUTCFullYear() - 1);
}
