import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen } from '@edugraph/shared/lifecycle';

export interface RoundRobinProxy {
  url: string;
  /** Which backend (index) served each request so far, in order. */
  served: number[];
  /**
   * Holds every answer backend `index` gives from now on: the backend did the work, the client
   * still waits — what a client sees of an instance that dies after writing, before answering.
   */
  holdAnswers(index: number): void;
  /** The backends whose answers are held now, one entry per held answer. */
  held: number[];
  /** Cuts the held answers' connections (their clients see the connection drop) and holds no more. */
  dropHeld(): void;
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * A load balancer for tests: each request goes to the next backend in turn (round robin), over a
 * fresh connection. A backend that refuses the connection (stopped) is skipped and the request
 * sent to the next one, which is safe: the refused one never saw it. Any other failure is a 502,
 * as a real load balancer answers, for the client to retry.
 */
export async function startRoundRobinProxy(
  port: number,
  backends: readonly string[],
): Promise<RoundRobinProxy> {
  let next = 0;
  const served: number[] = [];
  const holding = new Set<number>();
  const held: number[] = [];
  const heldAnswers: ServerResponse[] = [];

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, attempt: number) => {
    const index = next++ % backends.length;
    const target = new URL(req.url ?? '/', backends[index]);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
    );
    const upstream = request(
      target,
      { method: req.method, headers: { ...headers, connection: 'close' }, agent: false },
      (answer) => {
        served.push(index);
        if (holding.has(index)) {
          answer.resume();
          held.push(index);
          heldAnswers.push(res);
          return;
        }
        const out = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
        );
        res.writeHead(answer.statusCode ?? 502, out as Record<string, string>);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && attempt + 1 < backends.length) {
        forward(req, body, res, attempt + 1);
        return;
      }
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`bad gateway: ${err.message}`);
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => forward(req, body, res, 0),
      () => res.destroy(),
    );
  });
  const url = await listen(server, port, '127.0.0.1');
  const dropHeld = () => {
    holding.clear();
    for (const res of heldAnswers.splice(0)) res.destroy();
    held.splice(0);
  };
  return {
    url,
    served,
    holdAnswers: (index) => holding.add(index),
    held,
    dropHeld,
    stop: () => {
      dropHeld();
      return closeServer(server, 1000);
    },
  };
}
