import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/**
 * Benchmark candidate (b): stock @apollo/gateway in @apollo/server, serving the same
 * supergraph and forwarding the caller's Authorization header (the subgraphs need it).
 * `node apolloGateway.ts --supergraph path --port n`
 */
const { values } = parseArgs({ options: { supergraph: { type: 'string' }, port: { type: 'string' } } });
type Context = { authorization?: string };

/**
 * Apollo's JS gateway refuses supergraphs linking features `for: SECURITY` (@authenticated,
 * @requiresScopes: Router-only). It gets the same graph without them; the subgraphs still
 * enforce every scope themselves, so the answers are the same.
 */
export function withoutSecurityFeatures(sdl: string): string {
  return sdl
    .replace(
      / @link\(url: "https:\/\/specs\.apollo\.dev\/(authenticated|requiresScopes)\/v[\d.]+", for: SECURITY\)/g,
      '',
    )
    .replace(/^directive @(authenticated|requiresScopes)\b.*$/gm, '')
    .replace(/^scalar requiresScopes__Scope$/gm, '')
    .replace(/ @requiresScopes\(scopes: \[[^\n]*?\]\]\)/g, '')
    .replace(/ @authenticated\b/g, '');
}

const gateway = new ApolloGateway({
  supergraphSdl: withoutSecurityFeatures(readFileSync(values.supergraph!, 'utf8')),
  buildService: ({ url }) =>
    new RemoteGraphQLDataSource<Context>({
      url,
      willSendRequest({ request, context }) {
        if (context.authorization) request.http?.headers.set('authorization', context.authorization);
      },
    }),
});
const server = new ApolloServer<Context>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(values.port), host: '127.0.0.1' },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`apollo gateway at ${url}`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
