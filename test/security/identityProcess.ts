import { spawn } from 'node:child_process';
import { serverEntry } from '@edugraph/infra';
import { commandEnv, freePort, type TestHub } from '@edugraph/infra/testing';

/** From its bundle while fresh, as the launcher and the test hub start it. */
const ENTRY = serverEntry('subgraphs/identity');

/** An extra identity process started by a test: its URL, its output so far, and how it ended. */
export interface IdentityProcess {
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

/**
 * Starts another identity instance on the hub's database (as a second replica behind a load
 * balancer would be: same database, same issuer), with `env` on top.
 */
export async function startIdentityProcess(
  hub: TestHub,
  env: Record<string, string> = {},
): Promise<IdentityProcess> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [ENTRY], {
    env: commandEnv(hub, { LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => (output += String(c)));
  child.stderr.on('data', (c: Buffer) => (output += String(c)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resolves when the instance answers /readyz, or rejects with its output when it exits first. */
export async function readyOrExit(instance: IdentityProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void instance.exited.then(() => (ended = true));
  while (Date.now() < deadline) {
    if (ended) throw new Error(`identity exited: ${instance.output()}`);
    const ok = await fetch(`${instance.url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`identity not ready after ${timeoutMs} ms: ${instance.output()}`);
}
