import { randomBytes } from 'node:crypto';
import { clientCredentials, startTestHub, type TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptionKeyId, keyRing } from '../../subgraphs/identity/src/encryptionKeyRing.ts';
import { createSecretBox } from '../../subgraphs/identity/src/secretBox.ts';
import { reencrypt, startReencrypt } from './reencryptProcess.ts';

/**
 * Rotating IDENTITY_ENCRYPTION_KEY (left open by finding 10: one key could never change without
 * losing the secrets): the running identity service opens values under the previous keys of
 * the ring, `npm run reencrypt` moves them all under the current key (resumable, safe while
 * the service writes), after which the old key is dropped. Real processes throughout.
 */
const [keyA, keyB, keyC] = [randomBytes(32), randomBytes(32), randomBytes(32)];
const b64 = (key: Buffer) => key.toString('base64');
const [idA, idB, idC] = [keyA, keyB, keyC].map(encryptionKeyId) as [string, string, string];
const READ = ['datacenter:read'];
const header = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());

describe('rotating the key that encrypts identity secrets at rest', () => {
  // The identity process's environment; read again at every restart of the hub's identity.
  const identityEnv: Record<string, string> = { IDENTITY_ENCRYPTION_KEY: b64(keyA) };
  let hub: TestHub;
  let conn: mongoose.Connection;
  let signingKid: string;
  const clients: { clientId: string; clientSecret: string }[] = [];

  const restartIdentity = async (current: Buffer, ...previous: Buffer[]) => {
    await hub.kill('identity');
    identityEnv.IDENTITY_ENCRYPTION_KEY = b64(current);
    identityEnv.IDENTITY_ENCRYPTION_PREVIOUS_KEYS = previous.map(b64).join(',');
    await hub.restart('identity');
  };
  /** How many stored secrets are under each key id. */
  const storedKeyIds = async () => {
    const counts: Record<string, number> = {};
    const keys = await conn.db!.collection('keys').find({}).toArray();
    const secrets = await conn
      .db!.collection('clients')
      .find({ clientSecret: { $ne: null } })
      .toArray();
    for (const value of [...keys.map((k) => k.sealed), ...secrets.map((c) => c.clientSecret)]) {
      const id = String(value).split(':')[2]!;
      counts[id] = (counts[id] ?? 0) + 1;
    }
    return counts;
  };
  const tokenWith = (c: { clientId: string; clientSecret: string }) =>
    clientCredentials(hub.url('identity'), c.clientId, c.clientSecret, READ);
  const register = (name: string) =>
    hub.registerServiceClient({ org: '330000', roles: ['SERVICE'], scopes: READ, name });
  const ringEnv = (current: Buffer, ...previous: Buffer[]) => ({
    IDENTITY_ENCRYPTION_KEY: b64(current),
    IDENTITY_ENCRYPTION_PREVIOUS_KEYS: previous.map(b64).join(','),
  });

  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity'],
      name: 'keyrot',
      serviceEnv: { identity: identityEnv },
    });
    conn = await mongoose
      .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'identity'), retryWrites: false })
      .asPromise();
    // Secrets written by the service under key A: 30 sync clients and the provider's keys.
    for (let i = 0; i < 30; i += 1) clients.push(await register(`sync ${i}`));
    signingKid = header((await tokenWith(clients[0]!)).accessToken).kid;
  }, 180_000);
  afterAll(async () => {
    await conn?.close();
    await hub?.stop();
  });

  it('reads secrets written under key A after rotating to key B with A kept as a previous key', async () => {
    expect(Object.keys(await storedKeyIds())).toEqual([idA]);
    await restartIdentity(keyB, keyA);
    const token = await tokenWith(clients[0]!);
    // Same signing key: it was opened with A, nobody is logged out.
    expect(header(token.accessToken).kid).toBe(signingKid);
    clients.push(await register('written under B'));
    const stored = await conn.db!.collection('clients').findOne({ clientId: clients.at(-1)!.clientId });
    expect(String(stored!.clientSecret)).toMatch(new RegExp(`^enc:v2:${idB}:`));
    expect(await storedKeyIds()).toMatchObject({ [idA]: 32 });
  });

  it('resumes an interrupted re-encryption, and the second run does only what was left', async () => {
    const first = startReencrypt(hub, ringEnv(keyB, keyA), ['--batch-size', '5', '--pause-ms', '300']);
    const started = Date.now();
    while (!/clients\.clientSecret: \d+ of \d+ checked, (1\d|[5-9]) re-encrypted/.test(first.stderr())) {
      expect(Date.now() - started, first.stderr()).toBeLessThan(60_000);
      await new Promise((r) => setTimeout(r, 50));
    }
    await first.kill();
    const partial = await storedKeyIds();
    expect(partial[idA]).toBeGreaterThan(0);
    expect(partial[idA]).toBeLessThan(32);
    const check = await reencrypt(hub, ringEnv(keyB, keyA), ['--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      `${partial[idA]} values are not under key ${idB} yet (run without --check)`,
    );
    const second = await reencrypt(hub, ringEnv(keyB, keyA));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`re-encrypted ${partial[idA]} values under key ${idB}`);
    expect(second.stdout).toContain(`every value is under key ${idB}: the previous keys can be dropped`);
    expect(Object.keys(await storedKeyIds())).toEqual([idB]);
    const again = await reencrypt(hub, ringEnv(keyB, keyA));
    expect(again.stdout).toContain(`re-encrypted 0 values under key ${idB}`);
  });

  it('drops key A once the command has moved everything to B: every secret and the signing key still work', async () => {
    const check = await reencrypt(hub, ringEnv(keyB), ['--check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    await restartIdentity(keyB);
    for (const c of clients) expect((await tokenWith(c)).accessToken).toBeTruthy();
    expect(header((await tokenWith(clients[0]!)).accessToken).kid).toBe(signingKid);
  });

  it('refuses to re-encrypt when a value is under a key the ring lacks, naming the record and field, writing nothing', async () => {
    await restartIdentity(keyC, keyB);
    const stray = createSecretBox(keyRing(randomBytes(32)));
    const strayId = stray.keyId;
    await conn.db!.collection('clients').insertOne({
      clientId: 'stray-key-client',
      clientSecret: stray.seal('stray-secret-0123456789', 'stray-key-client'),
      name: 'Stray',
      kind: 'SERVICE',
      organization: '330000',
      orgPath: ['100000', '330000'],
      disabled: false,
    });
    const before = await storedKeyIds();
    const run = await reencrypt(hub, ringEnv(keyC, keyB));
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `refused: client stray-key-client, field clients.clientSecret: cannot decrypt the secret of stray-key-client with IDENTITY_ENCRYPTION_KEY or IDENTITY_ENCRYPTION_PREVIOUS_KEYS: it was encrypted with key ${strayId}, which is not in the ring [${idC} (IDENTITY_ENCRYPTION_KEY), ${idB} (IDENTITY_ENCRYPTION_PREVIOUS_KEYS entry 1)]`,
    );
    expect(run.stdout).toContain('nothing was re-encrypted');
    expect(await storedKeyIds()).toEqual(before);
    await conn.db!.collection('clients').deleteOne({ clientId: 'stray-key-client' });
  });

  it('keeps the running service signing tokens, registering clients and rotating secrets while it re-encrypts', async () => {
    const admin = await hub.tokenFor({
      org: '100000',
      roles: ['NATIONAL_ADMIN'],
      scopes: ['identity:admin'],
    });
    const run = startReencrypt(hub, ringEnv(keyC, keyB), ['--batch-size', '3', '--pause-ms', '100']);
    // Traffic starts once the command rewrites clients, so the two meet in the middle.
    while (!/clients\.clientSecret: \d+ of/.test(run.stderr())) {
      expect(await Promise.race([run.exited, new Promise((r) => setTimeout(() => r('running'), 50))])).toBe(
        'running',
      );
    }
    let finished = false;
    void run.exited.then(() => (finished = true));
    const failures: string[] = [];
    let rounds = 0;
    const underB = [...clients];
    while (!finished && rounds < underB.length) {
      // From the last client back: the command walks them from the first, so both meet.
      const c = underB[underB.length - 1 - rounds]!;
      try {
        expect((await tokenWith(c)).accessToken).toBeTruthy();
        const rotated = await hub.gql(
          'identity',
          'mutation($id: ID!) { rotateClientSecret(clientId: $id) { clientSecret } }',
          { id: c.clientId },
          admin,
        );
        c.clientSecret = (rotated.data!.rotateClientSecret as { clientSecret: string }).clientSecret;
        expect((await tokenWith(c)).accessToken).toBeTruthy();
        clients.push(await register(`during the run ${rounds}`));
      } catch (err) {
        failures.push(`${c.clientId}: ${(err as Error).message}`);
      }
      rounds += 1;
    }
    expect(await run.exited, run.stderr()).toBe(0);
    expect(run.stdout()).toContain(`every value is under key ${idC}`);
    expect(failures).toEqual([]);
    expect(rounds).toBeGreaterThan(3);
    expect(Object.keys(await storedKeyIds())).toEqual([idC]);
    // The secrets rotated during the run are the ones that work: none was overwritten.
    for (const c of clients) expect((await tokenWith(c)).accessToken).toBeTruthy();
  }, 240_000);
});
