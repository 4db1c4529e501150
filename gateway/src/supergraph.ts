import { readFile } from 'node:fs/promises';
import { Kind, parse, print, visit, type ArgumentNode, type DocumentNode } from 'graphql';

/**
 * The supergraph the gateway serves: read from a file, subgraph URLs replaced by the
 * configured overrides, and the list of subgraphs (for readiness and metrics).
 */
export interface Supergraph {
  sdl: string;
  subgraphs: { name: string; url: string }[];
}

const stringArg = (args: readonly ArgumentNode[] | undefined, name: string): string | undefined => {
  const value = args?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
};

/** Rewrites `@join__graph(name:, url:)` per the overrides; returns the SDL and the subgraphs. */
export function applySubgraphUrls(sdl: string, overrides: Readonly<Record<string, string>>): Supergraph {
  const document: DocumentNode = parse(sdl, { noLocation: true });
  const subgraphs: Supergraph['subgraphs'] = [];
  const rewritten = visit(document, {
    Directive(node) {
      if (node.name.value !== 'join__graph') return undefined;
      const name = stringArg(node.arguments, 'name');
      const url = stringArg(node.arguments, 'url');
      if (!name) return undefined;
      const finalUrl = overrides[name] ?? url ?? '';
      subgraphs.push({ name, url: finalUrl });
      if (finalUrl === url) return undefined;
      return {
        ...node,
        arguments: (node.arguments ?? []).map((a) =>
          a.name.value === 'url' ? { ...a, value: { kind: Kind.STRING, value: finalUrl } } : a,
        ),
      };
    },
  });
  if (subgraphs.length === 0) throw new Error('the file is not a supergraph: it declares no @join__graph');
  return { sdl: print(rewritten), subgraphs };
}

export async function loadSupergraph(
  path: string,
  overrides: Readonly<Record<string, string>>,
): Promise<Supergraph> {
  const sdl = await readFile(path, 'utf8');
  return applySubgraphUrls(sdl, overrides);
}
