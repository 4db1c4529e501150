import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import jwt from 'jsonwebtoken';
import { MongoClient } from 'mongodb';
import { developmentEncryptionKey, keyRing } from '../src/encryptionKeyRing.ts';
import { createSecretBox } from '../src/secretBox.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ME = `{ me { id } users(first: 1) { totalCount } }`;

/** Forged tokens are refused over HTTP with 401 and the reason, never with data. */
describe('forged and invalid tokens', () => {
  let hub: TestHub;
  let good: string;
  let claims: jwt.JwtPayload;
  let realKey: KeyObject;
  let kid: string;

  beforeAll(async () => {
    hub = await startTestHub({ services: ['identity'] });
    good = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: ['identity:admin'] });
    const decoded = jwt.decode(good, { complete: true })!;
    claims = decoded.payload as jwt.JwtPayload;
    kid = decoded.header.kid!;
    // The provider's own signing key, read from its database: lets the test sign tokens that
    // are authentic but wrong in one claim (expired, audience, issuer).
    const client = await MongoClient.connect(hub.mongoUri);
    const doc = await client
      .db(databaseName(hub.dbPrefix, 'identity'))
      .collection<{ _id: string; sealed: string }>('keys')
      .findOne({ _id: kid });
    await client.close();
    // Stored encrypted; the test hub runs with the development key.
    const box = createSecretBox(keyRing(developmentEncryptionKey(hub.dbPrefix)));
    realKey = createPrivateKey({ key: JSON.parse(box.open(doc!.sealed, kid)) as never, format: 'jwk' });
  }, 120_000);
  afterAll(() => hub?.stop());

  const call = async (token: string) => {
    const res = await fetch(`${hub.url('identity')}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: ME }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] },
    };
  };
  const resign = (
    payload: jwt.JwtPayload,
    key: KeyObject | string = realKey,
    options: jwt.SignOptions = {},
  ) => jwt.sign(payload, key, { algorithm: 'RS256', keyid: kid, ...options });
  const expectRefused = async (token: string, reason: string) => {
    const { status, body } = await call(token);
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
  };

  it('accepts the real token', async () => {
    const { status, body } = await call(good);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('refuses alg none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...claims, org: '100000', org_path: ['100000'] })).toString(
      'base64url',
    );
    await expectRefused(`${header}.${payload}.`, 'unsupported algorithm');
  });

  it('refuses algorithm confusion (HS256 keyed with the public key)', async () => {
    const jwks = (await (await fetch(`${hub.url('identity')}/jwks`)).json()) as { keys: { kid: string }[] };
    const publicJwk = JSON.stringify(jwks.keys.find((k) => k.kid === kid));
    const token = jwt.sign({ ...claims }, publicJwk, { algorithm: 'HS256', keyid: kid });
    await expectRefused(token, 'unsupported algorithm');
  });

  it('refuses a token signed with another key under the real key id', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectRefused(resign({ ...claims }, privateKey), 'invalid signature');
  });

  it('refuses tampered claims', async () => {
    const [h, , s] = good.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...claims, org: '100000', org_path: ['100000'] })).toString(
      'base64url',
    );
    await expectRefused(`${h}.${tampered}.${s}`, 'invalid signature');
  });

  it('refuses expired tokens, wrong audience and wrong issuer even when signed with the real key', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(resign({ ...claims, iat: now - 7200, exp: now - 3600 }), 'token expired');
    await expectRefused(resign({ ...claims, aud: 'urn:someone:else' }), 'wrong audience');
    await expectRefused(resign({ ...claims, iss: 'http://127.0.0.1:1' }), 'wrong issuer');
  });

  it('refuses an unknown key id and a malformed header', async () => {
    await expectRefused(resign({ ...claims }, realKey, { keyid: 'nobody' }), 'unknown signing key');
    const res = await fetch(`${hub.url('identity')}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(401);
  });

  it('keeps old tokens valid across a signing-key rotation and signs new ones with the new key', async () => {
    const national = await hub.tokenFor({
      org: '100000',
      roles: ['NATIONAL_ADMIN'],
      scopes: ['identity:admin'],
    });
    const rotated = await hub.gql('identity', 'mutation { rotateSigningKey }', {}, national);
    expect(rotated.errors).toBeUndefined();
    const newKid = rotated.data!.rotateSigningKey as string;
    expect(newKid).not.toBe(kid);
    expect((await call(good)).status).toBe(200);
    const fresh = await hub.tokenFor({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['identity:admin'],
    });
    expect(jwt.decode(fresh, { complete: true })!.header.kid).toBe(newKid);
    expect((await call(fresh)).status).toBe(200);
    // A provincial administrator may not rotate the hub's keys.
    const refused = await hub.gql('identity', 'mutation { rotateSigningKey }', {}, fresh);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
