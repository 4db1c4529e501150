import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/**
 * The load generator, run as its own process so it does not share an event loop with what it
 * measures. Reads `{ url, requests, connections, duration, expected? }` as JSON from the file argv[2] and
 * prints autocannon's figures as one JSON line. A request body holding `__UNIQUE__` gets a new
 * value there for every request sent (`nonce-<run>-<n>`); with `expected` (the answer's text),
 * every answer is compared with it and the ones that differ are counted (`wrongAnswers`).
 */
interface LoadSpec {
  url: string;
  connections: number;
  duration: number;
  requests: { body: string; headers: Record<string, string> }[];
  expected?: string;
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
const run = Date.now().toString(36);
let sent = 0;
let wrongAnswers = 0;
let sampleWrong: string | undefined;
const check = (_status: number, body: string) => {
  if (body !== spec.expected) {
    wrongAnswers++;
    sampleWrong ??= body.slice(0, 500);
  }
};
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  timeout: 30,
  requests: spec.requests.map((r) => ({
    method: 'POST',
    body: r.body,
    headers: r.headers,
    ...(r.body.includes('__UNIQUE__')
      ? { setupRequest: (req) => ({ ...req, body: r.body.replace('__UNIQUE__', `nonce-${run}-${++sent}`) }) }
      : {}),
    ...(spec.expected !== undefined ? { onResponse: check } : {}),
  })),
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
    ...(spec.expected !== undefined ? { wrongAnswers, sampleWrong } : {}),
  }),
);
