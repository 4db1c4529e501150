import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './ports.ts';

/**
 * Debian's redis-server on a free 127.0.0.1 port, nothing kept on disk, for the tests of the
 * rate limits shared through Redis (gateway, identity). `scripts/setup.sh --redis` (run by `npm test`) installs it; without it the tests fail
 * saying so rather than being skipped.
 */
export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).error)
    throw new Error(
      'redis-server is not installed: run `bash scripts/setup.sh --redis` (Debian: apt-get install redis-server)',
    );
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
