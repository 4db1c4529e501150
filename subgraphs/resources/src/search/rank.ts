import { decodeCursor, pageSize, type Caller } from '@edugraph/shared';
import type { PostingData } from '../store/postings.ts';
import { canSeeResource } from '../access.ts';
import { queryTokens, scorer, textMatcher } from './tokens.ts';
import type { BrowseArgs, FacetField } from './browse.ts';

/**
 * A keyword search's candidates, filtered and ranked with exactly the rules of the database
 * path: the same visibility, status default, filters, token match, order and cursors (cursors
 * from either path work on the other). A page is picked without sorting every match.
 */
export interface SearchEntry extends Omit<PostingData, 'runs'> {
  id: string;
  /** `searchText` of title, description, chapter and edition: holds a token exactly when the resource does. */
  text: string;
  titleCompact: string;
  descriptionCompact: string;
  status: string;
}

export interface CatalogPage {
  ids: string[];
  scores: Map<string, number>;
  sortField: '_score' | 'createdAt' | 'popularity';
  total: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  facets: (fields: readonly FacetField[]) => Record<FacetField, Map<string, number>>;
}

type Predicate = (e: SearchEntry) => boolean;
interface Ranked {
  e: SearchEntry;
  key: number;
}

/** Descending key, then descending id: the order of both paths' cursors. */
const ranksBefore = (a: Ranked, b: Ranked) => a.key > b.key || (a.key === b.key && a.e.id > b.e.id);

/**
 * Keeps `best` the first `size` items in the order `before` defines as items arrive, instead
 * of sorting them all (a page of 20 out of 100,000).
 */
export function keepFirst<T>(best: T[], item: T, size: number, before: (a: T, b: T) => boolean): void {
  if (best.length === size && !before(item, best[size - 1]!)) return;
  let lo = 0;
  let hi = best.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(best[mid]!, item)) lo = mid + 1;
    else hi = mid;
  }
  best.splice(lo, 0, item);
  if (best.length > size) best.pop();
}

/**
 * Ranks the candidates of a search (`scale` > 1 when they are a window of more: the total is
 * then an estimate).
 */
export function rankEntries(
  candidates: readonly SearchEntry[],
  caller: Caller,
  args: BrowseArgs,
  scale = 1,
): CatalogPage {
  const filter = args.filter ?? {};
  const statuses = new Set(filter.status?.length ? filter.status : ['PUBLISHED']);
  const tokens = args.query ? queryTokens(args.query) : [];
  const common: Predicate[] = [(e) => statuses.has(e.status)];
  if (tokens.length) {
    const holds = textMatcher(tokens);
    common.push((e) => holds(e.text));
  }
  if (filter.organization) common.push((e) => e.orgPath.includes(filter.organization!));
  if (filter.sharingState) common.push((e) => e.sharingState === filter.sharingState);
  common.push((e) => canSeeResource(caller, e));
  const facetFilters: [FacetField, Predicate][] = [];
  for (const field of ['stage', 'subject', 'grade', 'edition', 'kind', 'originLevel'] as const) {
    const value = filter[field];
    if (value !== null && value !== undefined && value !== '')
      facetFilters.push([field, (e) => e[field] === value]);
  }

  const base: SearchEntry[] = [];
  for (const e of candidates) if (common.every((p) => p(e))) base.push(e);
  const found = facetFilters.length ? base.filter((e) => facetFilters.every(([, p]) => p(e))) : base;

  const sort = args.sort ?? (tokens.length ? 'RELEVANCE' : 'NEWEST');
  const relevance = sort === 'RELEVANCE' && tokens.length > 0;
  const sortField: CatalogPage['sortField'] = relevance
    ? '_score'
    : sort === 'MOST_USED'
      ? 'popularity'
      : 'createdAt';
  const keyOf: (e: SearchEntry) => number = relevance
    ? scorer(args.query!)
    : sort === 'MOST_USED'
      ? (e) => e.popularity
      : (e) => e.createdAtMs;
  let cursor: Ranked | undefined;
  if (args.after) {
    const { value, id } = decodeCursor(sortField, args.after);
    const key = value instanceof Date ? value.getTime() : Number(value ?? 0);
    cursor = { key, e: { id: String(id) } as SearchEntry };
  }
  const size = pageSize(args.first, 20, 100);
  const best: Ranked[] = [];
  let rest = 0;
  for (const e of found) {
    const key = keyOf(e);
    if (cursor && !ranksBefore(cursor, { e, key })) continue;
    rest += 1;
    keepFirst(best, { e, key }, size, ranksBefore);
  }
  return {
    ids: best.map((r) => r.e.id),
    scores: new Map(relevance ? best.map((r) => [r.e.id, r.key]) : []),
    sortField,
    total: scale > 1 ? Math.round(found.length * scale) : found.length,
    hasNextPage: rest > size,
    hasPreviousPage: rest < found.length,
    facets: (fields) => {
      const counts = Object.fromEntries(fields.map((f) => [f, new Map<string, number>()])) as Record<
        FacetField,
        Map<string, number>
      >;
      for (const e of base) {
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
