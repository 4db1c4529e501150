import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  defaultRequestLimits,
  requestLimitError,
  selectOperation,
  estimateCost,
  effectiveVariables,
  shapeError,
  withoutSuggestions,
} from '../src/index.ts';

const schema = buildSchema(`
  type Query {
    classes(first: Int, after: String): ClassConnection!
    changes(first: Int = 100): ChangeFeed!
    regions(namePrefix: String): [Region!]!
    users: [User!]!
    accounts: [Account!]!
  }
  type ClassConnection { nodes: [Class!]! edges: [ClassEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type ClassEdge { cursor: String! node: Class! }
  type PageInfo { hasNextPage: Boolean! }
  type Class { id: ID! name: String! students(first: Int): StudentConnection! }
  type StudentConnection { nodes: [Student!]! }
  type Student { id: ID! name: String! }
  type ChangeFeed { changes: [Change!]! }
  type Change { id: ID! }
  type Region { code: ID! children: [Region!]! }
  interface Named { name: String! peers: [Account!]! }
  type User implements Named { id: ID! name: String! similarAccounts: [Account!]! peers: [Account!]! }
  type Admin { id: ID! name: String! similarAccounts: [Account!]! }
  union Account = User | Admin
`);

const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const operation = selectOperation(document, undefined)!;
  return estimateCost(schema, document, operation, effectiveVariables(operation, variables), {
    listSize: 20,
    plainListSize: 10,
  });
};

describe('cost estimate', () => {
  const probe = `query($n: Int = 1000) {
    a: classes(first: $n) { nodes { students(first: $n) { nodes { id name } } } }
    b: classes(first: $n) { nodes { students(first: $n) { nodes { id name } } } }
    c: classes(first: $n) { nodes { students(first: $n) { nodes { id name } } } }
    d: classes(first: $n) { nodes { students(first: $n) { nodes { id name } } } } }`;

  it('counts page sizes that come from a variable default when no variables are sent', () => {
    expect(cost(probe)).toBeGreaterThan(4_000_000);
    expect(cost(probe, { n: 5 })).toBe(4 * (1 + 5 * (1 + 1 + 5)));
    const refusal = requestLimitError(schema, parse(probe), undefined, undefined, defaultRequestLimits);
    expect(refusal?.extensions).toMatchObject({ code: 'COST_ESTIMATED_TOO_EXPENSIVE' });
  });

  it('sizes a connection without first by its SDL default, else the default page of 20', () => {
    expect(cost('{ changes { changes { id } } }')).toBe(1 + 100);
    expect(cost('{ classes { nodes { id } pageInfo { hasNextPage } } }')).toBe(1 + 20 + 1);
    expect(cost('{ classes { nodes { students { nodes { id } } } } }')).toBe(1 + 20 * (1 + 1 + 20));
  });

  it('counts fragments on different members of a union as alternatives, not as a sum', () => {
    // The federation audit's child-type-mismatch "DeeplyNestedInternalAlias" query.
    const nested = `{ users { id name } accounts {
      ... on User { id name similarAccounts {
        ... on User { id name similarAccounts { ... on User { id name } ... on Admin { id name } } }
        ... on Admin { id name similarAccounts { ... on User { id name } ... on Admin { id name } } } } }
      ... on Admin { id name similarAccounts {
        ... on User { id name similarAccounts { ... on User { id name } ... on Admin { id name } } }
        ... on Admin { id name similarAccounts { ... on User { id name } ... on Admin { id name } } } } } } }`;
    expect(cost(nested)).toBe(10 + 10 * (1 + 10 * (1 + 10)));
    expect(cost(nested)).toBeLessThanOrEqual(defaultRequestLimits.maxCost);
  });

  it('adds up fragments that all apply to the same object type', () => {
    const both = `{ accounts { ... on User { similarAccounts { __typename } } ... on Named { peers { __typename } } } }`;
    expect(cost(both)).toBe(10 * (1 + 10 + 10));
  });

  it('does not let a negative first lower the estimate of the rest', () => {
    const probe = `{ a: classes(first: -1000000) { nodes { id } } b: classes(first: 1000) { nodes { id } } }`;
    expect(cost(probe)).toBe(1 + 1 + 1000);
  });
});

describe('string length', () => {
  const limits = { ...defaultRequestLimits, maxStringLength: 10 };
  it('refuses a long variable naming its path', () => {
    const query = 'query($p: String) { regions(namePrefix: $p) { code } }';
    const error = requestLimitError(schema, parse(query), undefined, { p: 'x'.repeat(11) }, limits);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$p', max: 10, length: 11 });
    expect(requestLimitError(schema, parse(query), undefined, { p: 'x'.repeat(10) }, limits)).toBeUndefined();
  });

  it('refuses variables nested deeper than any input of the hub instead of walking them', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const query = 'query($p: String) { regions(namePrefix: $p) { code } }';
    const error = requestLimitError(schema, parse(query), undefined, { p: deep }, limits);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(error?.message).toContain('nested more than 64 levels');
  });

  it('refuses a long string written in the operation, naming the field and argument', () => {
    const query = `{ regions(namePrefix: "${'y'.repeat(11)}") { code } }`;
    const error = requestLimitError(schema, parse(query), undefined, undefined, limits);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regions(namePrefix)' });
  });
});

describe('operation shape', () => {
  it('refuses depth and aliases above the limits with their own codes', () => {
    const deep = parse('{ regions { children { children { children { code } } } } }');
    expect(shapeError(deep, { maxDepth: 3, maxAliases: 30 })?.extensions.code).toBe('QUERY_TOO_DEEP');
    const aliased = parse('{ a: users { id } b: users { id } }');
    expect(shapeError(aliased, { maxDepth: 12, maxAliases: 1 })?.extensions.code).toBe('TOO_MANY_ALIASES');
  });

  it('cuts field suggestions from validation messages', () => {
    expect(withoutSuggestions('Cannot query field "student" on type "Class". Did you mean "students"?')).toBe(
      'Cannot query field "student" on type "Class".',
    );
  });
});
