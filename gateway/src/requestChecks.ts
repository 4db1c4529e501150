import type { IncomingMessage } from 'node:http';
import { appError } from '@edugraph/shared/errors';
import type { GraphQLError } from 'graphql';

/**
 * CSRF prevention (the rule Apollo and Yoga use): a browser may send a GET or a "simple" POST
 * (form, multipart, text/plain) to another site without a preflight, so those must carry a
 * header a browser only sends after CORS allows it. `application/json` POSTs are preflighted.
 */
const CSRF_HEADERS = ['x-edugraph-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'];
const SIMPLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export function csrfRefusal(req: IncomingMessage): GraphQLError | undefined {
  if (CSRF_HEADERS.some((h) => req.headers[h])) return undefined;
  if (req.method === 'GET') {
    const search = new URL(req.url ?? '/', 'http://localhost').searchParams;
    // A GET without an operation is the GraphQL IDE page (development only).
    if (!search.has('query') && !search.has('extensions')) return undefined;
  } else if (req.method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type && !SIMPLE_TYPES.includes(type)) return undefined;
  } else {
    return undefined;
  }
  return appError(
    'CSRF_PREVENTED',
    'This request could come from another site: send it as a POST with "Content-Type: application/json", or add the "x-edugraph-csrf: 1" header.',
  );
}

/** Readiness of one subgraph: it answers `{ __typename }` within the health check's time limit. */
export async function checkSubgraph(url: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"query":"{__typename}"}',
      signal: AbortSignal.timeout(2000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { cause: err });
  }
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const body = (await res.json()) as { data?: { __typename?: string } };
  if (!body.data?.__typename) throw new Error(`${url} did not answer { __typename }`);
}
