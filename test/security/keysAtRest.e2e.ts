import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { clientCredentials, startTestHub, type TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyOrExit, startIdentityProcess, type IdentityProcess } from './identityProcess.ts';

/**
 * Finding 10: signing keys and client secrets sat in plain text in a database without
 * authentication, and a key rotation reached only the instance that served it. Secrets are
 * encrypted with IDENTITY_ENCRYPTION_KEY (the test hub runs with the development key); every
 * instance picks up a rotation within KEYS_REFRESH_SECONDS.
 */
interface KeyRow {
  _id: string;
  kind: string;
  jwk: Record<string, unknown>;
  sealed?: string;
  createdAt: Date;
}

/** The exit code, or 'still running' when the instance did not stop by itself. */
const exitCodeWithin = (instance: IdentityProcess, ms: number) =>
  Promise.race([instance.exited, new Promise((r) => setTimeout(() => r('still running'), ms))]);
const header = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());

describe('identity secrets at rest and key rotation', () => {
  let hub: TestHub;
  let db: mongoose.mongo.Db;
  let conn: mongoose.Connection;
  const extra: IdentityProcess[] = [];
  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity'],
      serviceEnv: { identity: { KEYS_REFRESH_SECONDS: '1' } },
    });
    conn = await mongoose
      .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'identity') })
      .asPromise();
    db = conn.db!;
  }, 180_000);
  afterAll(async () => {
    await Promise.all(extra.map((p) => p.stop()));
    await conn?.close();
    await hub?.stop();
  });

  it('stores signing keys, cookie keys and client secrets only encrypted', async () => {
    const { clientId, clientSecret } = await hub.registerServiceClient({
      org: '330000',
      roles: ['SERVICE'],
      scopes: ['datacenter:read'],
    });
    const keys = await db.collection('keys').find({}).toArray();
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const key of keys) {
      expect(String(key.sealed)).toMatch(/^enc:v2:[0-9a-f]{12}:/);
      expect(key.secret).toBeUndefined();
      expect(key.jwk?.d).toBeUndefined();
    }
    const stored = await db.collection('clients').findOne({ clientId });
    expect(String(stored!.clientSecret)).toMatch(/^enc:v2:[0-9a-f]{12}:/);
    expect(JSON.stringify(stored)).not.toContain(clientSecret);
    // …and the secret still works.
    const token = await clientCredentials(hub.url('identity'), clientId, clientSecret, ['datacenter:read']);
    expect(token.accessToken).toBeTruthy();
  });

  it('encrypts keys and secrets stored in plain text before, at start, and they keep working', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = 'legacy-plaintext-key';
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
    await db.collection<KeyRow>('keys').insertOne({
      _id: kid,
      kind: 'signing',
      jwk,
      createdAt: new Date(),
    });
    const secret = 'legacy-secret-in-plain-text-0123';
    await db.collection('clients').insertOne({
      clientId: 'legacy-plain',
      clientSecret: secret,
      name: 'Legacy sync',
      kind: 'SERVICE',
      organization: '330000',
      orgPath: ['100000', '330000'],
      scopes: ['datacenter:read'],
      roles: ['SERVICE'],
      redirectUris: [],
      postLogoutRedirectUris: [],
      firstParty: false,
      disabled: false,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await hub.kill('identity');
    await hub.restart('identity');
    const key = await db.collection<KeyRow>('keys').findOne({ _id: kid });
    expect(String(key!.sealed)).toMatch(/^enc:v2:[0-9a-f]{12}:/);
    expect(key!.jwk.d).toBeUndefined();
    const client = await db.collection('clients').findOne({ clientId: 'legacy-plain' });
    expect(String(client!.clientSecret)).toMatch(/^enc:v2:[0-9a-f]{12}:/);
    const token = await clientCredentials(hub.url('identity'), 'legacy-plain', secret, ['datacenter:read']);
    expect(header(token.accessToken).kid).toBe(kid);
  });

  it('refuses to start in production without IDENTITY_ENCRYPTION_KEY, naming it', async () => {
    const instance = await startIdentityProcess(hub, { NODE_ENV: 'production' });
    extra.push(instance);
    expect(await exitCodeWithin(instance, 30_000)).not.toBe(0);
    expect(instance.output()).toMatch(/IDENTITY_ENCRYPTION_KEY: is required in production/);
  });

  it('refuses to start with a key that does not open the stored secrets', async () => {
    const instance = await startIdentityProcess(hub, {
      IDENTITY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    extra.push(instance);
    expect(await exitCodeWithin(instance, 30_000)).not.toBe(0);
    expect(instance.output()).toMatch(/cannot decrypt .* with IDENTITY_ENCRYPTION_KEY/);
  });

  it('a key rotated through one instance reaches another within KEYS_REFRESH_SECONDS, without a restart', async () => {
    const other = await startIdentityProcess(hub, { KEYS_REFRESH_SECONDS: '1' });
    extra.push(other);
    await readyOrExit(other);
    const national = await hub.tokenFor({
      org: '100000',
      roles: ['NATIONAL_ADMIN'],
      scopes: ['identity:admin'],
    });
    const rotated = await hub.gql('identity', 'mutation { rotateSigningKey }', {}, national);
    expect(rotated.errors).toBeUndefined();
    const kid = rotated.data!.rotateSigningKey as string;
    const started = Date.now();
    let published = false;
    while (!published && Date.now() - started < 5000) {
      const jwks = (await (await fetch(`${other.url}/jwks`)).json()) as { keys: { kid: string }[] };
      published = jwks.keys.some((k) => k.kid === kid);
      if (!published) await new Promise((r) => setTimeout(r, 200));
    }
    expect(published).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    const { clientId, clientSecret } = await hub.registerServiceClient({
      org: '330000',
      roles: ['SERVICE'],
      scopes: ['datacenter:read'],
    });
    const fromOther = await clientCredentials(other.url, clientId, clientSecret, ['datacenter:read']);
    expect(header(fromOther.accessToken).kid).toBe(kid);
    // A token the first instance signs with the new key is accepted by the other one's graph.
    const fromFirst = await hub.tokenFor({
      org: '100000',
      roles: ['NATIONAL_ADMIN'],
      scopes: ['identity:admin'],
    });
    expect(header(fromFirst).kid).toBe(kid);
    const res = await fetch(`${other.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fromFirst}` },
      body: JSON.stringify({ query: '{ clients { clientId } }' }),
    });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
  });

  it('lets only a national administrator rotate the signing key', async () => {
    const provincial = await hub.tokenFor({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['identity:admin'],
    });
    const refused = await hub.gql('identity', 'mutation { rotateSigningKey }', {}, provincial);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
