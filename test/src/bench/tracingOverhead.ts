import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, findSubgraphSources } from '@edugraph/gateway/compose';
import { startTestHub, type ServiceName } from '@edugraph/infra/testing';
import { startOtlpReceiver } from '../otlp/receiver.ts';
import { cpuSeconds, runLoad } from './gateway/candidates.ts';

/**
 * What tracing costs: `node test/src/bench/tracingOverhead.ts off on` starts identity +
 * datacenter + gateway (demo seed) once per mode — `off` (no OTEL_* set) and `on` (every
 * service exporting to an in-process OTLP receiver) — and drives a short hub-mix load through
 * the gateway; prints req/s, p50/p99 and CPU ms per request of each service process.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const QUERY = `query Students($region: String!) {
  me { id displayName organization roles }
  students(filter: { regionCode: $region }, first: 50) {
    totalCount
    edges { node { id name registryNumber school { id code name } class { id name grade } } }
  }
  region(code: "330000") { name indicators { schools students } }
}`;

const pidOnPort = (port: string) =>
  Number(/pid=(\d+)/.exec(execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' }))?.[1]);

async function run(mode: string) {
  const receiver = mode === 'on' ? await startOtlpReceiver() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'edugraph-otel-bench-'));
  const sources = findSubgraphSources().filter((s) => s.name === 'identity' || s.name === 'datacenter');
  const composed = composeSupergraph(sources);
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl);
  const hub = await startTestHub({
    services: ['identity', 'datacenter', 'gateway'],
    seed: true,
    name: `otel-${mode}`,
    env: receiver ? { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } : {},
    serviceEnv: { gateway: { SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'), RATE_LIMIT: '1000000000' } },
  });
  try {
    await hub.createUser({
      username: 'bench-otel',
      password: 'Bench-Password-9A',
      displayName: '压测',
      kind: 'ADMINISTRATOR',
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
    });
    const token = (await hub.signIn('bench-otel', 'Bench-Password-9A', ['datacenter:read'])).accessToken;
    const url = `${hub.url('gateway')}/graphql`;
    const requests = [
      {
        body: JSON.stringify({ query: QUERY, variables: { region: '330000' } }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
    ];
    await runLoad({ url, connections: 4, duration: 3, requests });
    const services: ServiceName[] = ['gateway', 'datacenter', 'identity'];
    const pids = services.map((s) => pidOnPort(new URL(hub.url(s)).port));
    const before = pids.map(cpuSeconds);
    const load = await runLoad({ url, connections: 4, duration: SECONDS, requests });
    const cpu = pids.map((pid, i) => ((cpuSeconds(pid) - before[i]!) * 1000) / Math.max(1, load.requests));
    console.log(
      JSON.stringify({
        mode,
        rps: Math.round(load.rps),
        p50: load.p50,
        p99: load.p99,
        non2xx: load.non2xx,
        cpuMsPerRequest: Object.fromEntries(services.map((s, i) => [s, Math.round(cpu[i]! * 100) / 100])),
        spansReceived: receiver?.spans.length,
      }),
    );
  } finally {
    await hub.stop();
    await receiver?.close();
  }
}

for (const mode of process.argv.slice(2)) await run(mode);
