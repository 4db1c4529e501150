import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { failSpan, hubTracer, tracingEnabled } from './tracing.ts';

/** Probes and scrapes: frequent, uninteresting, left out of the traces. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Runs a request's handling inside a SERVER span continuing the caller's W3C `traceparent`
 * (the gateway's, or another subgraph's). Tracing off: just runs it.
 */
export function inServerSpan<T>(req: IncomingMessage, res: ServerResponse, fn: () => T): T {
  if (!tracingEnabled()) return fn();
  const path = (req.url ?? '/').split('?')[0]!;
  if (UNTRACED.has(path)) return fn();
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const method = req.method ?? 'GET';
  // Low-cardinality names: identity's OpenID paths carry interaction ids after the first segment.
  const route = `/${path.split('/')[1] ?? ''}`;
  const span = hubTracer().startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': method,
        'http.route': route,
        'server.port': req.socket.localPort ?? 0,
      },
    },
    parent,
  );
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  return context.with(trace.setSpan(parent, span), fn);
}

/**
 * `fetch` for calls from one service to another: a CLIENT span, and the active trace passed on
 * in `traceparent` so the called service's spans join the same trace. Tracing off: plain fetch.
 */
export async function tracedFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  if (!tracingEnabled()) return fetch(url, init);
  const method = init.method ?? 'GET';
  const target = new URL(url);
  const span = hubTracer().startSpan(`${method}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': method,
      'url.full': `${target.origin}${target.pathname}`,
      'server.address': target.hostname,
      'server.port': Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
    },
  });
  const headers = new Headers(init.headers);
  propagation.inject(trace.setSpan(context.active(), span), headers, {
    set: (carrier, key, value) => carrier.set(key, value),
  });
  try {
    const res = await fetch(url, { ...init, headers });
    span.setAttribute('http.response.status_code', res.status);
    if (res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    return res;
  } catch (err) {
    failSpan(span, err);
    throw err;
  } finally {
    span.end();
  }
}
