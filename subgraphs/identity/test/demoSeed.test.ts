import { clientCredentials, codeFlow, startTestHub, type TestHub } from '@edugraph/infra/testing';
import { DEMO_ACCOUNTS, DEMO_CLIENTS, DEMO_PASSWORD } from '@edugraph/infra';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The launcher's demo identities work: every account signs in, the service clients get tokens. */
describe('identity demo seed', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ services: ['identity'], seed: true });
  }, 120_000);
  afterAll(() => hub?.stop());

  it("every demo account signs in with its roles, linked accounts carry a person number, and only the parent's token carries it", async () => {
    for (const account of DEMO_ACCOUNTS) {
      const tokens = await hub.signIn(account.username, DEMO_PASSWORD);
      const claims = jwt.decode(tokens.accessToken) as jwt.JwtPayload;
      expect(claims.roles, account.username).toEqual(account.roles);
      expect(claims.org).toBe(account.org);
      if (account.link) {
        const me = await hub.gql('identity', '{ me { displayName personNumber } }', {}, tokens.accessToken);
        const number = me.data!.me.personNumber as string;
        expect(number).toMatch(
          {
            firstTeacher: /^2133000001\d{4}$/,
            firstStudent: /^G\d{18}$/,
            firstGuardian: /^JH2133000001\d{5}$/,
          }[account.link],
        );
        expect(me.data!.me.displayName).not.toMatch(/first/);
        // A parent's token names its guardian record (User.children); nobody else's carries a number.
        expect(claims.person, account.username).toBe(account.link === 'firstGuardian' ? number : undefined);
      }
    }
  });

  it('the demo sync and platform clients get client-credentials tokens', async () => {
    const sync = await clientCredentials(
      hub.url('identity'),
      DEMO_CLIENTS.sync.clientId,
      DEMO_CLIENTS.sync.clientSecret,
      ['datacenter:write'],
    );
    expect(jwt.decode(sync.accessToken)).toMatchObject({ org: '330000', scope: 'datacenter:write' });
    const platform = await clientCredentials(
      hub.url('identity'),
      DEMO_CLIENTS.platform.clientId,
      DEMO_CLIENTS.platform.clientSecret,
      ['datacenter:read'],
    );
    expect(jwt.decode(platform.accessToken)).toMatchObject({ org_path: ['100000', '330000'] });
  });

  it('the demo portal is the hub’s own (first-party): teachers sign in without a consent page', async () => {
    const tokens = await codeFlow({
      issuer: hub.url('identity'),
      clientId: DEMO_CLIENTS.portal.clientId,
      redirectUri: DEMO_CLIENTS.portal.redirectUris[0]!,
      username: 'demo.teacher',
      password: DEMO_PASSWORD,
      scope: 'openid profile datacenter:read',
    });
    expect(tokens.consentPage).toBeUndefined();
    expect(String((jwt.decode(tokens.accessToken) as jwt.JwtPayload).scope)).toContain('datacenter:read');
  });
});
