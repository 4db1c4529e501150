import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startLauncher } from './launcherProcess.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start (the local launcher)', () => {
  it('brings up the embedded database and the services, prints where to go, and Ctrl-C stops everything', async () => {
    const launcher = await startLauncher();
    const { ports } = launcher;
    try {
      await launcher.banner();
      const output = launcher.output();
      expect(output, output).toContain('EduGraph hub is running');
      // The subgraphs start at once, then the gateway; each one's time to ready is printed.
      const ready = output.match(
        /every service ready in ([\d.]+) s \(identity ([\d.]+) s, datacenter ([\d.]+) s, resources ([\d.]+) s, spaces ([\d.]+) s, gateway ([\d.]+) s\)/,
      );
      expect(ready, output).not.toBeNull();
      // Started one after the other, the whole would be the sum of the five; together it is less.
      const [whole, ...each] = ready!.slice(1).map(Number);
      expect(whole).toBeLessThan(0.75 * each.reduce((a, b) => a + b, 0));
      expect(output).toContain(`http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`);
      expect(output).toContain(`http://127.0.0.1:${ports.IDENTITY_PORT}`);
      expect(output).toContain(`mongodb://127.0.0.1:${ports.EMBEDDED_DB_PORT}/`);
      // The embedded database really listens where the banner says.
      const probe = await import('mongoose');
      const conn = await probe.default
        .createConnection(`mongodb://127.0.0.1:${ports.EMBEDDED_DB_PORT}/`, { dbName: 'probe' })
        .asPromise();
      expect((await conn.db!.admin().command({ ping: 1 })).ok).toBe(1);
      await conn.close();
    } finally {
      expect(await launcher.stop(), launcher.output()).toBe(0);
    }
    expect(launcher.output()).toContain('edugraph: stopped.');
    // Nothing left listening on the database port.
    const srv = createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(ports.EMBEDDED_DB_PORT, '127.0.0.1', () => srv.close(() => resolve()));
    });
    expect(isAlive(launcher.pid)).toBe(false);
  });
});
