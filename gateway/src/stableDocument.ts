import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { DocumentNode, Location, SelectionNode, SelectionSetNode } from 'graphql';

/**
 * Keeps the Rust planner's plan cache working. The planner caches plans by document object, but
 * generic auth (`@authenticated` / `@requiresScopes`) hands execution a fresh copy of the document
 * on every request, even when it removed nothing: without this, every request of an operation
 * is planned again (a native call plus printing the document). The copies share their leaves
 * (names, arguments, directives) and `loc` with the document Yoga parsed and cached, so here each
 * copy is compared by identity of those leaves with the copies already seen for that parse, and
 * an equal one is executed instead: same operation, same fields left, same plan.
 */
const sameSelections = (a: readonly SelectionNode[], b: readonly SelectionNode[]): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.kind !== y.kind) return false;
    if (x.kind === 'FragmentSpread') {
      if (x.name !== (y as typeof x).name || x.directives !== (y as typeof x).directives) return false;
      continue;
    }
    if (x.directives !== y.directives || !sameSet(x.selectionSet, (y as typeof x).selectionSet)) return false;
    if (x.kind === 'Field') {
      const f = y as typeof x;
      if (x.name !== f.name || x.alias !== f.alias || x.arguments !== f.arguments) return false;
    } else if (x.typeCondition !== (y as typeof x).typeCondition) return false;
  }
  return true;
};

const sameSet = (a: SelectionSetNode | undefined, b: SelectionSetNode | undefined): boolean =>
  a === b || (!!a && !!b && sameSelections(a.selections, b.selections));

export function sameDocument(a: DocumentNode, b: DocumentNode): boolean {
  if (a.definitions.length !== b.definitions.length) return false;
  return a.definitions.every((d, i) => {
    const e = b.definitions[i]!;
    if (d.kind !== e.kind || !('selectionSet' in d) || !('selectionSet' in e)) return d === e;
    return (
      (d as { name?: unknown }).name === (e as { name?: unknown }).name &&
      sameSet(d.selectionSet, e.selectionSet)
    );
  });
}

/** At most this many different copies (different fields removed for different callers) per operation. */
const VARIANTS = 8;

export function useStableDocuments(): GatewayPlugin {
  const seen = new WeakMap<Location, DocumentNode[]>();
  return {
    onExecute({ args }) {
      const document = args.document as DocumentNode;
      if (!document.loc) return;
      const variants = seen.get(document.loc);
      if (!variants) {
        seen.set(document.loc, [document]);
        return;
      }
      const known = variants.find((v) => v === document || sameDocument(v, document));
      if (known) args.document = known;
      else if (variants.length < VARIANTS) variants.push(document);
    },
  };
}
