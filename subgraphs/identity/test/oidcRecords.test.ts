import { randomBytes } from 'node:crypto';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import { closeDatabase, connectDatabase } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyRing } from '../src/encryptionKeyRing.ts';
import { createSecretBox } from '../src/secretBox.ts';
import { openIdentityStore, type IdentityStore } from '../src/store/index.ts';
import {
  collectionName,
  hashStoredOidcIds,
  oidcRecords,
  storedIdOf,
  type StoredDoc,
} from '../src/store/oidcRecords.ts';

/** The provider's records of bearer models are stored under hashed ids, found again by id or uid. */
describe("the provider's records at rest", () => {
  let db: EmbeddedDatabase;
  let conn: Connection;
  let store: IdentityStore;
  const box = createSecretBox(keyRing(randomBytes(32)));
  const sessions = () => store.db().collection<StoredDoc>(collectionName('Session'));

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'oidc_records_test' });
    store = await openIdentityStore(conn, { accessLogRetentionDays: 180 });
  });
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  it('finds a session by its id and by its uid, and stores neither its id nor its jti', async () => {
    const records = oidcRecords(store, 'Session', box);
    const id = randomBytes(16).toString('base64url');
    await records.upsert(id, { jti: id, uid: 'u-1', accountId: 'a-1', kind: 'Session' }, 60);
    expect(await records.find(id)).toMatchObject({ jti: id, uid: 'u-1', accountId: 'a-1' });
    expect(await records.findBy({ uid: 'u-1' })).toMatchObject({ jti: id, accountId: 'a-1' });
    const raw = JSON.stringify(await sessions().find({}).toArray());
    expect(raw).not.toContain(id);
    expect(await records.find('another')).toBeUndefined();
    await records.destroy(id);
    expect(await records.findBy({ uid: 'u-1' })).toBeUndefined();
  });

  it('keeps a grant under its id (no one presents it)', async () => {
    const grants = oidcRecords(store, 'Grant', box);
    await grants.upsert('g-1', { jti: 'g-1', kind: 'Grant', accountId: 'a-1' }, 60);
    expect(storedIdOf('Grant', 'g-1')).toBe('g-1');
    expect(await grants.find('g-1')).toMatchObject({ jti: 'g-1' });
  });

  it('re-stores records written under their plain ids once, and finds them after', async () => {
    const id = randomBytes(16).toString('base64url');
    const token = randomBytes(16).toString('base64url');
    const later = new Date(Date.now() + 60_000);
    await sessions().insertOne({
      _id: id,
      payload: { jti: id, uid: 'u-old', accountId: 'a-2', kind: 'Session' },
      expiresAt: later,
      uid: 'u-old',
    });
    await store
      .db()
      .collection<StoredDoc>(collectionName('RefreshToken'))
      .insertOne({
        _id: token,
        payload: { jti: token, kind: 'RefreshToken', grantId: 'g-2' },
        expiresAt: later,
      });
    // This database ran the migration at its first start (nothing to move then): run it as on an old one.
    await store
      .db()
      .collection('migrations')
      .deleteOne({ _id: 'oidc-hashed-ids-v1' as never });
    expect(await hashStoredOidcIds(store, box)).toBe(2);
    expect(await hashStoredOidcIds(store, box)).toBe(0);
    expect(await oidcRecords(store, 'Session', box).findBy({ uid: 'u-old' })).toMatchObject({ jti: id });
    expect(await oidcRecords(store, 'RefreshToken', box).find(token)).toMatchObject({
      jti: token,
      grantId: 'g-2',
    });
    const raw = JSON.stringify([
      ...(await sessions().find({}).toArray()),
      ...(await store.db().collection(collectionName('RefreshToken')).find({}).toArray()),
    ]);
    expect(raw).not.toContain(id);
    expect(raw).not.toContain(token);
  });
});
