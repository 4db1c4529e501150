import { parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { useStableDocuments } from '../src/stableDocument.ts';

/** What generic auth hands execution on every request: a copy sharing leaves and `loc`, some fields maybe removed. */
function copy(document: DocumentNode, drop?: string): DocumentNode {
  const set = (s: SelectionSetNode): SelectionSetNode => ({
    ...s,
    selections: s.selections
      .filter((x) => !(x.kind === 'Field' && x.name.value === drop))
      .map((x) => ('selectionSet' in x && x.selectionSet ? { ...x, selectionSet: set(x.selectionSet) } : x)),
  });
  return {
    ...document,
    definitions: document.definitions.map((d) =>
      'selectionSet' in d ? { ...d, selectionSet: set(d.selectionSet) } : d,
    ),
  };
}

function executed(plugin: ReturnType<typeof useStableDocuments>, document: DocumentNode): DocumentNode {
  const args = { document };
  plugin.onExecute!({ args } as never);
  return args.document;
}

describe('stable documents for the plan cache', () => {
  it('executes one document object for every copy of an operation with the same fields, another when fields were removed', () => {
    const plugin = useStableDocuments();
    const parsed = parse('fragment U on User { id name } query Q { me { ...U secret } users { id } }');
    const first = executed(plugin, copy(parsed));
    expect(executed(plugin, copy(parsed))).toBe(first);
    expect(executed(plugin, copy(parsed))).toBe(first);
    const reduced = executed(plugin, copy(parsed, 'secret'));
    expect(reduced).not.toBe(first);
    expect(executed(plugin, copy(parsed, 'secret'))).toBe(reduced);
    // Another parse of the same text is another operation (Yoga parses each text once).
    expect(executed(plugin, copy(parse('query Q { me { id } }')))).not.toBe(first);
  });
});
