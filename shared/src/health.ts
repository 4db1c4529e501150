import type { IncomingMessage, ServerResponse } from 'node:http';

/** A named dependency check for readiness; throws (or rejects) when the dependency is down. */
export type ReadinessCheck = { name: string; check: () => Promise<void> | void };

export interface HealthOptions {
  service: string;
  checks: readonly ReadinessCheck[];
  /** Per-check time limit, so a hung dependency makes readiness fail rather than hang. */
  timeoutMs?: number;
  /**
   * Whether this request may see each check and its error (addresses of dependencies);
   * others get only ready / not ready. Default: everyone.
   */
  detailAccess?: (req: IncomingMessage) => boolean;
}

async function runCheck(
  c: ReadinessCheck,
  timeoutMs: number,
): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(c.check),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { name: c.name, ok: true };
  } catch (err) {
    return { name: c.name, ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Handles `GET /healthz` (the process is alive) and `GET /readyz` (every dependency answers;
 * which one failed and why only for callers with `detailAccess`).
 * Returns true when it answered the request.
 */
export function createHealthHandler(options: HealthOptions) {
  const timeoutMs = options.timeoutMs ?? 2000;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (path === '/healthz') {
      send(res, 200, { status: 'ok', service: options.service });
      return true;
    }
    if (path === '/readyz') {
      const results = await Promise.all(options.checks.map((c) => runCheck(c, timeoutMs)));
      const ready = results.every((r) => r.ok);
      const status = ready ? 'ready' : 'not ready';
      const detailed = options.detailAccess?.(req) ?? true;
      send(
        res,
        ready ? 200 : 503,
        detailed
          ? { status, service: options.service, checks: results }
          : { status, service: options.service },
      );
      return true;
    }
    return false;
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}
