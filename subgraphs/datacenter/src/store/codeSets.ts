import { CODE_TABLES } from '@edugraph/shared';
import { isDuplicateKeyError } from '@edugraph/shared';
import type { CodeEntryDoc, Models } from './models/index.ts';

/** A table's entries as validation and the graph use them. */
export type CodeEntries = readonly CodeEntryDoc[];
export type CodeSets = ReadonlyMap<string, CodeEntries>;

const entryId = (table: string, code: string) => `${table}:${code}`;

/**
 * Copies the built-in standard tables (shared/src/records/codeTables.ts) into `code_sets`: entries not
 * there yet are inserted, entries already there are left as they are (an operator may have
 * renamed or retired one). One read of the ids, one insert of what is missing; several
 * instances starting at once insert the same documents and ignore each other's duplicates.
 */
export async function ensureCodeSets(models: Pick<Models, 'codeSets'>, now = new Date()): Promise<number> {
  const have = new Set((await models.codeSets.find({}, { _id: 1 }).lean()).map((d) => String(d._id)));
  const missing = CODE_TABLES.flatMap((t) =>
    t.entries
      .filter((e) => !have.has(entryId(t.table, e.code)))
      .map((e) => ({
        _id: entryId(t.table, e.code),
        table: t.table,
        tableName: t.name,
        standard: t.standard,
        code: e.code,
        name: e.name,
        aliases: [...(e.aliases ?? [])],
        validFrom: e.validFrom ?? null,
        validTo: e.validTo ?? null,
        changedAt: now,
      })),
  );
  if (missing.length === 0) return 0;
  try {
    await models.codeSets.collection.insertMany(missing as never[], { ordered: false });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  return missing.length;
}

/** The entries of these tables (all tables when none are named), in one read. */
export async function readCodeSets(
  models: Pick<Models, 'codeSets'>,
  tables?: readonly string[],
): Promise<Map<string, CodeEntryDoc[]>> {
  if (tables && tables.length === 0) return new Map();
  const filter = tables ? { table: tables.length === 1 ? tables[0] : { $in: [...tables] } } : {};
  const rows = (await models.codeSets.find(filter as never).lean()) as CodeEntryDoc[];
  const sets = new Map<string, CodeEntryDoc[]>();
  for (const row of rows.sort((a, b) => a.code.localeCompare(b.code)))
    sets.set(row.table, [...(sets.get(row.table) ?? []), row]);
  return sets;
}

/** An entry of a national table to add or change (its table's name and standard are kept). */
export interface CodeEntryWrite {
  table: string;
  code: string;
  name: string;
  aliases: string[];
  validFrom: string | null;
  validTo: string | null;
}

/** Adds or changes entries of existing tables, one write each (a handful a call). */
export async function writeCodeEntries(
  models: Pick<Models, 'codeSets'>,
  tables: ReadonlyMap<string, CodeEntries>,
  entries: readonly CodeEntryWrite[],
  now = new Date(),
): Promise<void> {
  for (const e of entries) {
    const first = tables.get(e.table)![0]!;
    await models.codeSets.updateOne(
      { _id: entryId(e.table, e.code) },
      {
        $set: {
          table: e.table,
          tableName: first.tableName,
          standard: first.standard,
          code: e.code,
          name: e.name,
          aliases: e.aliases,
          validFrom: e.validFrom,
          validTo: e.validTo,
          changedAt: now,
        },
      },
      { upsert: true },
    );
  }
}

/** Is the entry usable on `day` (YYYY-MM-DD)? */
export const validOn = (entry: Pick<CodeEntryDoc, 'validFrom' | 'validTo'>, day: string) =>
  (entry.validFrom === null || entry.validFrom <= day) && (entry.validTo === null || day <= entry.validTo);
