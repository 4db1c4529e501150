import { codeTable, findCode } from '@edugraph/shared';
import type { HubClient } from '../hub/hubClient.ts';

/**
 * The code tables (代码表) the CLI checks coded fields against. Connected to a hub, they are
 * the hub's own code sets (`codeSets` in the graph): a code a province added there is accepted
 * and a retired one refused before a round trip, with no new release of the CLI. A dry run
 * without a hub uses the tables built into this release, and passes on code-like values they
 * lack (the hub decides when the file is imported).
 */
export interface CodeEntryView {
  code: string;
  name: string;
  aliases?: readonly string[];
  validFrom?: string | null;
  validTo?: string | null;
}

export interface CodeSource {
  /** Where the tables come from: `hub` is authoritative, `built-in` lets unknown codes through. */
  origin: 'hub' | 'built-in';
  table(table: string): { name: string; entries: readonly CodeEntryView[] } | undefined;
}

export const builtInCodes: CodeSource = {
  origin: 'built-in',
  table: (table) => codeTable(table),
};

const CODE_SETS = `query SyncCodeSets { codeSets { table name entries { code name aliases validFrom validTo } } }`;

/** The hub's code sets, read once per run; entries out of validity today are left out. */
export async function hubCodes(client: HubClient, today = new Date()): Promise<CodeSource> {
  const data = await client.request<{
    codeSets: { table: string; name: string; entries: CodeEntryView[] }[];
  }>(CODE_SETS);
  const day = today.toISOString().slice(0, 10);
  const valid = (e: CodeEntryView) =>
    (!e.validFrom || e.validFrom <= day) && (!e.validTo || e.validTo >= day);
  // The graph gives `aliases: null` for none.
  for (const s of data.codeSets) for (const e of s.entries) e.aliases ??= [];
  const tables = new Map(
    data.codeSets.map((s) => [s.table, { name: s.name, entries: s.entries.filter(valid) }]),
  );
  return { origin: 'hub', table: (table) => tables.get(table) };
}

/** The code of `value` in `table` (code, Chinese name or alias; 1 for 01), or undefined. */
export function lookUpCode(source: CodeSource, table: string, value: unknown): string | undefined {
  return findCode(source.table(table)?.entries ?? [], value);
}
