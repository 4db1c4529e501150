import { CODE_TABLES, type CodeTable, type CodeTableEntry } from './codeTables.ts';

/** A built-in table by id. */
export function codeTable(table: string): CodeTable | undefined {
  return CODE_TABLES.find((t) => t.table === table);
}

/**
 * The code a value names in a built-in table: the code itself, its Chinese name or an alias
 * (trimmed; English aliases in any case; a numeric code also without its leading zero, as
 * spreadsheets drop it: 1 → 01). Undefined when the table does not know it.
 */
export function codeOf(table: string, value: unknown): string | undefined {
  return findCode(codeTable(table)?.entries ?? [], value);
}

/** The same lookup over any list of entries (the datacenter's stored code sets). */
export function findCode(
  entries: readonly Pick<CodeTableEntry, 'code' | 'name' | 'aliases'>[],
  value: unknown,
): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  const upper = text.toUpperCase();
  for (const entry of entries)
    if (entry.code === text || entry.name === text || entry.aliases?.some((a) => a.toUpperCase() === upper))
      return entry.code;
  if (/^\d+$/.test(text))
    for (const entry of entries)
      if (
        /^\d+$/.test(entry.code) &&
        entry.code.length > text.length &&
        entry.code === text.padStart(entry.code.length, '0')
      )
        return entry.code;
  return undefined;
}
