import type { IdentityStore } from './index.ts';
import { collectionName, OIDC_MODELS, type StoredDoc } from './oidcRecords.ts';

/**
 * A user's sign-in sessions at the provider (oidc-provider's `Session` records, one per browser
 * that signed in) and ending them. A session is named by its `uid`, never by its id: the id is
 * the value of the browser's session cookie.
 */
export interface SignInSessionRecord {
  uid: string;
  signedInAt: Date;
  lastUsedAt: Date;
  expiresAt: Date | null;
  /** Client id → the grant the session holds for it (its tokens carry that grant). */
  grants: Record<string, string>;
}

interface SessionPayload {
  uid?: string;
  accountId?: string;
  loginTs?: number;
  authorizations?: Record<string, { grantId?: string }>;
}

const sessions = (store: IdentityStore) => store.db().collection<StoredDoc>(collectionName('Session'));

function grantsOf(payload: SessionPayload): Record<string, string> {
  const grants: Record<string, string> = {};
  for (const [clientId, a] of Object.entries(payload.authorizations ?? {}))
    if (a.grantId) grants[clientId] = a.grantId;
  return grants;
}

/** When a grant's tokens were last issued (a sign-in or a refresh), or undefined. */
async function lastTokenIssued(store: IdentityStore, grantIds: string[]): Promise<Date | undefined> {
  if (!grantIds.length) return undefined;
  const latest = await store
    .db()
    .collection<StoredDoc>(collectionName('RefreshToken'))
    .find({ grantId: { $in: grantIds } })
    .sort({ updatedAt: -1 })
    .limit(1)
    .toArray();
  return latest[0]?.updatedAt;
}

/** The unexpired sign-in sessions of a user, the most recently used first. */
export async function signInSessionsOf(
  store: IdentityStore,
  accountId: string,
): Promise<SignInSessionRecord[]> {
  const docs = await sessions(store).find({ 'payload.accountId': accountId }).toArray();
  const now = Date.now();
  const records = await Promise.all(
    docs
      .filter((d) => !d.expiresAt || d.expiresAt.getTime() > now)
      .map(async (d) => {
        const payload = d.payload as SessionPayload;
        const grants = grantsOf(payload);
        const signedInAt = new Date((payload.loginTs ?? 0) * 1000);
        const touched = [d.updatedAt, await lastTokenIssued(store, Object.values(grants))];
        const lastUsedAt = new Date(Math.max(signedInAt.getTime(), ...touched.map((t) => t?.getTime() ?? 0)));
        return { uid: payload.uid ?? d.uid ?? '', signedInAt, lastUsedAt, expiresAt: d.expiresAt, grants };
      }),
  );
  return records.filter((r) => r.uid).sort((a, b) => b.lastUsedAt.getTime() - a.lastUsedAt.getTime());
}

/**
 * Ends a session of that user: its grants and every token issued under them (access, refresh,
 * codes) go, then the session itself. Returns false when the user has no such session.
 */
export async function endSignInSession(
  store: IdentityStore,
  accountId: string,
  uid: string,
): Promise<boolean> {
  const doc = await sessions(store).findOne({ uid, 'payload.accountId': accountId });
  if (!doc) return false;
  const grantIds = Object.values(grantsOf(doc.payload as SessionPayload));
  if (grantIds.length) {
    for (const model of OIDC_MODELS)
      await store
        .db()
        .collection<StoredDoc>(collectionName(model))
        .deleteMany({ grantId: { $in: grantIds } });
    await store
      .db()
      .collection<StoredDoc>(collectionName('Grant'))
      .deleteMany({ _id: { $in: grantIds } });
  }
  await sessions(store).deleteOne({ _id: doc._id });
  return true;
}
