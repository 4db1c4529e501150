import { decodeCursor, pageSize, type Caller } from '@edugraph/shared';
import { canSeeResource } from '../visibility.ts';
import type { CatalogEntry, CatalogIndex } from './catalogIndex.ts';
import { queryTokens, scorer, textHolds } from './tokens.ts';
import type { BrowseArgs, FacetField } from './browse.ts';

/**
 * Browsing answered from the in-memory catalog index with exactly the rules of the database
 * path: the same visibility, status default, filters, token match, order and cursors (cursors
 * from either path work on the other).
 */
export interface CatalogPage {
  ids: string[];
  scores: Map<string, number>;
  sortField: '_score' | 'createdAt' | 'popularity';
  total: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  facets: (fields: readonly FacetField[]) => Record<FacetField, Map<string, number>>;
}

type Predicate = (e: CatalogEntry) => boolean;

export function searchCatalog(index: CatalogIndex, caller: Caller, args: BrowseArgs): CatalogPage {
  const filter = args.filter ?? {};
  const statuses = new Set(filter.status?.length ? filter.status : ['PUBLISHED']);
  const tokens = args.query ? queryTokens(args.query) : [];
  const common: Predicate[] = [(e) => statuses.has(e.status) && canSeeResource(caller, e)];
  if (filter.organization) common.push((e) => e.orgPath.includes(filter.organization!));
  if (filter.sharingState) common.push((e) => e.sharingState === filter.sharingState);
  if (tokens.length) common.push((e) => textHolds(e.text, tokens));
  const facetFilters: [FacetField, Predicate][] = [];
  for (const field of ['stage', 'subject', 'grade', 'edition', 'kind', 'originLevel'] as const) {
    const value = filter[field];
    if (value !== null && value !== undefined && value !== '')
      facetFilters.push([field, (e) => e[field] === value]);
  }
  const matches = (e: CatalogEntry, omit?: FacetField) =>
    common.every((p) => p(e)) && facetFilters.every(([f, p]) => f === omit || p(e));

  const all = [...index.entries.values()];
  const found = all.filter((e) => matches(e));
  const sort = args.sort ?? (tokens.length ? 'RELEVANCE' : 'NEWEST');
  const scores = new Map<string, number>();
  let sortField: CatalogPage['sortField'];
  let key: (e: CatalogEntry) => number;
  if (sort === 'RELEVANCE' && tokens.length) {
    sortField = '_score';
    const score = scorer(args.query!);
    for (const e of found) scores.set(e.id, score(e));
    key = (e) => scores.get(e.id)!;
  } else if (sort === 'MOST_USED') {
    sortField = 'popularity';
    key = (e) => e.popularity;
  } else {
    sortField = 'createdAt';
    key = (e) => e.createdAtMs;
  }
  found.sort((a, b) => key(b) - key(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

  const size = pageSize(args.first, 20, 100);
  let start = 0;
  if (args.after) {
    const { value, id } = decodeCursor(sortField, args.after);
    const v = value instanceof Date ? value.getTime() : Number(value ?? 0);
    const afterId = String(id);
    start = found.findIndex((e) => key(e) < v || (key(e) === v && e.id < afterId));
    if (start < 0) start = found.length;
  }
  return {
    ids: found.slice(start, start + size).map((e) => e.id),
    scores,
    sortField,
    total: found.length,
    hasNextPage: start + size < found.length,
    hasPreviousPage: start > 0,
    facets: (fields) => {
      const counts = Object.fromEntries(fields.map((f) => [f, new Map<string, number>()])) as Record<
        FacetField,
        Map<string, number>
      >;
      for (const e of all) {
        if (!common.every((p) => p(e))) continue;
        for (const f of fields) {
          const value = e[f];
          if (value === null || value === '' || !facetFilters.every(([g, p]) => g === f || p(e))) continue;
          const m = counts[f];
          m.set(String(value), (m.get(String(value)) ?? 0) + 1);
        }
      }
      return counts;
    },
  };
}
