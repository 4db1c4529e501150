import {
  RECORD_KINDS,
  forEachBatch,
  NATION_CODE,
  roles,
  scopes,
  type Caller,
  type RecordKind,
} from '@edugraph/shared';
import type { GeneratedProvince } from '@edugraph/infra';
import { KIND_OF } from '../store/index.ts';
import { MAX_BATCH, upsertRecords, type SyncDeps } from '../sync/upsert.ts';
import type { UpsertResult } from '../sync/results.ts';
import { entitySpecs } from '../validation/index.ts';
import type { SeedProgress } from './progress.ts';

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

/**
 * Batches of one kind in flight at once, as a sync job sends them: the database writes one at a
 * time, the checks of the next batches (references, hashes, validation) run meanwhile.
 */
export const SEED_CONCURRENCY = 4;

/**
 * Streams a generated province through the batch upserts (references first), 1,000 a call. A
 * kind whose records name records of the same kind (a region its parent, a teaching point its
 * central school) goes one batch after the other, in the generator's order; the others
 * SEED_CONCURRENCY at once.
 */
export async function loadProvince(
  deps: SyncDeps,
  province: GeneratedProvince,
  kinds: readonly RecordKind[] = RECORD_KINDS,
  progress?: SeedProgress,
): Promise<LoadTotals> {
  const totals: LoadTotals = { created: 0, updated: 0, unchanged: 0, rejected: 0, firstRejections: [] };
  for (const name of kinds) {
    const kind = KIND_OF[name];
    const spec = entitySpecs[kind];
    const workers = spec.collection in spec.refs ? 1 : SEED_CONCURRENCY;
    progress?.start(name);
    await forEachBatch(
      province.records(name) as Iterable<unknown> as Iterable<Record<string, unknown>>,
      MAX_BATCH,
      workers,
      async (batch) => {
        addTotals(totals, kind, await upsertRecords(deps, SEED_CALLER, kind, batch));
        progress?.add(name, batch.length);
      },
    );
    progress?.finish(name);
  }
  return totals;
}

function addTotals(totals: LoadTotals, kind: string, result: UpsertResult): void {
  totals.created += result.created;
  totals.updated += result.updated;
  totals.unchanged += result.unchanged;
  totals.rejected += result.rejected;
  for (const r of result.results) {
    if (r.status === 'REJECTED' && totals.firstRejections.length < 5)
      totals.firstRejections.push(`${kind} ${r.key}: ${r.errors.map((e) => e.message).join('; ')}`);
  }
}
