import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CLIENTS, repoRoot, serverSource } from '@edugraph/infra';
import { startTestHub } from '@edugraph/infra/testing';
import { bundleOf } from '@edugraph/shared/bundle';
import { startLauncher } from './launcherProcess.ts';

/** Builds the bundles that are not fresh, as the setup does (quick when they all are). */
const buildBundles = (...names: string[]) =>
  execFileSync(process.execPath, [join(repoRoot, 'infra/scripts/bundle/main.ts'), ...names], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 180_000,
  });

const commandLineOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');

/**
 * Each service's server and seed start from the bundle the setup builds (docs/decisions/0006),
 * and never from a bundle older than one of its sources.
 */
describe('the services started from their bundles', () => {
  it('starts every service and seed from its bundle, and the graph answers with a token from identity', async () => {
    buildBundles();
    const launcher = await startLauncher();
    const { ports } = launcher;
    try {
      await launcher.banner();
      const output = launcher.output();
      expect(output, output).toContain(
        'from their bundles: identity, identity:seed, datacenter, datacenter:seed, resources, ' +
          'resources:seed, spaces, spaces:seed, gateway; from the sources: none',
      );
      expect(output, output).toContain('every service ready in');
      // Identity issues the token, the gateway checks it and asks the three other subgraphs.
      const { clientId, clientSecret } = DEMO_CLIENTS.platform;
      const token = await fetch(`http://127.0.0.1:${ports.IDENTITY_PORT}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: 'datacenter:read resources:read spaces:read',
        }),
      });
      expect(token.status).toBe(200);
      const { access_token } = (await token.json()) as { access_token: string };
      const res = await fetch(`http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ regions(first: 1) { nodes { code } } resources(first: 1) { edges { node { id } } } ' +
            'mySpaces(first: 1) { edges { node { id } } } }',
        }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data.regions.nodes).toEqual([{ code: '330000' }]);
      expect(body.data.resources.edges).toHaveLength(1);
      expect(body.data.mySpaces.edges).toEqual([]);
    } finally {
      expect(await launcher.stop(), launcher.output()).toBe(0);
    }
  });

  it('starts a service from its sources once a file its bundle holds changed, and from the bundle once rebuilt', async () => {
    buildBundles('subgraphs/resources/');
    // A file of the resources server's bundle (and of its seed's), given a new time stamp.
    const edited = join(repoRoot, 'subgraphs/resources/src/usage.ts');
    const { atime, mtime } = statSync(edited);
    const hub = await startTestHub({ services: ['resources'], seed: true, name: 'stale-bundle' });
    try {
      const bundle = bundleOf(serverSource('subgraphs/resources')).file;
      expect(commandLineOf(hub.pid('resources')!)).toContain(bundle);
      utimesSync(edited, atime, new Date(mtime.getTime() + 60_000));
      await hub.kill('resources');
      await hub.restart('resources');
      expect(commandLineOf(hub.pid('resources')!)).toContain(serverSource('subgraphs/resources'));
      expect((await fetch(`${hub.url('resources')}/readyz`)).status).toBe(200);
      buildBundles('subgraphs/resources/');
      await hub.kill('resources');
      await hub.restart('resources');
      expect(commandLineOf(hub.pid('resources')!)).toContain(bundle);
    } finally {
      await hub.stop();
      utimesSync(edited, atime, mtime);
      buildBundles('subgraphs/resources/');
    }
  });
});
