/**
 * The four subgraphs of the public gateway benchmark (graphql-hive/graphql-gateways-benchmark,
 * federation/subgraphs/*: Rust async-graphql services), written here as Federation 2 SDL with
 * the same types, fields, keys, @requires and @provides.
 */
const link = (imports: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: [${imports.map((i) => `"${i}"`).join(', ')}])\n`;

export const subgraphSdl: Record<string, string> = {
  accounts: `${link(['@key', '@shareable'])}
type Query {
  me: User
  user(id: ID!): User
  users: [User]
}
type User @key(fields: "id") {
  id: ID!
  name: String
  username: String @shareable
  birthday: Int
}
`,
  inventory: `${link(['@key', '@external', '@requires'])}
type Product @key(fields: "upc") {
  upc: String!
  weight: Int @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price weight")
}
`,
  products: `${link(['@key'])}
type Query {
  topProducts(first: Int = 5): [Product]
}
type Product @key(fields: "upc") {
  upc: String!
  name: String
  price: Int
  weight: Int
}
`,
  reviews: `${link(['@key', '@external', '@provides'])}
type Review @key(fields: "id") {
  id: ID!
  body: String
  product: Product
  author: User @provides(fields: "username")
}
type User @key(fields: "id") {
  id: ID!
  username: String @external
  reviews: [Review]
}
type Product @key(fields: "upc") {
  upc: String!
  reviews: [Review]
}
`,
};

/**
 * The benchmark's heavy query ("TestQuery", k6.js), plus one aliased root field taking a variable:
 * each request sends a unique `$nonce` (no such user: always null), so no gateway or subgraph can
 * share one request's answer with another, while every answer's data stays the same.
 */
export const TEST_QUERY = `fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query TestQuery($nonce: ID!) {
  nonce: user(id: $nonce) { id }
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
      }
    }
  }
  topProducts {
    ...Product
    reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
  }
}`;
