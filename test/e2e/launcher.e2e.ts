import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@edugraph/infra';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

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
    const dataDir = mkdtempSync(join(tmpdir(), 'edugraph-launcher-'));
    const ports = {
      GATEWAY_PORT: await freePort(),
      IDENTITY_PORT: await freePort(),
      DATACENTER_PORT: await freePort(),
      RESOURCES_PORT: await freePort(),
      SPACES_PORT: await freePort(),
      EMBEDDED_DB_PORT: await freePort(),
    };
    const env = {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      EDUGRAPH_DATA_DIR: dataDir,
      SEED_STUDENTS: '200',
      LOG_LEVEL: 'warn',
    };
    delete env.MONGODB_URI;
    const child = spawn(process.execPath, [join(repoRoot, 'infra/src/launcher/main.ts')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 150_000;
      while (!output.includes('Press Ctrl-C') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 200));
      }
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
      child.kill('SIGINT');
      const code = await exited;
      expect(code, output).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(output).toContain('edugraph: stopped.');
    // Nothing left listening on the database port.
    const srv = createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(ports.EMBEDDED_DB_PORT, '127.0.0.1', () => srv.close(() => resolve()));
    });
    expect(isAlive(child.pid!)).toBe(false);
  });
});
