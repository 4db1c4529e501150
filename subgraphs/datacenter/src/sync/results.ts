import type {
  RecordResult as SyncRecordResult,
  RecordStatus,
  UpsertResult as SyncUpsertResult,
} from '@edugraph/shared/records';
import type { FieldError, FieldErrorCode } from '../validation/index.ts';

export type { RecordStatus };
/** The sync contract's shapes (shared with the sync CLI), with the datacenter's field error codes. */
export type RecordResult = SyncRecordResult<FieldErrorCode>;
export type UpsertResult = SyncUpsertResult<FieldErrorCode>;

export function summarize(results: RecordResult[]): UpsertResult {
  const count = (s: RecordStatus) => results.filter((r) => r.status === s).length;
  return {
    created: count('CREATED'),
    updated: count('UPDATED'),
    unchanged: count('UNCHANGED'),
    rejected: count('REJECTED'),
    deleted: count('DELETED'),
    results,
  };
}

export const rejected = (index: number, key: string | null, errors: FieldError[]): RecordResult => ({
  index,
  key,
  status: 'REJECTED',
  errors,
});
