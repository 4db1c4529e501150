import { setTimeout as sleep } from 'node:timers/promises';
import { encryptPlaintextKeys } from '../oidc/keys.ts';
import { sealedKeyId, type SecretBox } from '../secretBox.ts';
import type { IdentityStore } from '../store/index.ts';
import {
  currentSealedValue,
  replaceSealedValue,
  sealedFields,
  sealedValuesPage,
  type SealedField,
  type SealedValue,
} from '../store/sealedValues.ts';

/**
 * Moves every secret identity keeps encrypted at rest under the current key
 * (IDENTITY_ENCRYPTION_KEY), in keyset pages of `batchSize`. First a survey reads every value
 * and opens those not under the current key: if one does not open (its key is not in the ring,
 * or it was altered), nothing is written and each such value is reported by record and field.
 * Then each value is rewritten with a compare-and-set, so a value the running service changes
 * meanwhile is left as the service wrote it (under the current key). Values already under the
 * current key are skipped: an interrupted run is simply run again, and does only what is left.
 */
export interface FieldReport {
  /** `collection.field`, e.g. `clients.clientSecret`. */
  field: string;
  /** How many values the field holds, by the key id they were sealed under (at the survey). */
  byKey: Record<string, number>;
  total: number;
  reencrypted: number;
  /** Values under an old key at the survey that the service rewrote (or deleted) before their turn. */
  changedMeanwhile: number;
  /** Values not under the current key: at the survey, then counted again after the rewrite. */
  remaining: number;
}

export interface Unreadable {
  record: string;
  field: string;
  keyId: string;
  reason: string;
}

export interface ReencryptReport {
  keyId: string;
  /** Signing and cookie key rows stored in plain text by older versions, encrypted (as at start). */
  plaintextEncrypted: number;
  fields: FieldReport[];
  /** Values not under the current key: at the survey with `--check`, else counted again after the run. */
  remaining: number;
  /** Values whose key is not in the ring or that do not open: reported, nothing written. */
  findings: Unreadable[];
}

export interface ReencryptOptions {
  store: IdentityStore;
  box: SecretBox;
  batchSize: number;
  /** Pause before writing each batch, to spare a database the service is using. */
  pauseMs: number;
  /** Only survey (`--check`): what is under which key, and what would not open. */
  checkOnly: boolean;
  /** After each batch of the rewrite: the field so far, and how many of its values were looked at. */
  onProgress: (field: FieldReport, checked: number) => void;
}

const fieldName = (spec: SealedField) => `${spec.collection}.${spec.field}`;

async function* pages(store: IdentityStore, spec: SealedField, batchSize: number) {
  let after: unknown;
  for (;;) {
    const { values, last } = await sealedValuesPage(store, spec, after, batchSize);
    if (last === undefined) return;
    yield values;
    after = last;
  }
}

function unreadable(spec: SealedField, value: SealedValue, err: unknown): Unreadable {
  return {
    record: `${spec.record} ${value.recordId}`,
    field: fieldName(spec),
    keyId: sealedKeyId(value.stored),
    reason: (err as Error).message,
  };
}

async function survey(options: ReencryptOptions, spec: SealedField, findings: Unreadable[]) {
  const { store, box, batchSize } = options;
  const report: FieldReport = {
    field: fieldName(spec),
    byKey: {},
    total: 0,
    reencrypted: 0,
    changedMeanwhile: 0,
    remaining: 0,
  };
  for await (const page of pages(store, spec, batchSize))
    for (const value of page) {
      const keyId = sealedKeyId(value.stored);
      report.byKey[keyId] = (report.byKey[keyId] ?? 0) + 1;
      report.total += 1;
      if (keyId === box.keyId) continue;
      report.remaining += 1;
      try {
        box.open(value.stored, value.recordId);
      } catch (err) {
        findings.push(unreadable(spec, value, err));
      }
    }
  return report;
}

/** Rewrites one value under the current key; false when the service already did. */
async function reseal(options: ReencryptOptions, spec: SealedField, value: SealedValue): Promise<boolean> {
  const { store, box } = options;
  let stored: string | null = value.stored;
  // A few rounds at most: only a writer still sealing under an old key could keep it moving.
  for (let round = 0; round < 5; round += 1) {
    if (stored === null || sealedKeyId(stored) === box.keyId) return false;
    const next = box.seal(box.open(stored, value.recordId), value.recordId);
    if (await replaceSealedValue(store, spec, value._id, stored, next)) return true;
    stored = await currentSealedValue(store, spec, value._id);
  }
  throw new Error(`${spec.record} ${value.recordId} (${fieldName(spec)}) keeps changing under an old key`);
}

async function rewrite(
  options: ReencryptOptions,
  spec: SealedField,
  report: FieldReport,
  findings: Unreadable[],
) {
  let checked = 0;
  for await (const page of pages(options.store, spec, options.batchSize)) {
    // Between reading a batch and writing it: the service may change a value meanwhile, which
    // the compare-and-set in `reseal` notices, however long the pause.
    if (options.pauseMs) await sleep(options.pauseMs);
    for (const value of page) {
      if (sealedKeyId(value.stored) === options.box.keyId) continue;
      try {
        if (await reseal(options, spec, value)) report.reencrypted += 1;
      } catch (err) {
        findings.push(unreadable(spec, value, err));
      }
    }
    checked += page.length;
    options.onProgress(report, checked);
  }
}

/** Values of the field not under the current key, counted again after the rewrite. */
async function countRemaining(options: ReencryptOptions, spec: SealedField): Promise<number> {
  let remaining = 0;
  for await (const page of pages(options.store, spec, options.batchSize))
    remaining += page.filter((v) => sealedKeyId(v.stored) !== options.box.keyId).length;
  return remaining;
}

export async function reencryptSecrets(options: ReencryptOptions): Promise<ReencryptReport> {
  const { store, box } = options;
  const findings: Unreadable[] = [];
  const fields: FieldReport[] = [];
  for (const spec of sealedFields) fields.push(await survey(options, spec, findings));
  const report = (plaintextEncrypted: number) => ({
    keyId: box.keyId,
    plaintextEncrypted,
    fields,
    remaining: fields.reduce((n, f) => n + f.remaining, 0),
    findings,
  });
  if (options.checkOnly || findings.length) return report(0);
  // Key rows from before encryption keep their secret outside `sealed` (client secrets in
  // plain text are in their field, and are sealed by the rewrite like any other value).
  const plaintextEncrypted = await encryptPlaintextKeys(store, box);
  for (const [i, spec] of sealedFields.entries()) {
    const field = fields[i]!;
    if (field.remaining === 0) continue;
    const old = field.remaining;
    await rewrite(options, spec, field, findings);
    field.remaining = await countRemaining(options, spec);
    field.changedMeanwhile = Math.max(0, old - field.reencrypted - field.remaining);
  }
  return report(plaintextEncrypted);
}
