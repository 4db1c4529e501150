import type { RecordKind } from './kinds.ts';

/**
 * The one mapping between record fields (English column names, kinds.ts and its families) and the pinyin column
 * codes of the Ministry's data standard JY/T 1001–1007—2012 that provincial import files use,
 * with the value transforms between them: coded fields (gender XBM, ethnicity MZM, status XJZTM
 * and the other code tables of codeTables.ts) hold the code in both styles and are read from the
 * code, its Chinese name or an alias (1, 男, 男性, MALE → 1); dates as YYYYMMDD (YYYY-MM-DD also
 * read), yes/no and urban/rural as 1/2-style codes. Codes the standard lacks (broadband,
 * classroom counts, training hours) are pinyin initials in the same style; employment status and
 * asset columns carry the records' enum values (ACTIVE, IN_USE…) in both styles. Used by the
 * seed CLI to write files and by the sync CLI to read them.
 */
/** Column names: English field names, JY/T pinyin codes (XM, XBM…) or Chinese labels (姓名, 性别…). */
export type ColumnStyle = 'english' | 'jyt' | 'chinese';

export type ColumnValueType =
  | 'text'
  | 'optionalText'
  | 'int'
  | 'decimal'
  | 'boolean'
  | 'optionalBoolean'
  | 'urban'
  | 'date'
  | 'optionalDate'
  | 'code'
  | 'optionalCode'
  | 'list';

export interface ColumnSpec {
  /** English column name = record field. */
  field: string;
  /** JY/T pinyin code. */
  jyt: string;
  /** Chinese label (数据项名). */
  label: string;
  type: ColumnValueType;
  /** For coded fields: the code table (codeTables.ts). */
  table?: string;
}

const col = (field: string, jyt: string, label: string, type: ColumnValueType = 'text'): ColumnSpec => ({
  field,
  jyt,
  label,
  type,
});
/** A coded field: `table` is the code table; optional ones may be empty. */
const coded = (field: string, jyt: string, label: string, table: string, optional = false): ColumnSpec => ({
  field,
  jyt,
  label,
  type: optional ? 'optionalCode' : 'code',
  table,
});

export const jytColumns: { readonly [K in RecordKind]: readonly ColumnSpec[] } = {
  regions: [
    col('code', 'XZQHM', '行政区划码'),
    col('name', 'XZQHMC', '行政区划名称'),
    col('level', 'XZQHJB', '行政区划级别'),
    col('parentCode', 'SJXZQHM', '上级行政区划码', 'optionalText'),
  ],
  schools: [
    col('code', 'XXDM', '学校代码'),
    col('name', 'XXMC', '学校名称'),
    col('regionCode', 'XZQHM', '行政区划码'),
    col('address', 'XXDZ', '学校地址'),
    col('centralSchoolCode', 'ZXXDM', '中心校代码', 'optionalText'),
    col('broadbandMbps', 'KDJRSL', '宽带接入速率（Mbps）', 'int'),
    col('classrooms', 'JSS', '教室数', 'int'),
    col('multimediaClassrooms', 'DMTJSS', '多媒体教室数', 'int'),
    col('principal', 'XZXM', '校长姓名'),
    col('urban', 'SZDCXLXM', '所在地城乡类型码', 'urban'),
  ],
  classes: [
    col('code', 'BJDM', '班级代码'),
    col('schoolCode', 'XXDM', '学校代码'),
    col('grade', 'NJ', '年级', 'int'),
    col('name', 'BJMC', '班级名称'),
    col('enrollmentYear', 'RXNF', '入学年份', 'int'),
    col('headTeacherStaffNumber', 'BZRGH', '班主任工号', 'optionalText'),
  ],
  teachers: [
    col('staffNumber', 'JGH', '教工号'),
    col('name', 'XM', '姓名'),
    coded('gender', 'XBM', '性别码', 'XBM'),
    col('idNumber', 'SFZJH', '身份证件号'),
    col('schoolCode', 'XXDM', '学校代码'),
    col('subjects', 'RJXK', '任教学科', 'list'),
    col('title', 'ZYJSZW', '专业技术职务'),
    col('employmentStatus', 'DQZTM', '当前状态码'),
    col('trainingHours', 'PXXS', '信息技术应用能力培训学时', 'int'),
    coded('idType', 'SFZJLXM', '身份证件类型码', 'SFZJLXM', true),
    coded('ethnicity', 'MZM', '民族码', 'MZM', true),
    coded('education', 'XLM', '学历码', 'XLM', true),
    coded('staffing', 'BZLBM', '编制类别码', 'BZLBM', true),
    coded('qualification', 'JSZGZZLM', '教师资格种类码', 'JSZGZZLM', true),
    coded('health', 'JKZKM', '健康状况码', 'JKZKM', true),
  ],
  students: [
    col('registryNumber', 'XJH', '学籍号'),
    col('name', 'XM', '姓名'),
    coded('gender', 'XBM', '性别码', 'XBM'),
    col('birthDate', 'CSRQ', '出生日期', 'date'),
    col('idNumber', 'SFZJH', '身份证件号', 'optionalText'),
    coded('ethnicity', 'MZM', '民族码', 'MZM'),
    col('schoolCode', 'XXDM', '学校代码'),
    col('classCode', 'BJDM', '班级代码'),
    coded('status', 'XJZTM', '学籍状态码', 'XJZTM'),
    col('enrollmentYear', 'RXNF', '入学年份', 'int'),
    coded('idType', 'SFZJLXM', '身份证件类型码', 'SFZJLXM', true),
    coded('overseasStatus', 'GATQWM', '港澳台侨外码', 'GATQWM', true),
    coded('householdType', 'HKXZM', '户口性质码', 'HKXZM', true),
    coded('leftBehind', 'LSETM', '留守儿童码', 'LSETM', true),
    col('migrantChild', 'SFSQZN', '是否进城务工人员随迁子女', 'optionalBoolean'),
    coded('disability', 'CJLXM', '残疾类型码', 'CJLXM', true),
    coded('health', 'JKZKM', '健康状况码', 'JKZKM', true),
  ],
  assets: [
    col('assetTag', 'ZCBH', '资产编号'),
    col('schoolCode', 'XXDM', '学校代码'),
    col('category', 'ZCFLM', '资产分类码'),
    col('name', 'ZCMC', '资产名称'),
    col('quantity', 'SL', '数量', 'int'),
    col('unitValue', 'DJ', '单价（元）', 'decimal'),
    col('acquiredDate', 'GZRQ', '购置日期', 'date'),
    col('status', 'SYZKM', '使用状况码'),
  ],
  terms: [
    col('code', 'XNXQDM', '学年学期代码'),
    col('orgCode', 'JGDM', '机构代码'),
    col('schoolYear', 'XN', '学年', 'int'),
    coded('term', 'XQM', '学期码', 'XQM'),
    col('name', 'XNXQMC', '学年学期名称'),
    col('startDate', 'KSRQ', '开始日期', 'date'),
    col('endDate', 'JSRQ', '结束日期', 'date'),
  ],
  courses: [
    col('code', 'KCDM', '课程代码'),
    col('orgCode', 'JGDM', '机构代码'),
    col('name', 'KCMC', '课程名称'),
    coded('subject', 'XKM', '学科码', 'XKM'),
    coded('stage', 'XDM', '学段码', 'XDM'),
  ],
  enrollments: [
    col('key', 'ZBBH', '在班编号'),
    col('registryNumber', 'XJH', '学籍号'),
    col('classCode', 'BJDM', '班级代码'),
    col('termCode', 'XNXQDM', '学年学期代码'),
    col('startDate', 'KSRQ', '开始日期', 'date'),
    col('endDate', 'JSRQ', '结束日期', 'optionalDate'),
    coded('startReason', 'KSYYM', '开始原因码', 'BDYYM'),
    coded('endReason', 'JSYYM', '结束原因码', 'BDYYM', true),
  ],
  assignments: [
    col('key', 'RKBH', '任课编号'),
    col('staffNumber', 'JGH', '教工号'),
    col('classCode', 'BJDM', '班级代码'),
    col('courseCode', 'KCDM', '课程代码'),
    col('termCode', 'XNXQDM', '学年学期代码'),
  ],
  guardians: [
    col('guardianNumber', 'JHRBH', '监护人编号'),
    col('name', 'XM', '姓名'),
    coded('relation', 'GXM', '关系码', 'GXM'),
    col('phone', 'LXDH', '联系电话', 'optionalText'),
    col('schoolCode', 'XXDM', '学校代码'),
    col('studentRegistryNumbers', 'XSXJH', '学生学籍号', 'list'),
  ],
};

/** Column headers of a kind in a style. */
export function columnNames(kind: RecordKind, style: ColumnStyle): string[] {
  return jytColumns[kind].map((c) => columnName(c, style));
}

export function columnName(c: ColumnSpec, style: ColumnStyle): string {
  return style === 'jyt' ? c.jyt : style === 'chinese' ? c.label : c.field;
}

/** Which style a header row uses (JY/T when it names the kind's first JY/T code). */
export function detectColumnStyle(kind: RecordKind, headers: readonly string[]): ColumnStyle {
  const first = jytColumns[kind][0]!;
  return headers.includes(first.jyt) && !headers.includes(first.field) ? 'jyt' : 'english';
}
