/**
 * The standard code tables (代码表) the data center starts with: GB/T 2261.1 sex, GB/T 3304
 * ethnicity, and the JY/T 1001—2012 tables of student and staff records. The datacenter copies
 * them into its `code_sets` collection at start (entries already there are left as they are),
 * so a province's extra code or a retired one is a data change there, not a release; the sync
 * CLI uses them to turn Chinese names (男, 在读, 汉族) into codes before sending, and passes a
 * code it does not know on to the hub, which decides from its data.
 *
 * `aliases` are other spellings accepted on input: the names provincial files use (男 for 男性),
 * and the English enum values the hub stored before code sets (MALE, ENROLLED…).
 */
export interface CodeTableEntry {
  code: string;
  name: string;
  aliases?: readonly string[];
  /** First and last day (YYYY-MM-DD) the code may be used; null: open. */
  validFrom?: string | null;
  validTo?: string | null;
}

export interface CodeTable {
  /** The table's id: the JY/T field code whose values it lists (XBM, XJZTM…). */
  table: string;
  /** Chinese name of the table. */
  name: string;
  /** The standard it comes from. */
  standard: string;
  entries: readonly CodeTableEntry[];
}

const e = (code: string, name: string, ...aliases: string[]): CodeTableEntry =>
  aliases.length ? { code, name, aliases } : { code, name };

/** GB/T 3304 民族, in the standard's order (01 汉族 … 56 基诺族), then 97 and 98. */
const ETHNIC_GROUPS = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
]; // prettier-ignore

export const CODE_TABLES: readonly CodeTable[] = [
  {
    table: 'XBM',
    name: '性别',
    standard: 'GB/T 2261.1-2003',
    entries: [
      e('0', '未知的性别'),
      e('1', '男性', '男', 'MALE'),
      e('2', '女性', '女', 'FEMALE'),
      e('9', '未说明的性别'),
    ],
  },
  {
    table: 'MZM',
    name: '民族',
    standard: 'GB/T 3304-1991',
    entries: [
      ...ETHNIC_GROUPS.map((name, i) => e(String(i + 1).padStart(2, '0'), name, name.replace(/族$/, ''))),
      e('97', '其他'),
      e('98', '外国血统中国籍人士'),
    ],
  },
  {
    table: 'XJZTM',
    name: '学籍状态（学生当前状态）',
    standard: 'JY/T 1001-2012',
    entries: [
      e('01', '在读', '在籍', 'ENROLLED'),
      e('02', '休学', 'SUSPENDED'),
      e('03', '退学'),
      e('04', '停学'),
      e('05', '复学'),
      e('06', '流失'),
      e('07', '毕业', 'GRADUATED'),
      e('08', '结业'),
      e('09', '肄业'),
      e('10', '转学（转出）', '转出', '转学', 'TRANSFERRED'),
      e('11', '死亡'),
      e('12', '保留入学资格'),
      e('99', '其他'),
    ],
  },
  {
    table: 'SFZJLXM',
    name: '身份证件类型',
    standard: 'JY/T 1001-2012',
    entries: [
      e('1', '居民身份证', '身份证'),
      e('2', '军官证'),
      e('3', '士兵证'),
      e('4', '文职干部证'),
      e('5', '部队离退休证'),
      e('6', '香港特区护照/身份证明'),
      e('7', '澳门特区护照/身份证明'),
      e('8', '台湾居民来往大陆通行证'),
      e('9', '境外永久居住证'),
      e('A', '护照'),
      e('B', '户口簿'),
      e('Z', '其他'),
    ],
  },
  {
    table: 'GATQWM',
    name: '港澳台侨外',
    standard: 'JY/T 1001-2012',
    entries: [
      e('00', '否'),
      e('11', '香港同胞'),
      e('12', '香港同胞亲属'),
      e('21', '澳门同胞'),
      e('22', '澳门同胞亲属'),
      e('31', '台湾同胞'),
      e('32', '台湾同胞亲属'),
      e('41', '华侨'),
      e('42', '侨眷'),
      e('43', '归侨'),
      e('44', '归侨子女'),
      e('51', '归国留学人员'),
      e('61', '非华裔中国人'),
      e('71', '外籍华裔人'),
      e('72', '外籍非华裔人'),
      e('99', '其他'),
    ],
  },
  {
    table: 'HKXZM',
    name: '户口性质',
    standard: 'JY/T 1001-2012',
    entries: [e('1', '农业户口', '农业'), e('2', '非农业户口', '非农业'), e('3', '居民户口')],
  },
  {
    table: 'LSETM',
    name: '留守儿童',
    standard: 'JY/T 1001-2012（全国中小学生学籍信息管理系统）',
    entries: [e('0', '非留守儿童', '否'), e('1', '单亲留守儿童', '单留守'), e('2', '双亲留守儿童', '双留守')],
  },
  {
    table: 'CJLXM',
    name: '残疾类型',
    standard: 'GB/T 26341-2010',
    entries: [
      e('0', '无残疾', '无'),
      e('1', '视力残疾'),
      e('2', '听力残疾'),
      e('3', '言语残疾'),
      e('4', '肢体残疾'),
      e('5', '智力残疾'),
      e('6', '精神残疾'),
      e('7', '多重残疾'),
      e('9', '其他残疾'),
    ],
  },
  {
    table: 'JKZKM',
    name: '健康状况',
    standard: 'GB/T 2261.3-2003',
    entries: [
      e('1', '健康或良好', '健康', '良好'),
      e('2', '一般或较弱', '一般', '较弱'),
      e('3', '有慢性病'),
      e('6', '残疾'),
    ],
  },
  {
    table: 'XLM',
    name: '学历',
    standard: 'GB/T 4658-2006',
    entries: [
      e('10', '研究生教育', '研究生'),
      e('11', '博士研究生毕业', '博士'),
      e('14', '硕士研究生毕业', '硕士'),
      e('20', '大学本科教育'),
      e('21', '大学本科毕业', '本科'),
      e('30', '专科教育'),
      e('31', '大学专科毕业', '专科', '大专'),
      e('40', '中等职业教育'),
      e('41', '中等专科毕业', '中专'),
      e('60', '普通高级中学教育'),
      e('61', '普通高中毕业', '高中'),
      e('70', '初级中学教育'),
      e('71', '初中毕业', '初中'),
      e('90', '其他'),
    ],
  },
  {
    table: 'BZLBM',
    name: '编制类别',
    standard: 'JY/T 1001-2012',
    entries: [
      e('1', '事业编制', '在编', '有编制'),
      e('2', '行政编制'),
      e('3', '企业编制'),
      e('4', '其他编制'),
      e('9', '无编制', '编外', '合同制'),
    ],
  },
  {
    table: 'JSZGZZLM',
    name: '教师资格种类',
    standard: '教师资格条例（1995）',
    entries: [
      e('1', '幼儿园教师资格'),
      e('2', '小学教师资格'),
      e('3', '初级中学教师资格'),
      e('4', '高级中学教师资格'),
      e('5', '中等职业学校教师资格'),
      e('6', '中等职业学校实习指导教师资格'),
      e('7', '高等学校教师资格'),
      e('9', '无', '无教师资格'),
    ],
  },
  {
    table: 'GXM',
    name: '家庭关系',
    standard: 'GB/T 4761-2008',
    entries: [
      e('51', '父亲', '父'),
      e('52', '母亲', '母'),
      e('61', '祖父'),
      e('62', '祖母'),
      e('63', '外祖父'),
      e('64', '外祖母'),
      e('70', '兄弟姐妹'),
      e('97', '其他亲属'),
      e('99', '非亲属'),
    ],
  },
  {
    table: 'XQM',
    name: '学期',
    standard: 'JY/T 1001-2012',
    entries: [
      e('1', '第一学期（秋季学期）', '秋季', '第一学期'),
      e('2', '第二学期（春季学期）', '春季', '第二学期'),
      e('3', '夏季学期'),
    ],
  },
  {
    table: 'XDM',
    name: '学段',
    standard: 'EduGraph（学段，与学校办学类型对应）',
    entries: [
      e('1', '学前教育', '学前'),
      e('2', '小学'),
      e('3', '初中', '初级中学'),
      e('4', '普通高中', '高中'),
      e('5', '中等职业教育', '中职'),
      e('6', '特殊教育'),
    ],
  },
  {
    table: 'XKM',
    name: '学科（国家课程）',
    standard: 'EduGraph（义务教育课程方案 2022、普通高中课程方案 2017 年版 2020 年修订的科目）',
    entries: [
      e('01', '道德与法治'),
      e('02', '语文'),
      e('03', '数学'),
      e('04', '外语', '英语'),
      e('05', '历史'),
      e('06', '地理'),
      e('07', '科学'),
      e('08', '物理'),
      e('09', '化学'),
      e('10', '生物学', '生物'),
      e('11', '信息科技', '信息技术'),
      e('12', '体育与健康', '体育'),
      e('13', '艺术', '音乐', '美术'),
      e('14', '劳动'),
      e('15', '综合实践活动'),
      e('16', '思想政治'),
      e('17', '通用技术'),
      e('18', '专业课', '专业技能'),
      e('99', '校本课程', '其他'),
    ],
  },
  {
    table: 'BDYYM',
    name: '在班变动原因',
    standard: 'EduGraph（依学籍异动类别）',
    entries: [
      e('01', '新生入学', '入学'),
      e('02', '升级'),
      e('03', '转入'),
      e('04', '转出'),
      e('05', '毕业'),
      e('06', '休学'),
      e('07', '复学'),
      e('08', '调班'),
      e('09', '学期结束'),
      e('99', '其他'),
    ],
  },
];

/** The code of an enrolled student (学籍状态 01 在读): what indicators count. */
export const STUDENT_STATUS_ENROLLED = '01';
