import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { composeSupergraph } from '@edugraph/gateway/compose';
import { GATEWAY_NODE_ARGS, serverEntry, serverSource } from '@edugraph/infra';
import { freePort } from '@edugraph/infra/testing';
import {
  cpuSeconds,
  peakRssMb,
  runLoad,
  startCandidate,
  stopCandidate,
  waitForGraphql,
  type Candidate,
} from '../candidates.ts';
import { summariseProfile } from '../profile.ts';
import { subgraphSdl, TEST_QUERY } from './schema.ts';

/**
 * The public gateway benchmark's scenario (graphql-hive/graphql-gateways-benchmark): its four
 * subgraphs (public/subgraphs.ts, one process of their own, answers kept after the first), its
 * heavy "TestQuery" with a unique variable per request, 10 connections; every answer compared
 * with the first one, whose data must equal stock Hive's. Candidates, one after the other: ours,
 * stock Hive (JS planner), stock Hive + router runtime, Apollo Gateway; then ours under
 * `--cpu-prof`.
 */
const CONNECTIONS = 10;
const here = join(import.meta.dirname, '..');

interface Figures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  readyMs: number;
  readyCpuMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  wrongAnswers: number;
}

async function startSubgraphs() {
  const names = Object.keys(subgraphSdl);
  const ports = await Promise.all(names.map(() => freePort()));
  const args = names.map((n, i) => `${n}=${ports[i]}`);
  const child = spawn(process.execPath, [join(import.meta.dirname, 'subgraphs.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`public subgraphs exited (${code})`)));
  });
  const composed = composeSupergraph(
    names.map((name, i) => ({ name, sdl: subgraphSdl[name]!, url: `http://127.0.0.1:${ports[i]}/graphql` })),
  );
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  return { child, supergraphSdl: composed.supergraphSdl };
}

const body = (nonce: string) => JSON.stringify({ query: TEST_QUERY, variables: { nonce } });
const headers = { 'content-type': 'application/json' };

async function answerOf(url: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers, body: body(`nonce-check-${Date.now()}`) });
  return res.text();
}

async function measure(c: Candidate, seconds: number, warmup: number, reference: unknown) {
  const t0 = Date.now();
  await waitForGraphql(c);
  const readyMs = Date.now() - t0;
  // CPU the process used to get ready: on a busy machine the wall time mostly waits for a core.
  const readyCpuMs = Math.round(1000 * cpuSeconds(c.child.pid!));
  const expected = await answerOf(c.url);
  const parsed = JSON.parse(expected) as { data?: unknown; errors?: unknown };
  if (parsed.errors || !parsed.data) throw new Error(`${c.name} answered ${expected.slice(0, 500)}`);
  if (reference !== undefined && !isDeepStrictEqual(parsed.data, reference))
    throw new Error(`${c.name}'s answer differs from the reference answer`);
  const requests = [{ body: body('__UNIQUE__'), headers }];
  await runLoad({ url: c.url, connections: CONNECTIONS, duration: warmup, requests });
  const pid = c.child.pid!;
  const before = cpuSeconds(pid);
  const load = await runLoad({ url: c.url, connections: CONNECTIONS, duration: seconds, requests, expected });
  const cpu = cpuSeconds(pid) - before;
  const figures: Figures = {
    rps: Math.round(load.rps),
    p50Ms: load.p50,
    p99Ms: load.p99,
    cpuMsPerRequest: Math.round((1e5 * cpu) / Math.max(1, load.requests)) / 100,
    peakRssMb: peakRssMb(pid),
    readyMs,
    readyCpuMs,
    requests: load.requests,
    non2xx: load.non2xx,
    errors: load.errors,
    wrongAnswers: load.wrongAnswers ?? 0,
  };
  if (load.sampleWrong) console.warn(`${c.name}: a wrong answer: ${load.sampleWrong}`);
  return { figures, data: parsed.data };
}

export async function runPublicScenario(opts: {
  seconds: number;
  warmup: number;
  rounds: number;
  dir: string;
}) {
  const subgraphs = await startSubgraphs();
  const supergraph = join(opts.dir, 'public-supergraph.graphql');
  writeFileSync(supergraph, subgraphs.supergraphSdl);
  const sg = ['--supergraph', supergraph, '--port'];
  // Ours with its production settings; only the cost limit and the rate limit raised (the
  // heavy query's estimate is above the default 5000, and the load comes from one address).
  const oursEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    MAX_COST: '1000000',
    RATE_LIMIT: '1000000000',
  };
  const specs: {
    key: string;
    label: string;
    start: (port: number, extra?: string[], entry?: string) => Candidate;
  }[] = [
    {
      key: 'hiveRouterRuntime',
      label: 'stock Hive Gateway + @graphql-hive/router-runtime',
      start: (p) =>
        startCandidate('hive-rr', [join(here, 'stockHive.ts'), ...sg, String(p), '--router-runtime'], {}, p),
    },
    {
      key: 'ours',
      label: 'EduGraph gateway (router runtime + our protections)',
      // index.ts: from the bundle when it is fresh (the setup builds it), as `npm start` does.
      start: (p, extra = [], entry = 'gateway/src/index.ts') =>
        startCandidate('ours', [...GATEWAY_NODE_ARGS, ...extra, entry, ...sg, String(p)], oursEnv, p),
    },
    {
      key: 'hive',
      label: 'stock Hive Gateway (JS planner)',
      start: (p) => startCandidate('hive', [join(here, 'stockHive.ts'), ...sg, String(p)], {}, p),
    },
    {
      key: 'apollo',
      label: '@apollo/gateway in @apollo/server',
      start: (p) => startCandidate('apollo', [join(here, 'apolloGateway.ts'), ...sg, String(p)], {}, p),
    },
  ];
  // BENCH_GATEWAY_CANDIDATES=ours,hiveRouterRuntime runs only those (quick checks while tuning).
  const only = process.env.BENCH_GATEWAY_CANDIDATES?.split(',');
  const chosen = only ? specs.filter((s) => only.includes(s.key)) : specs;
  const results: Record<string, Figures & { label: string; rounds: number[] }> = {};
  let reference: unknown;
  try {
    for (let round = 0; round < opts.rounds; round++) {
      for (const spec of chosen) {
        const c = spec.start(await freePort());
        try {
          const { figures, data } = await measure(c, opts.seconds, opts.warmup, reference);
          reference ??= data;
          const previous = results[spec.key];
          const rounds = [...(previous?.rounds ?? []), figures.rps];
          if (!previous || figures.rps > previous.rps)
            results[spec.key] = { label: spec.label, ...figures, rounds };
          else previous.rounds = rounds;
          console.log(`public round ${round + 1} ${spec.label}: ${JSON.stringify(figures)}`);
        } catch (err) {
          console.error(`public ${spec.label} failed: ${err instanceof Error ? err.message : String(err)}`);
        } finally {
          await stopCandidate(c);
        }
      }
    }
    const profileDir = join(opts.dir, 'public-profile');
    // From the sources (main.ts): the profile then names each package's functions (the bundle is one file).
    const profiled = specs[1]!.start(
      await freePort(),
      ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
      'gateway/src/main.ts',
    );
    try {
      await waitForGraphql(profiled);
      await runLoad({
        url: profiled.url,
        connections: CONNECTIONS,
        duration: opts.seconds,
        requests: [{ body: body('__UNIQUE__'), headers }],
      });
    } finally {
      await stopCandidate(profiled);
    }
    const ratio = (a?: number, b?: number) => (a && b ? Math.round((100 * a) / b) / 100 : null);
    const ours = results.ours;
    return {
      source: 'graphql-hive/graphql-gateways-benchmark (subgraphs reproduced in TypeScript, answers kept)',
      settings: {
        seconds: opts.seconds,
        warmupSeconds: opts.warmup,
        connections: CONNECTIONS,
        rounds: opts.rounds,
        oursFromBundle: serverEntry('gateway') !== serverSource('gateway'),
        oursNodeArgs: GATEWAY_NODE_ARGS,
      },
      results,
      ratios: {
        oursVsApollo: ratio(ours?.rps, results.apollo?.rps),
        oursVsStockHive: ratio(ours?.rps, results.hive?.rps),
        oursVsHiveRouterRuntime: ratio(ours?.rps, results.hiveRouterRuntime?.rps),
      },
      targets: {
        rpsVsApollo: 3.5,
        rpsVsHiveRouterRuntime: 1.0,
        cpuMsPerRequest: 3.5,
        peakRssMb: 350,
        readyMs: 1000,
      },
      oursProfile: summariseProfile(profileDir),
      profileDir,
    };
  } finally {
    subgraphs.child.kill('SIGTERM');
  }
}
