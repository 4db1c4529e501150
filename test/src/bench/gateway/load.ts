import autocannon from 'autocannon';

/**
 * The load generator, run as its own process so it does not share an event loop with what it
 * measures. Reads `{ url, requests, connections, duration }` as JSON from argv[2] and prints
 * autocannon's figures as one JSON line.
 */
interface LoadSpec {
  url: string;
  connections: number;
  duration: number;
  requests: { body: string; headers: Record<string, string> }[];
}

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  timeout: 30,
  requests: spec.requests.map((r) => ({ method: 'POST', body: r.body, headers: r.headers })),
});
console.log(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
