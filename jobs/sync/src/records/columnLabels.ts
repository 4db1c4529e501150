import { jytColumnsOf, type JytColumn } from '@edugraph/shared';
import type { RecordKind } from '../kinds.ts';

/**
 * Chinese column headers as school and registry systems write them. The standard's 数据项名
 * (jytColumns.ts: 性别码, 宽带接入速率（Mbps）) are matched with the forms people write: without
 * the unit in brackets, without the trailing 码 of a code column (性别, 民族, 学籍状态), with a
 * required-field star (学籍号*), plus the few other names common exports use.
 */
const OTHER_NAMES: Readonly<Record<string, readonly string[]>> = {
  XJH: ['全国学籍号', '学籍号码', '学生学籍号'],
  SFZJH: ['身份证号', '身份证号码', '身份证件号码', '证件号码'],
  JGH: ['工号', '教职工号', '教师工号'],
  XXDM: ['学校标识码'],
  XXMC: ['学校'],
  BJMC: ['班级'],
  XZQHM: ['行政区划代码', '区划代码'],
  XZQHMC: ['行政区划', '区划名称'],
  RJXK: ['任教学科', '学科'],
  ZYJSZW: ['职称', '专业技术职务'],
};

/** A header cell reduced to what identifies it: no spaces, no bracketed unit, no star. */
export function normaliseLabel(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*＊]/g, '');
}

function variants(column: JytColumn): string[] {
  const label = normaliseLabel(column.label);
  const out = [label, ...(OTHER_NAMES[column.column] ?? [])];
  if (label.endsWith('码') && !/(代码|号码)$/.test(label)) out.push(label.slice(0, -1));
  return out;
}

/** Chinese header text (normalised) → the JY/T column it names, for one kind. */
export function labelIndex(kind: RecordKind): Map<string, JytColumn> {
  const index = new Map<string, JytColumn>();
  for (const column of jytColumnsOf(kind))
    for (const name of variants(column)) if (!index.has(name)) index.set(name, column);
  return index;
}
