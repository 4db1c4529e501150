import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { execute, parse, validate, type GraphQLSchema } from 'graphql';
import { inStock, products, reviews, users } from './data.ts';
import { subgraphSdl } from './schema.ts';

/**
 * The public benchmark's four subgraphs in one process of their own, each on its own port:
 * `node subgraphs.ts accounts=4101 inventory=4102 products=4103 reviews=4104`. They are meant to
 * cost (almost) nothing, so the gateway is what is measured: an operation is executed once per
 * distinct query and variables, and its serialised answer is kept and sent again. A variable
 * value starting with "nonce-" (the benchmark's per-request unique variable) is folded in that
 * key: it names no record, so the answer does not depend on it.
 */
type Rep = { upc?: string; id?: string };
const review = (r: (typeof reviews)[number]) => ({ id: r.id, body: r.body, product: { upc: r.upc } });
const firstTwoReviews = () => reviews.slice(0, 2).map(review);

const resolvers: Record<string, GraphQLResolverMap<unknown>> = {
  accounts: {
    Query: {
      me: () => users[0],
      user: (_: unknown, { id }: { id: string }) => users.find((u) => u.id === id) ?? null,
      users: () => users,
    },
    User: { __resolveReference: (ref: Rep) => users.find((u) => u.id === ref.id) },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: Rep) => ({
        upc: ref.upc,
        inStock: inStock[ref.upc!],
        price: null,
        weight: null,
      }),
      shippingEstimate: (p: { price: number | null; weight: number | null }) =>
        p.price == null ? null : p.price > 1000 ? 0 : p.weight == null ? null : Math.floor(p.weight / 2),
    },
  },
  products: {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first) },
    Product: { __resolveReference: (ref: Rep) => products.find((p) => p.upc === ref.upc) },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: Rep) => review(reviews.find((r) => r.id === ref.id)!),
      author: () => ({ id: '1', username: 'urigo', reviews: firstTwoReviews() }),
    },
    User: {
      __resolveReference: (ref: Rep) => ({ id: ref.id, username: 'user', reviews: firstTwoReviews() }),
    },
    Product: {
      __resolveReference: (ref: Rep) => ({ upc: ref.upc }),
      reviews: (p: { upc: string }) => reviews.filter((r) => r.upc === p.upc).map(review),
    },
  },
};

const foldNonce = (_key: string, value: unknown) =>
  typeof value === 'string' && value.startsWith('nonce-') ? 'nonce-' : value;

function serve(schema: GraphQLSchema) {
  const answers = new Map<string, string>();
  const answer = async (body: {
    query: string;
    variables?: Record<string, unknown>;
    operationName?: string;
  }) => {
    const key = `${body.operationName ?? ''}\n${body.query}\n${JSON.stringify(body.variables ?? {}, foldNonce)}`;
    let text = answers.get(key);
    if (text === undefined) {
      const document = parse(body.query);
      const errors = validate(schema, document);
      const result = errors.length
        ? { errors }
        : await execute({
            schema,
            document,
            variableValues: body.variables,
            operationName: body.operationName,
          });
      text = JSON.stringify(result);
      if (!errors.length && answers.size < 10_000) answers.set(key, text);
    }
    return text;
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const text = await answer(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      } catch (err) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: (err as Error).message }] }));
      }
    });
  };
}

if (import.meta.main) {
  for (const arg of process.argv.slice(2)) {
    const [name, port] = arg.split('=') as [string, string];
    const schema = buildSubgraphSchema([
      { typeDefs: parse(subgraphSdl[name]!), resolvers: resolvers[name]! },
    ]);
    createServer(serve(schema)).listen(Number(port), '127.0.0.1');
  }
  console.log('public benchmark subgraphs listening');
  process.on('SIGTERM', () => process.exit(0));
}
