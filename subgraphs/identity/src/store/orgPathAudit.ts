import type { IdentityStore } from './index.ts';

/** Why the organization path audit disabled a record (`orgPathAudit`, one document per record). */
export interface OrgPathAuditEntry {
  at: Date;
  by: string;
  kind: 'USER' | 'CLIENT';
  recordId: string;
  name: string;
  organization: string;
  storedPath: string[];
  authorityPath: string[] | null;
  action: string;
  reason: string;
}

export async function recordOrgPathAudit(
  store: IdentityStore,
  entries: readonly OrgPathAuditEntry[],
): Promise<void> {
  await store
    .db()
    .collection('orgPathAudit')
    .insertMany(entries.map((e) => ({ ...e })));
}
