import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@edugraph/infra';
import { freePort } from '@edugraph/infra/testing';

const PORTS = [
  'GATEWAY_PORT',
  'IDENTITY_PORT',
  'DATACENTER_PORT',
  'RESOURCES_PORT',
  'SPACES_PORT',
  'EMBEDDED_DB_PORT',
] as const;

/** A run of `npm start`'s launcher, as a user starts it. */
export interface LauncherRun {
  ports: Record<(typeof PORTS)[number], number>;
  pid: number;
  /** Everything printed so far (stdout and stderr). */
  output: () => string;
  /** Resolves once the banner is printed (or the launcher exited, or 150 s passed). */
  banner: () => Promise<void>;
  /** Ctrl-C, then the exit code; the data directory is removed. */
  stop: () => Promise<number | null>;
}

/** The launcher on free ports with its own embedded database and a 200-student demo seed. */
export async function startLauncher(): Promise<LauncherRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'edugraph-launcher-'));
  const ports = Object.fromEntries(
    await Promise.all(PORTS.map(async (name) => [name, await freePort()] as const)),
  ) as LauncherRun['ports'];
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
  return {
    ports,
    pid: child.pid!,
    output: () => output,
    banner: async () => {
      const deadline = Date.now() + 150_000;
      while (!output.includes('Press Ctrl-C') && Date.now() < deadline && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 200));
    },
    stop: async () => {
      child.kill('SIGINT');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
