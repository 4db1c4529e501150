import type { Caller } from '@edugraph/shared/auth';
import { useGenericAuth } from '@envelop/generic-auth';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { DocumentNode } from 'graphql';
import { genericAuthOptions, type CallerContext } from './auth.ts';

/**
 * Hive's generic auth (`@authenticated` / `@requiresScopes`), with its clean verdicts remembered.
 * On every request it walks the whole operation with type information, reads every field's
 * directives and copies the document, even when the caller may see every field (in the hub's
 * mix that walk was ~5 % of the gateway's CPU). Whether anything is denied depends only on the
 * operation, on whether there is a caller, and on the caller's scopes (validateCaller in
 * auth.ts), so a clean verdict is kept per parsed document (Yoga parses each text once) and
 * those; a request matching one runs the document as parsed, without the walk. A verdict that
 * denied anything is never kept (its errors and nulls stay the plugin's own work), nor is one
 * for an operation with `@skip`/`@include`, which also depends on the variables.
 */
export function useCachedGenericAuth(): GatewayPlugin {
  const auth = useGenericAuth(genericAuthOptions() as never) as GatewayPlugin;
  let validation: GatewayPlugin | undefined;
  auth.onPluginInit?.({ addPlugin: (p: GatewayPlugin) => (validation = p) } as never);
  const inner = validation;
  if (!inner?.onExecute || !inner.onContextBuilding)
    throw new Error(
      '@envelop/generic-auth no longer adds its extended validation plugin: review authCache.ts',
    );
  const clean = new WeakMap<DocumentNode, Set<string>>();
  const verdictKey = (caller: Caller | null | undefined) =>
    caller ? `caller ${[...caller.scopes].sort().join(' ')}` : 'anonymous';
  const conditional = (document: DocumentNode) => {
    const text = document.loc?.source.body;
    return text === undefined || text.includes('@skip') || text.includes('@include');
  };
  return {
    onSchemaChange: (payload) => inner.onSchemaChange?.(payload),
    onContextBuilding(payload) {
      // The caller first (generic auth), then the validation rules, in the plugin's own order.
      const user = auth.onContextBuilding?.(payload) as unknown;
      if (user && typeof (user as Promise<unknown>).then === 'function')
        return (user as Promise<unknown>).then(() => void inner.onContextBuilding!(payload)) as never;
      inner.onContextBuilding!(payload);
      return undefined;
    },
    onExecute(payload) {
      const document = payload.args.document as DocumentNode;
      const key = verdictKey((payload.args.contextValue as CallerContext).caller);
      if (clean.get(document)?.has(key)) return undefined;
      const hooks = inner.onExecute!(payload);
      if (!hooks && !conditional(document)) {
        const keys = clean.get(document) ?? new Set<string>();
        if (keys.size < 64) keys.add(key);
        clean.set(document, keys);
        // Nothing was removed: run the document as parsed (one object per operation for the plan cache).
        payload.args.document = document;
      }
      return hooks;
    },
  };
}
