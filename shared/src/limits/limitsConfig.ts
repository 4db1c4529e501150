import { z } from 'zod';

/**
 * The request limits every service applies (the gateway and each subgraph, so a subgraph
 * reached directly is as bounded as the graph): the same variables with the same defaults in
 * every service's config, listed in gateway/README.md.
 */
const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const requestLimitFields = {
  /** Deepest field nesting (introspection not counted). */
  MAX_DEPTH: positiveInt(12),
  /** Tokens in the operation text (the parser stops there). */
  MAX_TOKENS: positiveInt(2000),
  MAX_ALIASES: positiveInt(30),
  /** Largest estimated number of objects an operation may return. */
  MAX_COST: positiveInt(5000),
  /** Assumed page of a paginated field (`first`/`last`) called without one and without an SDL default. */
  COST_LIST_SIZE: positiveInt(20),
  /** Assumed length of a plain list (no `first`/`last` argument), for the cost estimate. */
  COST_PLAIN_LIST_SIZE: positiveInt(10),
  /** Largest request body, in bytes (a sync batch of 1,000 students is ~400 kB). */
  MAX_BODY_BYTES: positiveInt(1_000_000),
  /** Longest string in any argument or variable, in characters (a post is at most 5,000). */
  MAX_STRING_LENGTH: positiveInt(20_000),
  /**
   * Bearer token for `/metrics` and the detailed `/readyz`. Unset: open outside production,
   * refused in production (the public `/readyz` says only ready or not).
   */
  OPS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  /**
   * Shared secret that composition tooling sends in `x-edugraph-sdl-secret` to read a
   * subgraph's `_service { sdl }` in production. Unset: `_service` is refused in production.
   */
  SDL_ACCESS_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
};

/** The limits as the code uses them. */
export interface RequestLimits {
  maxDepth: number;
  maxTokens: number;
  maxAliases: number;
  maxCost: number;
  costListSize: number;
  costPlainListSize: number;
  maxBodyBytes: number;
  maxStringLength: number;
}

type LimitEnv = {
  readonly [K in keyof typeof requestLimitFields]: z.infer<(typeof requestLimitFields)[K]>;
};

export function requestLimitsFrom(e: Omit<LimitEnv, 'OPS_TOKEN' | 'SDL_ACCESS_SECRET'>): RequestLimits {
  return {
    maxDepth: e.MAX_DEPTH,
    maxTokens: e.MAX_TOKENS,
    maxAliases: e.MAX_ALIASES,
    maxCost: e.MAX_COST,
    costListSize: e.COST_LIST_SIZE,
    costPlainListSize: e.COST_PLAIN_LIST_SIZE,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxStringLength: e.MAX_STRING_LENGTH,
  };
}

/** The defaults, for code that builds a service without a parsed environment (tests). */
export const defaultRequestLimits: RequestLimits = requestLimitsFrom(
  z.object(requestLimitFields).parse({}) as LimitEnv,
);
