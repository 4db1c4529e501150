import type { FieldError } from '../validation/index.ts';

export type RecordStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED' | 'DELETED';

export interface RecordResult {
  index: number;
  key: string | null;
  status: RecordStatus;
  errors: FieldError[];
}

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  deleted: number;
  results: RecordResult[];
}

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
