import type { ResourcesStore } from '../store/index.ts';
import {
  TIERS,
  countPostings,
  readPostings,
  type PostingData,
  type PostingFields,
  type PostingStatus,
} from '../store/postings.ts';
import type { SearchEntry } from './rank.ts';
import { compactText, isIndexedToken, searchText } from './tokens.ts';

/**
 * How many postings of its rarest token a search reads at most. Below it, counts, facets and
 * ranking are exact; above it (a token held by more resources of the asked statuses than
 * this), the search ranks the postings of the best tiers — the token in the title first, then
 * the most used by order of magnitude — up to the window, and scales the total. A search's cost
 * is bounded by this window, not by the catalog: each posting read costs the embedded database
 * about 0.2–0.7 ms (decoding), so 500 postings are 0.1–0.35 s.
 */
export const SEARCH_WINDOW = 500;

export interface Candidates {
  entries: SearchEntry[];
  /** Postings of the rarest token at the asked statuses (what the window was taken from). */
  rarestCount: number;
  /** How many of them were read. */
  read: number;
}

function toEntry(p: PostingFields): SearchEntry {
  const { description, chapter, ...fields } = JSON.parse(p.d) as PostingData;
  return {
    ...fields,
    id: p.r.toHexString(),
    status: p.status,
    text: searchText(fields.title, description, chapter, fields.edition),
    titleCompact: compactText(fields.title),
    descriptionCompact: compactText(description),
  };
}

/** Up to `window` postings of a token, whole tiers first (the token in the title, the most used). */
async function readWindow(
  store: ResourcesStore,
  token: string,
  status: PostingStatus,
  total: number,
  window: number,
): Promise<PostingFields[]> {
  if (total <= window) return readPostings(store, token, status);
  const rows: PostingFields[] = [];
  for (let g = 0; g < TIERS && rows.length < window; g++)
    rows.push(...(await readPostings(store, token, status, { g, limit: window - rows.length })));
  return rows;
}

/**
 * The resources that may match a query: the postings of its rarest indexed token (one count
 * per token, answered from the index, then the token's postings, at most `window`). The other
 * tokens, single characters included, are checked by the ranking on each candidate's text.
 * Undefined when the query has no indexed token (single Han characters: the caller scans).
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
  const counts = await Promise.all(indexed.map((t) => countPostings(store, t, status)));
  const rarest = counts.indexOf(Math.min(...counts));
  const rarestCount = counts[rarest]!;
  if (rarestCount === 0) return { entries: [], rarestCount: 0, read: 0 };
  const rows = await readWindow(store, indexed[rarest]!, status, rarestCount, window);
  // Overlapping writers can leave two postings of a resource for a moment: keep one.
  const byResource = new Map<string, SearchEntry>();
  for (const p of rows) {
    const entry = toEntry(p);
    if (!byResource.has(entry.id)) byResource.set(entry.id, entry);
  }
  return { entries: [...byResource.values()], rarestCount, read: rows.length };
}
