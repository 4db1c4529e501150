import { errors, NATION_CODE, requireScope, scopes } from '@edugraph/shared';
import type { DatacenterContext } from '../context.ts';
import { readCodeSets, validOn, writeCodeEntries, type CodeEntryDoc } from '../store/index.ts';
import { writer } from '../access.ts';

type Ctx = DatacenterContext;

/** The code tables are the standard's, not tenant data: writers read them to check their values. */
const codeReader = (ctx: Ctx) => requireScope(ctx.caller, scopes.DATACENTER_READ, scopes.DATACENTER_WRITE);
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
    codeReader(ctx);
    return [...(await readCodeSets(ctx.store.models)).values()].map(group);
  },
  codeSet: async (_: unknown, { table }: { table: string }, ctx: Ctx) => {
    codeReader(ctx);
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

interface CodeEntryInput {
  table: string;
  code: string;
  name: string;
  aliases?: string[] | null;
  validFrom?: string | null;
  validTo?: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Why an entry cannot be stored, or undefined. */
function entryProblem(e: CodeEntryInput, known: ReadonlySet<string>): string | undefined {
  if (!known.has(e.table)) return `table ${e.table} is not a code table of the data center`;
  if (!/^[0-9A-Z]{1,4}$/.test(e.code)) return `code "${e.code}" is not 1–4 digits or capital letters`;
  if (!e.name.trim() || e.name.length > 50) return `name of ${e.table} ${e.code} must be 1–50 characters`;
  for (const d of [e.validFrom, e.validTo]) if (d != null && !DAY.test(d)) return `${d} is not YYYY-MM-DD`;
  if (e.validFrom && e.validTo && e.validTo < e.validFrom)
    return `validTo ${e.validTo} is before validFrom ${e.validFrom}`;
  return undefined;
}

/**
 * Adds or changes codes of the national tables (a new 学籍状态, a retired 户口性质): national
 * writers only, since every province validates against them. The table must exist; its name and
 * standard are kept. One read of the tables, one write per entry (a handful a call).
 */
export const CodeMutations = {
  upsertCodeEntries: async (_: unknown, { entries }: { entries: CodeEntryInput[] }, ctx: Ctx) => {
    const caller = writer(ctx);
    if (caller.organization !== NATION_CODE)
      throw errors.forbidden(
        'Code tables are national: only a national writer (organization 100000) changes them.',
      );
    if (entries.length > 100) throw errors.badInput('At most 100 code entries a call.', { field: 'entries' });
    const tables = await readCodeSets(ctx.store.models);
    for (const [i, e] of entries.entries()) {
      const problem = entryProblem(e, new Set(tables.keys()));
      if (problem) throw errors.badInput(`entries[${i}]: ${problem}`, { field: `entries[${i}]` });
    }
    await writeCodeEntries(
      ctx.store.models,
      tables,
      entries.map((e) => ({
        table: e.table,
        code: e.code,
        name: e.name.trim(),
        aliases: (e.aliases ?? []).map((a) => a.trim()).filter(Boolean),
        validFrom: e.validFrom ?? null,
        validTo: e.validTo ?? null,
      })),
    );
    const stored = await readCodeSets(ctx.store.models, [...new Set(entries.map((e) => e.table))]);
    return entries.map((e) => stored.get(e.table)!.find((x) => x.code === e.code)!);
  },
};
