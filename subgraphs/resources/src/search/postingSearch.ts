import type { ResourcesStore } from '../store/index.ts';
import { decodeEntryData } from '../store/entryCodec.ts';
import { countPostings, postingIds, TIERS, type PostingStatus } from '../store/postings.ts';
import { readEntries, type SearchEntryFields } from '../store/searchEntries.ts';
import type { SearchEntry } from './rank.ts';
import { isIndexedToken, searchTextOfRuns, textMatcher } from './tokens.ts';

/**
 * How many matching resources a search ranks at most. Below it, counts, facets and ranking
 * are exact; above it (more resources of the asked statuses hold every token of the query),
 * the search ranks the first ones of the best tiers — the rarest token in the title first,
 * then the most used by order of magnitude — and estimates the total. A search's cost is
 * bounded by this window, not by the catalog: each entry read costs the embedded database
 * about 0.04–0.07 ms (decoding).
 */
export const SEARCH_WINDOW = 500;
/**
 * How many of the rarest token's resources a search checks at most (reads the entries of), in
 * rounds of `SEARCH_WINDOW`, when most of them lack another token of the query: past it the
 * total is estimated from the share that held every token.
 */
export const SEARCH_READ_LIMIT = 4 * SEARCH_WINDOW;

export interface Candidates {
  /** Resources whose newest entry has an asked status and holds every indexed token, best tiers first. */
  entries: SearchEntry[];
  /** How many resources hold every indexed token at the asked statuses: exact when `exact`, else estimated. */
  total: number;
  /** Whether every resource of the rarest token was checked (then `entries` are all the matches). */
  exact: boolean;
  /** How many of the rarest token's resources were checked (entries read). */
  read: number;
}

function toEntry(p: SearchEntryFields): SearchEntry {
  const { runs, ...fields } = decodeEntryData(p.d);
  return { ...fields, id: p.r, status: p.status, text: searchTextOfRuns(runs) };
}

/**
 * The resources that hold every indexed token of the query, from the postings of its rarest
 * token (counted per tier in the database first), read best tier first in rounds of `window`
 * until `window` of them hold every other token too (checked on each one's newest entry,
 * with its status) or `limit` were checked. Single characters, filters and rules are checked
 * by the ranking. Undefined when the query has no indexed token (single Han characters: the
 * caller scans).
 */
export async function searchCandidates(
  store: ResourcesStore,
  tokens: readonly string[],
  statuses: readonly string[],
  window = SEARCH_WINDOW,
  limit = Math.max(window, SEARCH_READ_LIMIT),
): Promise<Candidates | undefined> {
  const indexed = [...new Set(tokens.filter(isIndexedToken))];
  if (indexed.length === 0) return undefined;
  const status: PostingStatus = statuses.length === 1 ? statuses[0]! : { $in: [...statuses] };
  const counts = await countPostings(store, indexed, status);
  const sum = (tiers: number[]) => tiers.reduce((a, b) => a + b, 0);
  const [rarest, tiers] = [...counts].sort((a, b) => sum(a[1]) - sum(b[1]))[0]!;
  const postings = sum(tiers);
  if (postings === 0) return { entries: [], total: 0, exact: true, read: 0 };

  const asked = new Set(statuses);
  const holdsAll = textMatcher(indexed);
  const entries: SearchEntry[] = [];
  const seen = new Set<string>();
  let pending: string[] = [];
  let exact = true;
  const check = async () => {
    const found = await readEntries(store.searchEntries, pending);
    for (const id of pending) {
      const row = found.get(id);
      if (!row || !asked.has(row.status)) continue;
      const entry = toEntry(row);
      if (holdsAll(entry.text)) entries.push(entry);
    }
    pending = [];
  };
  const nonEmpty = [...Array(TIERS).keys()].filter((g) => tiers[g]! > 0);
  const whole = postings <= limit;
  for await (const id of postingIds(store, rarest, status, nonEmpty, { whole })) {
    if (seen.has(id)) continue;
    if (entries.length >= window || seen.size >= limit) {
      exact = false;
      break;
    }
    seen.add(id);
    pending.push(id);
    if (pending.length >= window) await check();
  }
  if (pending.length > 0) await check();
  const read = seen.size;
  // Not exact: the share of the rarest token's resources that matched, over all of them.
  const total = exact ? entries.length : Math.round((entries.length * Math.max(postings, read)) / read);
  return { entries, total, exact, read };
}
