import type { DatacenterContext } from '../context.ts';
import { readCodeSets, validOn, type CodeEntryDoc } from '../store/index.ts';
import { reader } from '../access.ts';

type Ctx = DatacenterContext;
interface CodeValue {
  table: string;
  code: string;
}

/** A stored code as a CodeValue of `table` (null when the record has none). */
export const codeValue =
  (table: string, field: string) =>
  (doc: Record<string, unknown>): CodeValue | null =>
    doc[field] === null || doc[field] === undefined ? null : { table, code: String(doc[field]) };

/** The Chinese name of a stored code, from the code sets (one read per request for all tables). */
export async function codeName(ctx: Ctx, table: string, code: unknown): Promise<string> {
  const entries = await ctx.loaders.codeSet.load(table);
  return entries.find((e) => e.code === code)?.name ?? String(code);
}

/** GB/T 2261.1 code → the deprecated Gender enum. */
export const genderEnum = (doc: { gender: string }) =>
  ({ '1': 'MALE', '2': 'FEMALE', '0': 'UNKNOWN', '9': 'UNSPECIFIED' })[doc.gender] ??
  // Written before code sets and not migrated yet.
  (['MALE', 'FEMALE'].includes(doc.gender) ? doc.gender : 'UNSPECIFIED');

const STATUS_ENUM: Readonly<Record<string, string>> = {
  '01': 'ENROLLED',
  '05': 'ENROLLED',
  '02': 'SUSPENDED',
  '07': 'GRADUATED',
  '10': 'TRANSFERRED',
};
/** JY/T 1001 学籍状态 code → the deprecated StudentStatus enum. */
export const statusEnum = (doc: { status: string }) =>
  STATUS_ENUM[doc.status] ?? (Object.values(STATUS_ENUM).includes(doc.status) ? doc.status : 'OTHER');

type TableGroup = { table: string; name: string; standard: string; entries: CodeEntryDoc[] };
const group = (entries: CodeEntryDoc[]): TableGroup => ({
  table: entries[0]!.table,
  name: entries[0]!.tableName,
  standard: entries[0]!.standard,
  entries,
});

export const CodeQueries = {
  codeSets: async (_: unknown, __: unknown, ctx: Ctx) => {
    reader(ctx);
    return [...(await readCodeSets(ctx.models)).values()].map(group);
  },
  codeSet: async (_: unknown, { table }: { table: string }, ctx: Ctx) => {
    reader(ctx);
    const entries = await ctx.loaders.codeSet.load(table);
    return entries.length ? group([...entries].sort((a, b) => a.code.localeCompare(b.code))) : null;
  },
};

export const CodeSet = {
  entries: (t: TableGroup, { validOn: day }: { validOn?: string | null }) =>
    day ? t.entries.filter((e) => validOn(e, day)) : t.entries,
};

export const CodeValueType = {
  name: (v: CodeValue, _: unknown, ctx: Ctx) => codeName(ctx, v.table, v.code),
};
