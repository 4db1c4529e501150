import { ConfigError } from '@edugraph/shared';
import { describe, expect, it } from 'vitest';
import { readIdentityConfig } from '../src/config.ts';
import { createOrgTree } from '../src/orgTree.ts';

/** Where identity places organizations when no data center is configured, and the setting itself. */
describe('the organization tree without a data center', () => {
  const tree = createOrgTree({
    datacenterUrl: undefined,
    serviceToken: () => {
      throw new Error('no token is needed for regions');
    },
  });

  it('places a region by its code, the way the data center does', async () => {
    expect(await tree.resolve('330102')).toEqual({
      code: '330102',
      path: ['100000', '330000', '330100', '330102'],
    });
    expect((await tree.resolve('100000')).path).toEqual(['100000']);
  });

  it('refuses a school with an error saying the data center is not configured', async () => {
    await expect(tree.resolve('2133000001')).rejects.toMatchObject({
      message: expect.stringContaining('the data center is not configured (DATACENTER_URL)'),
      extensions: { code: 'SERVICE_UNAVAILABLE', field: 'organization' },
    });
  });

  it('names the field of a malformed organization', async () => {
    await expect(tree.resolve('21330', 'people[3].organization')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'people[3].organization' },
    });
    await expect(tree.resolve('990000')).rejects.toMatchObject({
      message: expect.stringContaining('99 is not a province code'),
    });
  });

  it('requires DATACENTER_URL in production and treats an empty one as unset elsewhere', () => {
    const issues = (env: Record<string, string>) => {
      try {
        readIdentityConfig(env);
        return [];
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return [...(err as ConfigError).issues];
      }
    };
    expect(issues({ NODE_ENV: 'production' })).toContainEqual(
      expect.stringMatching(/^DATACENTER_URL: required in production/),
    );
    const configured = { NODE_ENV: 'production', DATACENTER_URL: 'http://datacenter:4002/graphql' };
    expect(issues(configured).filter((i) => i.startsWith('DATACENTER_URL'))).toEqual([]);
    expect(readIdentityConfig({ NODE_ENV: 'test', DATACENTER_URL: '' }).DATACENTER_URL).toBeUndefined();
  });
});
