import type { TypedDocumentString } from './gql/graphql.ts';

/** A GraphQL error as the graph returns it, with its code (see docs/errors.md). */
export class GraphError extends Error {
  code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

let tokenSource: () => string | undefined = () => undefined;

/** The signed-in user's access token, read on every request (renewal replaces it). */
export function useTokenSource(source: () => string | undefined): void {
  tokenSource = source;
}

/**
 * The console's whole GraphQL client: POST to the graph on the same origin with the bearer
 * token; errors become a GraphError carrying the first error's message and code.
 */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const token = tokenSource();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    data?: R;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  const first = body.errors?.[0];
  if (first) throw new GraphError(first.message, first.extensions?.code ?? 'ERROR');
  if (!res.ok || !body.data) throw new GraphError(`HTTP ${res.status}`, 'HTTP_ERROR');
  return body.data;
}
