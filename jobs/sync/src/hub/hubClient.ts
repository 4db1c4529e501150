import pRetry from 'p-retry';
import { TokenError, type TokenSource } from './tokenSource.ts';

/**
 * GraphQL over HTTP to a hub (the gateway or the datacenter subgraph directly), with the
 * client-credentials token, retried with exponential back-off and jitter when the failure is
 * transient: the network, a timeout, HTTP 429/5xx, a refused token (fetched again once), or
 * an error whose code says the hub is momentarily unavailable. Everything the CLI sends is
 * idempotent, so a retry never duplicates anything.
 */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

const TRANSIENT_CODES = new Set([
  'SERVICE_UNAVAILABLE',
  'SUBGRAPH_UNAVAILABLE',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
  'DOWNSTREAM_SERVICE_ERROR',
]);

export class HubError extends Error {
  readonly transient: boolean;
  readonly code: string | undefined;
  readonly errors: GraphQLErrorBody[];
  constructor(message: string, options: { transient: boolean; code?: string; errors?: GraphQLErrorBody[] }) {
    super(message);
    this.transient = options.transient;
    this.code = options.code;
    this.errors = options.errors ?? [];
  }
}

export interface HubClientOptions {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  tokens: TokenSource;
  /** Retries after the first attempt (default 6: about a minute of back-off). */
  retries?: number;
  /** First back-off in ms (default 500), doubled each time, at most 30 s. */
  minBackoffMs?: number;
  timeoutMs?: number;
  onRetry?: (error: Error, attempt: number, retriesLeft: number) => void;
}

export interface HubClient {
  url: string;
  request<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** Accepts a hub root (http://host:4000) or the GraphQL endpoint itself. */
export function graphqlEndpoint(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/graphql$/.test(trimmed) ? trimmed : `${trimmed}/graphql`;
}

async function attempt(
  options: HubClientOptions,
  endpoint: string,
  body: string,
): Promise<Record<string, any>> {
  const token = await options.tokens.token();
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new HubError(`cannot reach ${endpoint}: ${cause ?? (err as Error).message}`, { transient: true });
  }
  const text = await res.text();
  let json: { data?: Record<string, any> | null; errors?: GraphQLErrorBody[] } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const errors = json?.errors ?? [];
  const codes = errors.map((e) => e.extensions?.code).filter((c): c is string => !!c);
  if (res.status === 401 || codes.includes('UNAUTHENTICATED')) {
    options.tokens.invalidate();
    throw new HubError(`${endpoint} refused the token: ${errors[0]?.message ?? `HTTP ${res.status}`}`, {
      transient: true,
      code: 'UNAUTHENTICATED',
      errors,
    });
  }
  if (!json || (!json.data && !errors.length)) {
    throw new HubError(`${endpoint} answered HTTP ${res.status}: ${text.slice(0, 200)}`, {
      transient: res.status === 429 || res.status >= 500,
    });
  }
  if (errors.length) {
    const transient = res.status === 429 || res.status >= 502 || codes.some((c) => TRANSIENT_CODES.has(c));
    const first = errors[0]!;
    throw new HubError(`${first.message}${codes[0] ? ` (${codes[0]})` : ''}`, {
      transient,
      code: codes[0],
      errors,
    });
  }
  return json.data ?? {};
}

export function createHubClient(options: HubClientOptions): HubClient {
  const endpoint = graphqlEndpoint(options.url);
  let refusedTokens = 0;
  return {
    url: endpoint,
    async request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const body = JSON.stringify({ query, variables });
      const once = async () => {
        const data = await attempt(options, endpoint, body);
        refusedTokens = 0;
        return data;
      };
      return (await pRetry(once, {
        retries: options.retries ?? 6,
        minTimeout: options.minBackoffMs ?? 500,
        maxTimeout: 30_000,
        factor: 2,
        randomize: true,
        shouldRetry: ({ error }) => {
          if (error instanceof TokenError) return error.transient;
          if (!(error instanceof HubError) || !error.transient) return false;
          // A refused token is fetched again once; refused again, the client is not allowed.
          if (error.code === 'UNAUTHENTICATED') return ++refusedTokens <= 2;
          return true;
        },
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          if ((error as { transient?: boolean }).transient && retriesLeft > 0)
            options.onRetry?.(error, attemptNumber, retriesLeft);
        },
      })) as T;
    },
  };
}
