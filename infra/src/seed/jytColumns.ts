import type { EntityKind, SeedRecords } from './records.ts';

/**
 * The one mapping between record fields (English column names, records.ts) and the pinyin column
 * codes of the Ministry's data standard JY/T 1001–1007—2012 that provincial import files use,
 * with the value transforms between them: gender as GB/T 2261.1 codes (1 male, 2 female),
 * ethnicity as GB 3304 codes (01 汉族), dates as YYYYMMDD (YYYY-MM-DD also read), yes/no and
 * urban/rural as 1/2-style codes. Codes the standard lacks (broadband, classroom counts, training
 * hours) are pinyin initials in the same style; status and category columns carry the records'
 * enum values (ENROLLED, IN_USE…) in both styles. Used by the seed CLI to write files and by the
 * sync CLI to read them.
 */
export type ColumnStyle = 'english' | 'jyt';

type ValueType =
  | 'text'
  | 'optionalText'
  | 'int'
  | 'decimal'
  | 'boolean'
  | 'urban'
  | 'gender'
  | 'date'
  | 'ethnicity'
  | 'list';

export interface ColumnSpec {
  /** English column name = record field. */
  field: string;
  /** JY/T pinyin code. */
  jyt: string;
  /** Chinese label (数据项名). */
  label: string;
  type: ValueType;
}

const col = (field: string, jyt: string, label: string, type: ValueType = 'text'): ColumnSpec => ({
  field,
  jyt,
  label,
  type,
});

export const jytColumns: { readonly [K in EntityKind]: readonly ColumnSpec[] } = {
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
    col('gender', 'XBM', '性别码', 'gender'),
    col('idNumber', 'SFZJH', '身份证件号'),
    col('schoolCode', 'XXDM', '学校代码'),
    col('subjects', 'RJXK', '任教学科', 'list'),
    col('title', 'ZYJSZW', '专业技术职务'),
    col('employmentStatus', 'DQZTM', '当前状态码'),
    col('trainingHours', 'PXXS', '信息技术应用能力培训学时', 'int'),
  ],
  students: [
    col('registryNumber', 'XJH', '学籍号'),
    col('name', 'XM', '姓名'),
    col('gender', 'XBM', '性别码', 'gender'),
    col('birthDate', 'CSRQ', '出生日期', 'date'),
    col('idNumber', 'SFZJH', '身份证件号', 'optionalText'),
    col('ethnicity', 'MZM', '民族码', 'ethnicity'),
    col('schoolCode', 'XXDM', '学校代码'),
    col('classCode', 'BJDM', '班级代码'),
    col('status', 'XJZTM', '学籍状态码'),
    col('enrollmentYear', 'RXNF', '入学年份', 'int'),
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
};

/** GB 3304 ethnicity codes (民族码). */
export const ETHNICITY_CODES: Readonly<Record<string, string>> = Object.fromEntries(
  [
    '汉族',
    '蒙古族',
    '回族',
    '藏族',
    '维吾尔族',
    '苗族',
    '彝族',
    '壮族',
    '布依族',
    '朝鲜族',
    '满族',
    '侗族',
    '瑶族',
    '白族',
    '土家族',
    '哈尼族',
    '哈萨克族',
    '傣族',
    '黎族',
    '傈僳族',
    '佤族',
    '畲族',
  ].map((name, i) => [name, String(i + 1).padStart(2, '0')]),
);
const ETHNICITY_NAMES = Object.fromEntries(
  Object.entries(ETHNICITY_CODES).map(([name, code]) => [code, name]),
);

/** Column headers of a kind in a style. */
export function columnNames(kind: EntityKind, style: ColumnStyle): string[] {
  return jytColumns[kind].map((c) => (style === 'jyt' ? c.jyt : c.field));
}

/** Which style a header row uses (JY/T when it names the kind's first JY/T code). */
export function detectColumnStyle(kind: EntityKind, headers: readonly string[]): ColumnStyle {
  const first = jytColumns[kind][0]!;
  return headers.includes(first.jyt) && !headers.includes(first.field) ? 'jyt' : 'english';
}

function encodeValue(type: ValueType, value: unknown, style: ColumnStyle): string {
  if (value === null || value === undefined) return '';
  const jyt = style === 'jyt';
  switch (type) {
    case 'boolean':
      return jyt ? (value ? '1' : '0') : String(value);
    case 'urban':
      return jyt ? (value ? '1' : '2') : String(value);
    case 'gender':
      return jyt ? (value === 'MALE' ? '1' : '2') : String(value);
    case 'date':
      return jyt ? String(value).replaceAll('-', '') : String(value);
    case 'ethnicity':
      return jyt ? (ETHNICITY_CODES[String(value)] ?? String(value)) : String(value);
    case 'list':
      return (value as string[]).join(';');
    default:
      return String(value);
  }
}

/** A record as flat text cells, keyed by the style's column names (CSV, JY/T NDJSON). */
export function toRow<K extends EntityKind>(
  kind: K,
  record: SeedRecords[K],
  style: ColumnStyle,
): Record<string, string> {
  const row: Record<string, string> = {};
  const source = record as unknown as Record<string, unknown>;
  for (const c of jytColumns[kind])
    row[style === 'jyt' ? c.jyt : c.field] = encodeValue(c.type, source[c.field], style);
  return row;
}

export interface ColumnIssue {
  field: string;
  column: string;
  message: string;
}

function decodeValue(type: ValueType, raw: unknown): { value: unknown } | { message: string } {
  if (typeof raw !== 'string') {
    // NDJSON in English style carries native JSON values.
    if (type === 'date' || type === 'ethnicity' || type === 'gender' || type === 'urban')
      raw = raw === null || raw === undefined ? '' : String(raw);
    else
      return raw === undefined
        ? type === 'optionalText'
          ? { value: null }
          : { message: 'is missing' }
        : { value: raw };
  }
  const text = (raw as string).trim();
  if (text === '') return type === 'optionalText' ? { value: null } : { message: 'is empty' };
  switch (type) {
    case 'int':
    case 'decimal': {
      const n = Number(text);
      if (!Number.isFinite(n) || (type === 'int' && !Number.isInteger(n)))
        return { message: `"${text}" is not ${type === 'int' ? 'a whole number' : 'a number'}` };
      return { value: n };
    }
    case 'boolean':
    case 'urban': {
      const yes = type === 'urban' ? /^(true|1\d*|城镇)$/i : /^(true|1|是|y|yes)$/i;
      const no = type === 'urban' ? /^(false|2\d*|乡村|0)$/i : /^(false|0|2|否|n|no)$/i;
      if (yes.test(text)) return { value: true };
      if (no.test(text)) return { value: false };
      return { message: `"${text}" is not a yes/no value` };
    }
    case 'gender':
      if (/^(1|MALE|男)$/i.test(text)) return { value: 'MALE' };
      if (/^(2|FEMALE|女)$/i.test(text)) return { value: 'FEMALE' };
      return { message: `"${text}" is not a gender (1/2, MALE/FEMALE)` };
    case 'date': {
      const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
      return m
        ? { value: `${m[1]}-${m[2]}-${m[3]}` }
        : { message: `"${text}" is not a date (YYYYMMDD or YYYY-MM-DD)` };
    }
    case 'ethnicity':
      return { value: ETHNICITY_NAMES[text.padStart(2, '0')] ?? text };
    case 'list':
      return {
        value: text
          .split(/[;；、,，]/)
          .map((s) => s.trim())
          .filter(Boolean),
      };
    default:
      return { value: text };
  }
}

/**
 * A row read from a file (English or JY/T column names, text or JSON values) back into a
 * record, with one issue per field that is missing or cannot be read.
 */
export function fromRow<K extends EntityKind>(
  kind: K,
  row: Readonly<Record<string, unknown>>,
): { record: SeedRecords[K]; issues: ColumnIssue[] } {
  const record: Record<string, unknown> = {};
  const issues: ColumnIssue[] = [];
  for (const c of jytColumns[kind]) {
    const column = c.field in row ? c.field : c.jyt;
    const decoded = decodeValue(c.type, row[column]);
    if ('value' in decoded) record[c.field] = decoded.value;
    else issues.push({ field: c.field, column, message: `${c.label} (${column}) ${decoded.message}` });
  }
  return { record: record as unknown as SeedRecords[K], issues };
}

/** A JY/T column as the sync CLI reads and writes it: cell text on both sides. */
export interface JytColumn {
  /** JY/T pinyin code. */
  column: string;
  field: string;
  label: string;
  /** JY/T cell text → the English cell text of the field (before type coercion). */
  toField: (value: string) => string;
  /** Field value → JY/T cell text. */
  toColumn: (value: unknown) => string;
}

const jytByKind = Object.fromEntries(
  Object.entries(jytColumns).map(([kind, specs]) => [
    kind,
    specs.map((c): JytColumn => ({
      column: c.jyt,
      field: c.field,
      label: c.label,
      toField: (value) => {
        const decoded = decodeValue(c.type, value);
        return 'value' in decoded ? encodeValue(c.type, decoded.value, 'english') : value;
      },
      toColumn: (value) => encodeValue(c.type, value, 'jyt'),
    })),
  ]),
) as unknown as Record<EntityKind, readonly JytColumn[]>;

/** The JY/T columns of a kind, in file order. */
export function jytColumnsOf(kind: EntityKind): readonly JytColumn[] {
  return jytByKind[kind];
}
