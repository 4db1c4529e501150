import { forEachBatch, UPSERT_MUTATIONS, type RecordKind } from '@edugraph/shared';
import type { GeneratedProvince } from '../seed/generate.ts';
import type { TestHub } from './testHub.ts';

export interface UpsertTotals {
  created: number;
  unchanged: number;
  rejected: number;
}

/**
 * Sends a kind's generated records through the datacenter's upserts over HTTP, `batch` records a
 * call and `concurrency` calls in flight, as a sync job does (the benches' load); `token` is asked
 * before every call (a long load renews it). Fails on the first rejected record.
 */
export async function upsertGenerated(
  hub: Pick<TestHub, 'gql'>,
  token: () => Promise<string>,
  province: GeneratedProvince,
  kind: RecordKind,
  options: { batch: number; concurrency: number },
): Promise<UpsertTotals> {
  const { mutation: field, inputType: input } = UPSERT_MUTATIONS[kind];
  const query = `mutation($r: [${input}!]!) { ${field}(records: $r) { created unchanged rejected results { status key errors { field message } } } }`;
  const totals: UpsertTotals = { created: 0, unchanged: 0, rejected: 0 };
  await forEachBatch(province.records(kind), options.batch, options.concurrency, async (batch) => {
    const body = await hub.gql('datacenter', query, { r: batch }, await token());
    const result = body.data?.[field] as
      (UpsertTotals & { results: { status: string; key: string; errors: unknown }[] }) | undefined;
    if (!result) throw new Error(`${field} failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
    if (result.rejected > 0) {
      const bad = result.results.find((r) => r.status === 'REJECTED');
      throw new Error(`${kind} rejected: ${bad?.key} ${JSON.stringify(bad?.errors)}`);
    }
    totals.created += result.created;
    totals.unchanged += result.unchanged;
  });
  return totals;
}
