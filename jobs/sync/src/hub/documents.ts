import { kindSpecs, type RecordKind } from '../kinds.ts';

/** The GraphQL documents the CLI sends (the datacenter's sync contract). */
const RESULT_FIELDS = `created updated unchanged rejected deleted results { index key status errors { field code message } }`;

export function upsertDocument(kind: RecordKind): string {
  const spec = kindSpecs[kind];
  return `mutation SyncUpsert($records: [${spec.inputType}!]!) { result: ${spec.mutation}(records: $records) { ${RESULT_FIELDS} } }`;
}

export const deleteDocument = `mutation SyncDelete($kind: EntityKind!, $keys: [String!]!) { result: deleteRecords(kind: $kind, keys: $keys) { ${RESULT_FIELDS} } }`;

export const changesDocument = `query SyncChanges($after: String, $first: Int, $kinds: [EntityKind!]) {
  changes(after: $after, first: $first, kinds: $kinds) { endCursor hasMore changes { cursor kind key op version at record } }
}`;

export type { RecordStatus, UpsertResult } from '@edugraph/shared/records';

export interface Change {
  cursor: string;
  kind: string;
  key: string;
  op: 'UPSERT' | 'DELETE';
  version: number;
  at: string;
  record: Record<string, unknown> | null;
}

export interface ChangeFeed {
  changes: Change[];
  endCursor: string | null;
  hasMore: boolean;
}
