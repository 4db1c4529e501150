import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { DEMO_PASSWORD } from '@edugraph/infra';
import { quantile, startTestHub } from '@edugraph/infra/testing';
import { createTokenVerifier } from '@edugraph/shared';
import { hashPassword } from '../src/passwords.ts';

export const part = 'identity';

/**
 * Token verification cost per request (the shared verifier, as every subgraph and the
 * gateway run it) against the bare RS256 signature check of the same token (baseline), and
 * sign-in latency (the whole code + PKCE flow over HTTP) against one password hash (baseline).
 */
export async function run(): Promise<Record<string, unknown>> {
  const hub = await startTestHub({ services: ['identity'] });
  try {
    await hub.createUser({
      username: 'bench.user',
      displayName: '压测',
      kind: 'TEACHER',
      org: '330102',
      password: DEMO_PASSWORD,
    });
    const token = await hub.tokenFor({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['datacenter:read'],
    });
    const options = { issuer: hub.url('identity'), audience: 'urn:edugraph:graph' };
    const verifier = createTokenVerifier({ ...options, cacheSize: 0 });
    const cachedVerifier = createTokenVerifier(options);
    await verifier.verify(token); // fetches the JWKS once
    await cachedVerifier.verify(token);

    const jwks = (await (await fetch(`${hub.url('identity')}/jwks`)).json()) as {
      keys: Record<string, unknown>[];
    };
    const key = createPublicKey({ key: jwks.keys[0] as never, format: 'jwk' });
    const [h, p, s] = token.split('.');
    const data = Buffer.from(`${h}.${p}`);
    const signature = Buffer.from(s!, 'base64url');

    const iterations = 20_000;
    for (let i = 0; i < 2000; i += 1) await verifier.verify(token);
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i += 1) await verifier.verify(token);
    const verifyUs = Number(process.hrtime.bigint() - t0) / 1000 / iterations;
    t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i += 1) await cachedVerifier.verify(token);
    const cachedUs = Number(process.hrtime.bigint() - t0) / 1000 / iterations;
    t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i += 1) cryptoVerify('RSA-SHA256', data, key, signature);
    const rawUs = Number(process.hrtime.bigint() - t0) / 1000 / iterations;

    const logins: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const start = performance.now();
      await hub.signIn('bench.user', DEMO_PASSWORD);
      logins.push(performance.now() - start);
    }
    logins.sort((a, b) => a - b);
    const hashes: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const start = performance.now();
      await hashPassword(DEMO_PASSWORD);
      hashes.push(performance.now() - start);
    }
    hashes.sort((a, b) => a - b);
    const result = {
      tokenVerification: {
        verifierMicrosPerToken: +verifyUs.toFixed(1),
        cachedVerifierMicrosPerToken: +cachedUs.toFixed(2),
        baselineRawRs256MicrosPerToken: +rawUs.toFixed(1),
        ratioToBaseline: +(verifyUs / rawUs).toFixed(2),
        iterations,
      },
      signIn: {
        codeFlowMsMedian: +quantile(logins, 0.5).toFixed(1),
        codeFlowMsP95: +quantile(logins, 0.95).toFixed(1),
        baselineScryptHashMsMedian: +quantile(hashes, 0.5).toFixed(1),
        runs: logins.length,
      },
    };
    return result;
  } finally {
    await hub.stop();
  }
}
