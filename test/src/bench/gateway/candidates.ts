import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@edugraph/infra';

/** A process under measurement: started, polled until ready, its CPU and peak memory read from /proc. */
export interface Candidate {
  name: string;
  child: ChildProcess;
  url: string;
  output: string[];
}

export function startCandidate(
  name: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  graphqlPath = '/graphql',
): Candidate {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { name, child, url: `http://127.0.0.1:${port}${graphqlPath}`, output };
}

/** Ready when it answers `{ __typename }` over HTTP. */
export async function waitForGraphql(c: Candidate, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (c.child.exitCode !== null) throw new Error(`${c.name} exited: ${c.output.join('').slice(-2000)}`);
    try {
      const res = await fetch(c.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
        signal: AbortSignal.timeout(2000),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${c.name} not ready at ${c.url}: ${c.output.join('').slice(-2000)}`);
}

export async function stopCandidate(c: Candidate): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  const exited = new Promise((r) => c.child.once('exit', r));
  c.child.kill('SIGTERM');
  const timer = setTimeout(() => c.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const CLOCK_TICKS = 100;

/** User + system CPU seconds used so far by a process. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Peak resident memory (VmHWM) in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Answers that differ from `expected` (when given). */
  wrongAnswers?: number;
  sampleWrong?: string;
}

/** Runs autocannon in its own process (test/src/bench/gateway/load.ts). */
export async function runLoad(spec: {
  url: string;
  connections: number;
  duration: number;
  requests: { body: string; headers: Record<string, string> }[];
  expected?: string;
}): Promise<LoadResult> {
  // A file, not an argument: an expected answer can be larger than one argument may be (128 kB).
  const specFile = join(mkdtempSync(join(tmpdir(), 'edugraph-load-')), 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const child = spawn(process.execPath, [join(import.meta.dirname, 'load.ts'), specFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`load generator failed (${code}): ${out}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult;
}
