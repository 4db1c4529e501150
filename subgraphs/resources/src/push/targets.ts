import { errors, tracedFetch } from '@edugraph/shared';

/**
 * Push targets are the datacenter's schools and classes. Their ids and organization paths come
 * from the datacenter graph, asked with the pusher's own token (so the datacenter's tenancy
 * decides what the pusher may name), one `_entities` request for all targets of a push,
 * keyed by id or by code (School and Class carry both keys).
 */
export interface TargetRef {
  kind: 'SCHOOL' | 'CLASS';
  id?: string | null;
  code?: string | null;
}

export interface ResolvedTarget {
  kind: 'SCHOOL' | 'CLASS';
  id: string;
  code: string;
  name: string | null;
  school: { id: string; code: string; orgPath: string[] };
}

export interface TargetDirectory {
  /** Resolves each reference in order; null where the datacenter knows none the caller may see. */
  resolve(refs: readonly TargetRef[], authorization: string | undefined): Promise<(ResolvedTarget | null)[]>;
}

const ENTITIES = /* GraphQL */ `
  query PushTargets($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on School {
        id
        code
        name
        orgPath
      }
      ... on Class {
        id
        code
        name
        school {
          id
          code
          orgPath
        }
      }
    }
  }
`;

interface EntityRow {
  __typename?: string;
  id?: string;
  code?: string;
  name?: string | null;
  orgPath?: string[];
  school?: { id: string; code: string; orgPath: string[] } | null;
}

export function createTargetDirectory(
  datacenterUrl: string,
  // tracedFetch: the lookup joins the pusher's trace (traceparent) when tracing is on.
  fetchImpl: (url: string, init: RequestInit) => Promise<Response> = tracedFetch,
): TargetDirectory {
  return {
    async resolve(refs, authorization) {
      if (refs.length === 0) return [];
      const representations = refs.map((r) =>
        r.id
          ? { __typename: r.kind === 'SCHOOL' ? 'School' : 'Class', id: r.id }
          : {
              __typename: r.kind === 'SCHOOL' ? 'School' : 'Class',
              code: r.code,
            },
      );
      let body: { data?: { _entities?: (EntityRow | null)[] } | null; errors?: { message: string }[] };
      try {
        const res = await fetchImpl(datacenterUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ query: ENTITIES, variables: { representations } }),
          signal: AbortSignal.timeout(10_000),
        });
        body = (await res.json()) as typeof body;
      } catch (err) {
        throw errors.unavailable(`the datacenter (${err instanceof Error ? err.message : String(err)})`);
      }
      const rows = body.data?._entities;
      if (!rows) throw errors.unavailable(`the datacenter (${body.errors?.[0]?.message ?? 'no answer'})`);
      return refs.map((ref, i) => {
        const row = rows[i];
        if (!row?.id || !row.code) return null;
        const school =
          ref.kind === 'SCHOOL' ? { id: row.id, code: row.code, orgPath: row.orgPath ?? [] } : row.school;
        if (!school?.orgPath?.length) return null;
        return { kind: ref.kind, id: row.id, code: row.code, name: row.name ?? null, school };
      });
    },
  };
}
