import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { commandEnv, type TestHub } from '@edugraph/infra/testing';

const ENTRY = fileURLToPath(new URL('../../subgraphs/identity/src/reencrypt/main.ts', import.meta.url));

/** A run of identity's `npm run reencrypt` command: its output so far, and how it ended. */
export interface ReencryptRun {
  stdout: () => string;
  stderr: () => string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  kill: () => Promise<void>;
}

/** Starts the command as an operator runs it: its own process, identity's environment plus `env`. */
export function startReencrypt(hub: TestHub, env: Record<string, string>, args: string[] = []): ReencryptRun {
  let stdout = '';
  let stderr = '';
  const child = spawn(process.execPath, [ENTRY, ...args], {
    env: commandEnv(hub, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => (stdout += String(c)));
  child.stderr.on('data', (c: Buffer) => (stderr += String(c)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs the command to its end. */
export async function reencrypt(hub: TestHub, env: Record<string, string>, args: string[] = []) {
  const run = startReencrypt(hub, env, args);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}
