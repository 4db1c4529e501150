import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The header that carries a request id from the gateway to every subgraph it calls. */
export const REQUEST_ID_HEADER = 'x-request-id';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The header that carries the client's operation name from the gateway to the subgraphs (the
 * Rust planner sends subgraphs unnamed operations). Only for records such as the personal-data
 * access log: who asked is always the verified token, never a header.
 */
export const OPERATION_NAME_HEADER = 'x-edugraph-operation';

const OPERATION_NAME_PATTERN = /^[_A-Za-z][_0-9A-Za-z]{0,127}$/;

/** The operation name a subgraph request names itself, else the one the gateway forwarded. */
export function operationNameFrom(own: string | null | undefined, forwarded: string | null | undefined) {
  if (own) return own;
  return forwarded && OPERATION_NAME_PATTERN.test(forwarded) ? forwarded : null;
}

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Reuses a well-formed incoming id (so one request keeps one id across services) or makes one. */
export function requestIdFrom(value: string | string[] | null | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && REQUEST_ID_PATTERN.test(v) ? v : randomUUID();
}

export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
