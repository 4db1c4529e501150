import type { ResourcesStore } from '../store/index.ts';
import { decodeEntryData } from '../store/entryCodec.ts';
import { readPostings, type PostingStatus } from '../store/postings.ts';
import { readEntries, type SearchEntryFields } from '../store/searchEntries.ts';
import type { SearchEntry } from './rank.ts';
import { isIndexedToken, searchTextOfRuns } from './tokens.ts';

/**
 * How many candidates a search reads the entries of at most. Below it, counts, facets and
 * ranking are exact; above it (more resources of the asked statuses hold every token of the
 * query than this), the search ranks the candidates of the best tiers — the rarest token in
 * the title first, then the most used by order of magnitude — up to the window, and scales
 * the total. A search's cost is bounded by this window, not by the catalog: each entry read
 * costs the embedded database about 0.05–0.1 ms (decoding).
 */
export const SEARCH_WINDOW = 500;

export interface Candidates {
  entries: SearchEntry[];
  /** Resources holding every indexed token at the asked statuses (what the window was taken from). */
  count: number;
  /** How many of them were read. */
  read: number;
}

function toEntry(p: SearchEntryFields): SearchEntry {
  const { runs, ...fields } = decodeEntryData(p.d);
  return { ...fields, id: p.r, status: p.status, text: searchTextOfRuns(runs) };
}

/**
 * The resources that hold every indexed token of the query: the postings of all its tokens in
 * one read, intersected from the rarest one's; at most `window` of them, best tier first (the
 * rarest token's tiers), then their entries in one read. Single characters are checked by the
 * ranking on each candidate's text, and so is everything else (status, rules) on the newest
 * entry. Undefined when the query has no indexed token (single Han characters: the caller scans).
 */
export async function searchCandidates(
  store: ResourcesStore,
  tokens: readonly string[],
  statuses: readonly string[],
  window = SEARCH_WINDOW,
): Promise<Candidates | undefined> {
  const indexed = [...new Set(tokens.filter(isIndexedToken))];
  if (indexed.length === 0) return undefined;
  const status: PostingStatus = statuses.length === 1 ? statuses[0]! : { $in: [...statuses] };
  const byToken = [...(await readPostings(store, indexed, status)).values()].sort((a, b) => a.size - b.size);
  const [rarest, ...others] = byToken as [Map<string, number>, ...Map<string, number>[]];
  const holding: [string, number][] = [];
  for (const [id, g] of rarest) if (others.every((m) => m.has(id))) holding.push([id, g]);
  if (holding.length === 0) return { entries: [], count: 0, read: 0 };
  const chosen =
    holding.length <= window
      ? holding
      : holding.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).slice(0, window);
  const entries = await readEntries(
    store.searchEntries,
    chosen.map(([id]) => id),
  );
  const ordered = chosen.flatMap(([id]) => {
    const entry = entries.get(id);
    return entry ? [toEntry(entry)] : [];
  });
  return { entries: ordered, count: holding.length, read: chosen.length };
}
