import {
  decodeCursor,
  pageSize,
  requireScope,
  scopes,
  toConnection,
  type Connection,
} from '@edugraph/shared';
import { gradeLabel, resourceKinds, stages, subjects } from '../catalog.ts';
import type { ResourcesContext } from '../context.ts';
import {
  countResourcesBy,
  findResources,
  rankingFields,
  resourcesPage,
  type ResourceDoc,
} from '../store/resource.ts';
import { canSeeResource, visibilityFilter } from '../access.ts';
import { catalogCounts, type CatalogCounts, type CountedBrowse } from './catalogFacets.ts';
import { searchCandidates } from './postingSearch.ts';
import { keepFirst, rankEntries } from './rank.ts';
import { queryTokens, scorer } from './tokens.ts';

export interface ResourceFilter {
  stage?: string | null;
  subject?: string | null;
  grade?: number | null;
  edition?: string | null;
  kind?: string | null;
  originLevel?: string | null;
  /** Defaults to PUBLISHED: the catalog; reviewers and authors ask for other statuses. */
  status?: readonly string[] | null;
  organization?: string | null;
  sharingState?: string | null;
}

export type ResourceSort = 'RELEVANCE' | 'NEWEST' | 'MOST_USED';

export interface BrowseArgs {
  filter?: ResourceFilter | null;
  query?: string | null;
  sort?: ResourceSort | null;
  first?: number | null;
  after?: string | null;
}

/** Facets of the catalog (分面): the field and how a value is shown. */
const facetFields = {
  stage: (v: string) => stages[v as keyof typeof stages]?.label ?? v,
  subject: (v: string) => subjects[v as keyof typeof subjects] ?? v,
  grade: (v: string) => gradeLabel(Number(v)),
  edition: (v: string) => v,
  kind: (v: string) => resourceKinds[v as keyof typeof resourceKinds] ?? v,
  originLevel: (v: string) => ({ NATIONAL: '国家', PROVINCIAL: '省级', SCHOOL: '校本' })[v] ?? v,
} as const;
export type FacetField = keyof typeof facetFields;

export interface FacetBucket {
  value: string;
  label: string;
  count: number;
}

export type ResourceConnection = Connection<ResourceDoc & Record<string, unknown>> & {
  facets: () => Promise<Record<FacetField, FacetBucket[]>>;
};

/** The conditions of a browse, each facet's apart so that a facet's counts ignore its own choice. */
function conditions(ctx: ResourcesContext, args: BrowseArgs) {
  const caller = requireScope(
    ctx.caller,
    scopes.RESOURCES_READ,
    scopes.RESOURCES_WRITE,
    scopes.RESOURCES_REVIEW,
  );
  const filter = args.filter ?? {};
  const common: Record<string, unknown>[] = [visibilityFilter(caller)];
  common.push(filter.status?.length ? { status: { $in: [...filter.status] } } : { status: 'PUBLISHED' });
  if (filter.organization) common.push({ orgPath: filter.organization });
  if (filter.sharingState) common.push({ 'sharing.state': filter.sharingState });
  // Only queries without a bigram or word come here (single Han characters): each must appear
  // in one of the searched fields. No index serves this; the postings serve every other query.
  const tokens = args.query ? queryTokens(args.query) : [];
  for (const t of tokens) {
    const re = new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    common.push({ $or: ['title', 'description', 'chapter', 'edition'].map((f) => ({ [f]: re })) });
  }
  const facets: Partial<Record<FacetField, Record<string, unknown>>> = {};
  for (const field of Object.keys(facetFields) as FacetField[]) {
    const value = filter[field];
    if (value !== null && value !== undefined && value !== '') facets[field] = { [field]: value };
  }
  const build = (omit?: FacetField) => ({
    $and: [
      ...common,
      ...Object.entries(facets)
        .filter(([f]) => f !== omit)
        .map(([, c]) => c),
    ],
  });
  return { build, hasQuery: tokens.length > 0, caller };
}

/**
 * Counts per value of every facet: one `$group` with `$sum` per facet (no `$facet` on the
 * embedded database). Only for single-character queries, whose matches no index finds.
 */
async function facetCounts(ctx: ResourcesContext, build: (omit?: FacetField) => Record<string, unknown>) {
  const entries = await Promise.all(
    (Object.keys(facetFields) as FacetField[]).map(async (field) => {
      const counts = await countResourcesBy(ctx.store, build(field), field);
      return [field, buckets(field, counts)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<FacetField, FacetBucket[]>;
}

/**
 * Ranks every match by relevance and returns one page, keeping only the page while the matches
 * stream by (the ranking needs each match's title, description and popularity: a light
 * projection), then the page's records: two round trips whatever the page depth, and memory
 * bounded by the page. The cursor carries (score, id).
 */
async function rankedPage(
  ctx: ResourcesContext,
  filter: Record<string, unknown>,
  query: string,
  args: BrowseArgs,
) {
  const size = pageSize(args.first, 20, 100);
  const score = scorer(query);
  let after: { score: number; hex: string } | undefined;
  if (args.after) {
    const { value, id } = decodeCursor('_score', args.after);
    after = { score: Number(value), hex: String(id) };
  }
  const before = (a: Omit<Scored, 'id'>, b: Omit<Scored, 'id'>) =>
    a.score > b.score || (a.score === b.score && a.hex > b.hex);
  const best: Scored[] = [];
  let total = 0;
  let rest = 0;
  for await (const row of rankingFields(ctx.store, filter)) {
    total += 1;
    const item = { id: row._id, hex: row._id.toHexString(), score: score(row) };
    if (after && !before(after, item)) continue;
    rest += 1;
    keepFirst(best, item, size, before);
  }
  const docs = best.length
    ? await findResources(
        ctx.store,
        best.map((p) => p.id),
      )
    : [];
  const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
  const nodes = best.flatMap((p) => {
    const doc = byId.get(p.hex);
    return doc ? [{ ...doc, _score: p.score } as ResourceDoc & Record<string, unknown>] : [];
  });
  return toConnection(nodes, '_score', rest > size, rest < total, async () => total);
}

interface Scored {
  id: ResourceDoc['_id'];
  hex: string;
  score: number;
}

function buckets(field: FacetField, counts: Map<string, number>): FacetBucket[] {
  return [...counts]
    .map(([value, count]) => ({ value, label: facetFields[field](value), count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'zh-CN', { numeric: true }));
}

/**
 * A keyword page from the postings of the query's rarest token (see `postingSearch.ts`):
 * filtered, ranked and faceted on the candidates, then the page's records by id. Each record
 * is checked again against the rules on its own stored fields, so a posting a concurrent write
 * has not yet replaced never shows what the caller may not see.
 */
async function fromPostings(
  ctx: ResourcesContext,
  args: BrowseArgs,
): Promise<ResourceConnection | undefined> {
  const caller = requireScope(
    ctx.caller,
    scopes.RESOURCES_READ,
    scopes.RESOURCES_WRITE,
    scopes.RESOURCES_REVIEW,
  );
  const statuses = args.filter?.status?.length ? [...args.filter.status] : ['PUBLISHED'];
  const found = await searchCandidates(ctx.store, queryTokens(args.query ?? ''), statuses);
  if (!found) return undefined;
  const scale = found.exact || found.entries.length === 0 ? 1 : found.total / found.entries.length;
  const page = rankEntries(found.entries, caller, args, scale);
  const docs = await Promise.all(page.ids.map((id) => ctx.loaders.resourceById.load(id)));
  const nodes = docs.flatMap((d) =>
    d && canSeeResource(caller, d)
      ? [{ ...d, _score: page.scores.get(d._id.toHexString()) } as ResourceDoc & Record<string, unknown>]
      : [],
  );
  const connection = toConnection(
    nodes,
    page.sortField,
    page.hasNextPage,
    page.hasPreviousPage,
    async () => page.total,
  );
  const fields = Object.keys(facetFields) as FacetField[];
  return {
    ...connection,
    facets: async () => {
      const counts = page.facets(fields);
      return Object.fromEntries(fields.map((f) => [f, buckets(f, counts[f])])) as Record<
        FacetField,
        FacetBucket[]
      >;
    },
  };
}

/** What a browse without a keyword asks of the catalog's counts (`catalogFacets.ts`). */
function countedBrowse(args: BrowseArgs): CountedBrowse {
  const filter = args.filter ?? {};
  const chosen: CountedBrowse['chosen'] = {};
  for (const field of Object.keys(facetFields) as FacetField[]) {
    const value = filter[field];
    if (value !== null && value !== undefined && value !== '') chosen[field] = String(value);
  }
  return {
    statuses: filter.status?.length ? [...filter.status] : ['PUBLISHED'],
    organization: filter.organization || null,
    sharingState: filter.sharingState || null,
    chosen,
  };
}

/**
 * The catalog: filters, keyword search, sort, cursor pages and facet counts, within what the
 * caller may see. Without a keyword, the total and the facets come from the counts kept on
 * write (`catalogFacets.ts`): grouping the matching resources grew with the catalog.
 */
export async function browseResources(ctx: ResourcesContext, args: BrowseArgs): Promise<ResourceConnection> {
  if (args.query) {
    const page = await fromPostings(ctx, args);
    if (page) return page;
  }
  const { build, hasQuery, caller } = conditions(ctx, args);
  const filter = build();
  const sort = args.sort ?? (hasQuery ? 'RELEVANCE' : 'NEWEST');
  let counted: Promise<CatalogCounts> | undefined;
  const counts = () =>
    (counted ??= catalogCounts(
      ctx.store,
      caller,
      countedBrowse(args),
      Object.keys(facetFields) as FacetField[],
    ));
  if (sort === 'RELEVANCE' && hasQuery) {
    const connection = await rankedPage(ctx, filter, args.query!, args);
    let facets: Promise<Record<FacetField, FacetBucket[]>> | undefined;
    return { ...connection, facets: () => (facets ??= facetCounts(ctx, build)) };
  }
  const key = sort === 'MOST_USED' ? 'usedKey' : 'newestKey';
  if (hasQuery) {
    const connection = await resourcesPage(ctx.store, filter, key, args);
    let facets: Promise<Record<FacetField, FacetBucket[]>> | undefined;
    return { ...connection, facets: () => (facets ??= facetCounts(ctx, build)) };
  }
  const connection = await resourcesPage(ctx.store, filter, key, args, async () => (await counts()).total);
  return {
    ...connection,
    facets: async () => {
      const { facets } = await counts();
      return Object.fromEntries(
        (Object.keys(facetFields) as FacetField[]).map((f) => [f, buckets(f, facets[f]!)]),
      ) as Record<FacetField, FacetBucket[]>;
    },
  };
}
