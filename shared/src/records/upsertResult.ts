/**
 * What the datacenter's batch upserts and deletes answer for each record, as the sync contract
 * carries it: the datacenter builds it (its field error codes as `Code`), the sync CLI reads it.
 */
export type RecordStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED' | 'DELETED';

/** One field of one record refused, and why. */
export interface RecordFieldError<Code extends string = string> {
  field: string;
  code: Code;
  message: string;
}

export interface RecordResult<Code extends string = string> {
  /** The record's position in the batch. */
  index: number;
  /** Its natural key, when it had one. */
  key: string | null;
  status: RecordStatus;
  errors: RecordFieldError<Code>[];
}

export interface UpsertResult<Code extends string = string> {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  deleted: number;
  results: RecordResult<Code>[];
}
