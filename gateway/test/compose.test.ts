import { mkdtempSync, readFileSync, existsSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  composeSupergraph,
  composeToFile,
  findSubgraphSources,
  type SubgraphSource,
} from '../src/compose.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): SubgraphSource => ({
  name,
  url: `http://127.0.0.1:1/${name}`,
  sdl: readFileSync(join(fixtures, `${name}.graphql`), 'utf8'),
});

describe('supergraph composition', () => {
  it('composes the subgraph SDL files into one supergraph with their URLs and auth directives', () => {
    const result = composeSupergraph([fixture('accounts'), fixture('schools')]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.supergraphSdl).toContain(
      '@join__graph(name: "accounts", url: "http://127.0.0.1:1/accounts")',
    );
    expect(result.supergraphSdl).toContain('me: User @join__field(graph: ACCOUNTS) @authenticated');
    expect(result.supergraphSdl).toContain('@requiresScopes(scopes: [["identity:admin"]])');
  });

  it('composes the subgraphs checked in to the repository', () => {
    const sources = findSubgraphSources();
    expect(sources.length).toBeGreaterThan(0);
    const result = composeSupergraph(sources);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('names the subgraph and the type when a changed SDL breaks composition', () => {
    const broken = fixture('schools');
    // The schools subgraph now says User.id is an Int: the two subgraphs disagree on the key's type.
    broken.sdl = broken.sdl.replace(
      'type User @key(fields: "id") {\n  id: ID!',
      'type User @key(fields: "id") {\n  id: Int!',
    );
    const result = composeSupergraph([fixture('accounts'), broken]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.errors.join('\n');
    expect(text).toMatch(/User\.id/);
    expect(text).toMatch(/schools/);
  });

  it('names the file and line of an SDL that does not parse', () => {
    const broken = { ...fixture('schools'), file: join(fixtures, 'schools.graphql') };
    broken.sdl = broken.sdl.replace(
      'type Region @key(fields: "code") {',
      'type Region @key(fields: "code") {{',
    );
    const result = composeSupergraph([fixture('accounts'), broken]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^\[schools\] .*schools\.graphql:\d+:\d+: Syntax Error/);
  });

  it('fails the compose step (exit code 1, no file written) on a broken copy of a real subgraph', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edugraph-compose-'));
    const real = findSubgraphSources()[0]!;
    cpSync(real.file!, join(dir, 'copy.graphql'));
    const sdl = readFileSync(join(dir, 'copy.graphql'), 'utf8').replace(
      /@key\(fields: "(\w+)"\)/,
      '@key(fields: "noSuchField")',
    );
    writeFileSync(join(dir, 'copy.graphql'), sdl);
    const target = join(dir, 'supergraph.graphql');
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      expect(composeToFile(target, [{ ...real, sdl, file: join(dir, 'copy.graphql') }])).toBe(1);
    } finally {
      console.error = original;
    }
    expect(existsSync(target)).toBe(false);
    expect(errors.join('\n')).toMatch(
      new RegExp(`\\[${real.name}\\].*noSuchField|noSuchField.*${real.name}`),
    );
  });
});
