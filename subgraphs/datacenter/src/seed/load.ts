import { ENTITY_KINDS, NATION_CODE, roles, scopes, type Caller, type EntityKind } from '@edugraph/shared';
import type { GeneratedProvince } from '@edugraph/infra';
import { KIND_OF } from '../store/index.ts';
import { MAX_BATCH, upsertRecords, type SyncDeps } from '../sync/upsert.ts';

/** The data center itself, writing seed data: a national service caller. */
export const SEED_CALLER: Caller = Object.freeze({
  subject: 'datacenter-seed',
  clientId: undefined,
  organization: NATION_CODE,
  orgPath: Object.freeze([NATION_CODE]),
  roles: Object.freeze([roles.SERVICE]),
  scopes: Object.freeze([scopes.DATACENTER_READ, scopes.DATACENTER_WRITE, scopes.PERSONAL_DATA]),
  isService: true,
});

export interface LoadTotals {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  firstRejections: string[];
}

/** Streams a generated province through the batch upserts (references first), 1,000 a call. */
export async function loadProvince(
  deps: SyncDeps,
  province: GeneratedProvince,
  kinds: readonly EntityKind[] = ENTITY_KINDS,
): Promise<LoadTotals> {
  const totals: LoadTotals = { created: 0, updated: 0, unchanged: 0, rejected: 0, firstRejections: [] };
  for (const name of kinds) {
    const kind = KIND_OF[name];
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const result = await upsertRecords(deps, SEED_CALLER, kind, batch);
      totals.created += result.created;
      totals.updated += result.updated;
      totals.unchanged += result.unchanged;
      totals.rejected += result.rejected;
      for (const r of result.results) {
        if (r.status === 'REJECTED' && totals.firstRejections.length < 5)
          totals.firstRejections.push(`${kind} ${r.key}: ${r.errors.map((e) => e.message).join('; ')}`);
      }
      batch = [];
    };
    for (const record of province.records(name)) {
      batch.push(record as unknown as Record<string, unknown>);
      if (batch.length === MAX_BATCH) await flush();
    }
    await flush();
  }
  return totals;
}
