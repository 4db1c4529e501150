import type { Caller } from '@edugraph/shared';
import { seesUnpublished } from '../access.ts';
import {
  MAX_DEPTH,
  cellOf,
  countedOf,
  countsId,
  parseCell,
  pathOf,
  readCounts,
  type Cell,
  type CellField,
} from '../store/catalogCounts.ts';
import type { ResourcesStore } from '../store/index.ts';
import { authoredCounted } from '../store/resource.ts';

/** What a browse without a keyword counts: its statuses, an owner's subtree, a sharing state and the facets chosen. */
export interface CountedBrowse {
  statuses: readonly string[];
  organization: string | null;
  sharingState: string | null;
  /** The value chosen per facet (a facet's own counts ignore its choice). */
  chosen: Partial<Record<CellField, string>>;
}

export interface CatalogCounts {
  total: number;
  /** Per facet: resources per value, with every other choice applied. */
  facets: Record<string, Map<string, number>>;
}

const isPrefix = (a: readonly string[], b: readonly string[]) => a.every((c, i) => b[i] === c);

/**
 * The counts documents (`store/catalogCounts.ts`) that sum what the caller sees within the
 * browse, without overlap. A document `<code>|<status>|<depth>` holds the resources owned in
 * `code`'s subtree whose audience is at `depth` on their owner's path.
 * - Published to the caller: an audience on the caller's path. The resources whose audience
 *   is the caller's ancestor A are those of A's document at A's depth; within an owner's
 *   subtree X, those of X's document at the depth of each audience X and the caller share.
 * - Owned (administrators, reviewers, service clients): every status of the caller's subtree
 *   (or of X, when X lies within it), leaving out what is published to an audience at the
 *   caller's depth or above (counted as published to the caller).
 */
function countsIds(caller: Caller, browse: CountedBrowse, orgPath: readonly string[] | null): string[] {
  const mine = caller.orgPath;
  const ids: string[] = [];
  const x = browse.organization;
  if (browse.statuses.includes('PUBLISHED')) {
    if (!x) mine.forEach((code, d) => ids.push(countsId(code, 'PUBLISHED', d)));
    else if (orgPath && isPrefix(orgPath, mine)) {
      for (let d = 0; d < mine.length; d++)
        ids.push(countsId(d < orgPath.length ? x : mine[d]!, 'PUBLISHED', d));
    } else if (orgPath) {
      for (let d = 0; d < Math.min(mine.length, orgPath.length) && mine[d] === orgPath[d]; d++)
        ids.push(countsId(x, 'PUBLISHED', d));
    }
  }
  if (seesUnpublished(caller)) {
    const owned =
      !x || mine.includes(x) ? caller.organization : orgPath && isPrefix(mine, orgPath) ? x : null;
    if (owned)
      for (const status of browse.statuses)
        for (let d = 0; d <= MAX_DEPTH; d++)
          if (status !== 'PUBLISHED' || d >= mine.length) ids.push(countsId(owned, status, d));
  }
  return ids;
}

/**
 * An author's own resources they see only as their author (not published to them): read by
 * `createdBy`, so bounded by what one person wrote.
 */
async function authored(store: ResourcesStore, caller: Caller, browse: CountedBrowse): Promise<Cell[]> {
  if (seesUnpublished(caller)) return [];
  const rows = await authoredCounted(store, caller.subject);
  return rows
    .map(countedOf)
    .filter(
      (r) =>
        r.orgPath.includes(caller.organization) &&
        browse.statuses.includes(r.status) &&
        (!browse.organization || r.orgPath.includes(browse.organization)) &&
        !(r.status === 'PUBLISHED' && caller.orgPath.includes(r.audience)),
    )
    .map(cellOf);
}

/**
 * The total and facet counts of a browse without a keyword, from the counts kept on write:
 * a few documents read by `_id` (as many as the caller's path is deep, times the statuses),
 * summed in memory over their cells (bounded by the facets' vocabulary), plus an author's own
 * unpublished resources. Exact: the same resources as `visibilityFilter` and the browse's
 * filter match.
 */
export async function catalogCounts(
  store: ResourcesStore,
  caller: Caller,
  browse: CountedBrowse,
  fields: readonly CellField[],
): Promise<CatalogCounts> {
  const x = browse.organization;
  const orgPath = !x
    ? null
    : caller.orgPath.includes(x)
      ? caller.orgPath.slice(0, caller.orgPath.indexOf(x) + 1)
      : await pathOf(store, x);
  const [docs, own] = await Promise.all([
    readCounts(store, countsIds(caller, browse, orgPath)),
    authored(store, caller, browse),
  ]);
  const facets = Object.fromEntries(fields.map((f) => [f, new Map<string, number>()]));
  let total = 0;
  const chosen = Object.entries(browse.chosen) as [CellField, string][];
  const add = (cell: Cell, n: number) => {
    if (n <= 0 || (browse.sharingState && cell.sharingState !== browse.sharingState)) return;
    const misses = chosen.filter(([f, v]) => cell[f] !== v);
    if (misses.length === 0) total += n;
    if (misses.length > 1) return;
    for (const f of fields) {
      // A facet's counts ignore its own choice: a cell missing only that choice still counts.
      if (misses.length === 1 && misses[0]![0] !== f) continue;
      const value = cell[f];
      if (value === '') continue;
      facets[f]!.set(value, (facets[f]!.get(value) ?? 0) + n);
    }
  };
  const parsed = new Map<string, Cell>();
  for (const doc of docs)
    for (const [key, n] of Object.entries(doc.c ?? {})) {
      let cell = parsed.get(key);
      if (!cell) parsed.set(key, (cell = parseCell(key)));
      add(cell, n);
    }
  for (const cell of own) add(cell, 1);
  return { total, facets };
}
