import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child process of the launcher whose output is prefixed with its name. */
export interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const colors = [36, 35, 33, 32, 34, 31];

export function startProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  index: number,
): Managed {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const color = colors[index % colors.length];
  const prefix = process.stdout.isTTY ? `\x1b[${color}m${name.padEnd(10)}\x1b[0m│ ` : `${name.padEnd(10)}| `;
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(prefix + line + '\n'));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, exited };
}

export async function stopProcess(m: Managed, graceMs = 10_000): Promise<void> {
  if (m.child.exitCode !== null || m.child.signalCode !== null) return;
  m.child.kill('SIGTERM');
  const timer = setTimeout(() => m.child.kill('SIGKILL'), graceMs);
  await m.exited;
  clearTimeout(timer);
}

/** Polls `GET url` until it answers 2xx; fails early when the process exits. */
export async function waitUntilReady(url: string, m: Managed, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void m.exited.then(() => (exitedEarly = true));
  let last = '';
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`${m.name} exited before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${m.name} not ready at ${url} after ${timeoutMs} ms (${last})`);
}

/** Runs a script to completion (seeding), with prefixed output. */
export async function runToCompletion(
  name: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  index: number,
): Promise<void> {
  const m = startProcess(name, args, env, cwd, index);
  const code = await m.exited;
  if (code !== 0) throw new Error(`${name} failed with exit code ${code}`);
}
