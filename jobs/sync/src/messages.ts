import type { Totals } from './checkpoint.ts';

/**
 * Every message the CLI writes for a person, in Chinese (the default: the operators of
 * provincial and school data centers) and English (`--lang en` or `LANG=en*`). One catalogue,
 * so a message exists in both languages or in neither. The hub's own error messages are passed
 * through as the hub sends them, behind the catalogue's words for their code when it has some.
 */
export type Language = 'zh' | 'en';

const zh = {
  errorPrefix: 'edugraph-sync：',
  noSuchFile: (path: string) => `找不到文件：${path}`,
  unsupportedFile: (path: string, ext: string, supported: string) =>
    `无法读取 ${path}：不支持的文件类型“${ext || '（无扩展名）'}”。支持的类型：${supported}` +
    `（.xls 请在表格软件中另存为 .xlsx；其他文件可用 --format 指定格式）`,
  sheetNotFound: (path: string, sheet: string, available: readonly string[]) =>
    `${path} 中没有工作表 ${sheet}（现有：${available.join('、') || '无'}）`,
  mappingUnreadable: (path: string, reason: string) => `无法读取列名映射文件 ${path}：${reason}`,
  mappingShape: (path: string) => `列名映射文件 ${path} 必须是“列名 → 字段名”的 JSON 对象`,
  cannotImport: (path: string, kind: string, problem: string) => `${path}：无法导入 ${kind}：${problem}`,
  missingColumns: (names: string) => `缺少必填字段的列：${names}`,
  duplicateColumns: (list: string) => `同一字段有两列：${list}`,
  duplicateColumn: (field: string, a: string, b: string) => `${field}（列 ${a} 与 ${b}）`,
  ignoredColumns: (cols: readonly string[]) => `以下列不对应任何字段，已忽略：${cols.join('、')}`,
  notUtf8: (path: string, offset: number) =>
    `${path} 在第 ${offset} 字节附近不是有效的 UTF-8：如果文件以 GBK/GB18030 保存，请加 --encoding gb18030`,
  retrying: (reason: string, attempt: number, left: number) =>
    `重试（第 ${attempt} 次，还剩 ${left} 次），原因：${reason}`,
  totals: (t: Totals) =>
    `新增 ${t.created}，更新 ${t.updated}，未变 ${t.unchanged}，拒绝 ${t.rejected}` +
    (t.deleted ? `，删除 ${t.deleted}` : ''),
  summary: (
    head: 'imported' | 'checked' | 'interrupted',
    records: number,
    seconds: string,
    resumed: boolean,
  ) =>
    `${{ imported: '已导入', checked: '已检查', interrupted: '已中断，已处理' }[head]} ${records} 条记录，` +
    `用时 ${seconds} 秒${resumed ? '（续传）' : ''}：`,
  dryRunCounts: (valid: number, rejected: number) => `有效 ${valid}，拒绝 ${rejected}`,
  reportAt: (path: string) => `错误报告：${path}`,
  checkpointSaved: '断点已保存：再次运行同一命令即可继续',
  progressStarted: (label: string, resumedAfter: number) =>
    `${label}：开始${resumedAfter ? `（从第 ${resumedAfter} 条之后续传）` : ''}`,
  progressLine: (label: string, records: number, pct: number, rate: number, eta: string, totals: string) =>
    `${label}：${records} 条记录（${pct}%），${rate} 条/秒，预计剩余 ${eta}；${totals}`,
  progressBar: '{label} [{bar}] {percentage}% | {records} 条 | {rate} 条/秒 | 剩余 {etaText} | {totals}',
  exported: (interrupted: boolean, records: number, kind: string, seconds: string, out: string | undefined) =>
    `${interrupted ? '已中断，已导出' : '已导出'} ${records} 条 ${kind}，用时 ${seconds} 秒${out ? `，写入 ${out}` : ''}`,
  onerosterWritten: (dir: string, counts: string, seconds: string) =>
    `OneRoster 1.2 CSV 已写入 ${dir}（${counts}），用时 ${seconds} 秒`,
  interruptedOnce: '正在完成进行中的请求并保存断点（再按一次立即退出）',
  pulled: (interrupted: boolean, changes: number, seconds: string, totals: string, cursor: string) =>
    `${interrupted ? '已中断，已同步' : '已同步'} ${changes} 条变更，用时 ${seconds} 秒：${totals}；游标 ${cursor}`,
  pageApplied: (changes: number, all: number, totals: string) =>
    `已应用 ${changes} 条变更（累计 ${all} 条）：${totals}`,
  caughtUp: (cursor: string, seconds: number) => `已追上游标 ${cursor}；每 ${seconds} 秒轮询一次`,
  noHub: (side: 'from' | 'to' | undefined): string =>
    side === 'from'
      ? '未指定读取的数据中心：请加 --from <url>（或设置 EDUGRAPH_SOURCE_HUB_URL）'
      : side === 'to'
        ? '未指定写入的数据中心：请加 --to <url>（或设置 EDUGRAPH_HUB_URL）'
        : '未指定数据中心：请加 --hub <url>（或设置 EDUGRAPH_HUB_URL）',
  tokenUnreachable: (url: string, reason: string) => `无法连接令牌端点 ${url}：${reason}`,
  tokenRefused: (url: string, clientId: string, status: number, reason: string, scopes: string) =>
    `令牌端点 ${url} 拒绝了客户端 ${clientId}（HTTP ${status}，${reason}）；` +
    `请检查客户端 ID、密钥，以及该客户端能否使用权限 ${scopes}`,
  checkpointForeign: (path: string, problem: string) =>
    `断点文件 ${path} 不属于本次导入（${problem}）；加 --restart 从头开始，或用 --checkpoint <其他文件>`,
  oneRosterNeedsFolder: '--format oneroster 会写出一个 CSV 文件夹：请加 -o <文件夹>',
  kindRequired: "缺少必需的选项 '-k, --kind <kind>'",
  hubReason: (code: string, message: string) => {
    const head = HUB_CODES_ZH[code];
    return head ? `${head}：${message}` : message;
  },
  /** A reason the CLI's own checks gave (records/coerce.ts), in this language when known. */
  localReason: (reason: string) => {
    for (const [pattern, zh] of LOCAL_REASONS_ZH)
      if (pattern.test(reason)) return reason.replace(pattern, zh);
    return reason;
  },
};

/** The CLI's own field checks (records/coerce.ts, validate.ts) say why in English; these are their Chinese. */
const LOCAL_REASONS_ZH: readonly (readonly [RegExp, string])[] = [
  [/^is required$/, '必填，不能为空'],
  [/^is not text$/, '不是文本'],
  [/^(.+) is not a whole number$/, '$1 不是整数'],
  [/^(.+) is not a number$/, '$1 不是数字'],
  [/^(.+) is below (.+)$/, '$1 小于下限 $2'],
  [/^(.+) is above (.+)$/, '$1 大于上限 $2'],
  [/^(.+) is not true\/false .*$/, '$1 不是“是/否”（也可写 1/0、true/false）'],
  [/^(.+) is not a date \(YYYY-MM-DD or YYYYMMDD\)$/, '$1 不是日期（YYYY-MM-DD 或 YYYYMMDD）'],
  [/^(.+) is not a calendar date$/, '$1 不是日历上的日期'],
  [/^(.+) is not one of (.+)$/, '$1 不是以下取值之一：$2'],
  [/^(.+) is not a code or name of (.+) \((\w+)\): (.*)$/s, '$1 不是$2（$3）的代码或名称，可用：$4'],
  // records/validate.ts (identifiers and keys of the rostering kinds)
  [/^(.+) is not a staff number \(14 digits\)$/, '$1 不是工号（14 位数字）'],
  [/^(.+) is not a phone number$/, '$1 不是电话号码'],
  [/^(.+) is not a class of school (.+)$/, '$1 不是学校 $2 的班级'],
  [/^(.+) does not start with its school code (.+)$/, '$1 不以所属学校代码 $2 开头'],
  [
    /^is masked \(export or pull with the personal-data scope\)$/,
    '已脱敏（导出或拉取时请使用 personal-data 权限）',
  ],
];

type Messages = typeof zh;

const en: Messages = {
  errorPrefix: 'edugraph-sync: ',
  noSuchFile: (path) => `no such file: ${path}`,
  unsupportedFile: (path, ext, supported) =>
    `cannot read ${path}: unsupported file type "${ext || '(no extension)'}". Supported: ${supported} ` +
    `(save an .xls workbook as .xlsx; name another file's format with --format)`,
  sheetNotFound: (path, sheet, available) =>
    `${path} has no worksheet ${sheet} (it has ${available.join(', ') || 'none'})`,
  mappingUnreadable: (path, reason) => `cannot read the mapping file ${path}: ${reason}`,
  mappingShape: (path) => `the mapping file ${path} must be a JSON object of column name → field name`,
  cannotImport: (path, kind, problem) => `${path}: cannot import ${kind}: ${problem}`,
  missingColumns: (names) => `no column for the required field(s) ${names}`,
  duplicateColumns: (list) => `two columns for ${list}`,
  duplicateColumn: (field, a, b) => `${field} (columns ${a} and ${b})`,
  ignoredColumns: (cols) => `ignoring columns no field uses: ${cols.join(', ')}`,
  notUtf8: (path, offset) =>
    `${path} is not valid UTF-8 near byte ${offset}: pass --encoding gb18030 if it was saved as GBK/GB18030`,
  retrying: (reason, attempt, left) => `retrying after: ${reason} (attempt ${attempt}, ${left} left)`,
  totals: (t) =>
    `created ${t.created}, updated ${t.updated}, unchanged ${t.unchanged}, rejected ${t.rejected}` +
    (t.deleted ? `, deleted ${t.deleted}` : ''),
  summary: (head, records, seconds, resumed) =>
    `${head} ${records} records in ${seconds} s${resumed ? ' (resumed)' : ''}: `,
  dryRunCounts: (valid, rejected) => `valid ${valid}, rejected ${rejected}`,
  reportAt: (path) => `error report: ${path}`,
  checkpointSaved: 'checkpoint saved: run the same command again to continue',
  progressStarted: (label, resumedAfter) =>
    `${label}: started${resumedAfter ? ` (resuming after ${resumedAfter} records)` : ''}`,
  progressLine: (label, records, pct, rate, eta, totals) =>
    `${label}: ${records} records (${pct}%), ${rate} records/s, ETA ${eta}; ${totals}`,
  progressBar: '{label} [{bar}] {percentage}% | {records} records | {rate}/s | ETA {etaText} | {totals}',
  exported: (interrupted, records, kind, seconds, out) =>
    `${interrupted ? 'interrupted after' : 'exported'} ${records} ${kind} in ${seconds} s${out ? ` to ${out}` : ''}`,
  onerosterWritten: (dir, counts, seconds) =>
    `OneRoster 1.2 CSV written to ${dir} (${counts}) in ${seconds} s`,
  interruptedOnce: 'finishing the requests in flight and saving the checkpoint (again to quit at once)',
  pulled: (interrupted, changes, seconds, totals, cursor) =>
    `${interrupted ? 'interrupted after' : 'pulled'} ${changes} changes in ${seconds} s: ${totals}; cursor ${cursor}`,
  pageApplied: (changes, all, totals) => `applied ${changes} changes (${all} in all): ${totals}`,
  caughtUp: (cursor, seconds) => `caught up at cursor ${cursor}; polling every ${seconds} s`,
  noHub: (side) =>
    side === 'from'
      ? 'no hub to read from: pass --from <url> (or set EDUGRAPH_SOURCE_HUB_URL)'
      : side === 'to'
        ? 'no hub to write to: pass --to <url> (or set EDUGRAPH_HUB_URL)'
        : 'no hub: pass --hub <url> (or set EDUGRAPH_HUB_URL)',
  tokenUnreachable: (url, reason) => `cannot reach the token endpoint ${url}: ${reason}`,
  tokenRefused: (url, clientId, status, reason, scopes) =>
    `the token endpoint ${url} refused client ${clientId} (HTTP ${status}, ${reason}); ` +
    `check the client id, secret and that the client may use the scopes ${scopes}`,
  checkpointForeign: (path, problem) =>
    `the checkpoint ${path} does not belong to this import (${problem}); ` +
    'pass --restart to start over, or --checkpoint <other file>',
  oneRosterNeedsFolder: '--format oneroster writes a folder of CSV files: pass -o <folder>',
  kindRequired: "required option '-k, --kind <kind>' not specified",
  hubReason: (_code, message) => message,
  localReason: (reason) => reason,
};

/** The catalogue's words for the hub's error codes (the hub's message follows them). */
const HUB_CODES_ZH: Readonly<Record<string, string>> = {
  UNKNOWN_REFERENCE: '引用的记录不存在',
  OUT_OF_SCOPE: '超出本机构的管辖范围',
  INVALID_IDENTIFIER: '标识码不合规',
  INVALID_FORMAT: '格式不合规',
  INVALID_CHECK_CHARACTER: '校验位不正确',
  INVALID_DATE: '日期不合规',
  INVALID_VALUE: '取值不合规',
  MISMATCH: '与其他字段不一致',
  REQUIRED: '必填',
  OUT_OF_RANGE: '超出允许范围',
  DUPLICATE_IN_BATCH: '同一批次中重复',
  CONFLICT: '与其他写入冲突，请重新提交',
  BAD_USER_INPUT: '输入不合规',
  FORBIDDEN: '无权操作',
  UNAUTHENTICATED: '令牌无效或已过期',
  BATCH_TOO_LARGE: '批次过大',
};

const catalogues: Record<Language, Messages> = { zh, en };
let current: Language = 'zh';

/** `--lang` wins; otherwise English when the locale (LC_ALL, LC_MESSAGES, LANG) is English. */
export function chooseLanguage(flag: string | undefined, locale: string | undefined): Language {
  if (flag === 'en' || flag === 'zh') return flag;
  return /^en/i.test(locale ?? '') ? 'en' : 'zh';
}

export function setLanguage(language: Language): void {
  current = language;
}

export function language(): Language {
  return current;
}

/** The messages in the chosen language. */
export function t(): Messages {
  return catalogues[current];
}
