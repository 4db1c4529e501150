import type { Models } from '../context.ts';
import { postingRange, type PostingFields } from '../store/postings.ts';
import type { SearchEntry } from './rank.ts';
import { compactText, isIndexedToken, searchText } from './tokens.ts';

/**
 * How many postings of its rarest token a search reads at most. Below it, counts, facets and
 * ranking are exact; above it (a token held by more resources of the asked statuses than
 * this), the search ranks the first `SEARCH_WINDOW` postings in their stored order — the token
 * in the title first, then the most used — and estimates the total. A search's cost is bounded
 * by this window, not by the catalog.
 */
export const SEARCH_WINDOW = 2000;

export interface Candidates {
  entries: SearchEntry[];
  /** Postings of the rarest token at the asked statuses (what the window was taken from). */
  rarestCount: number;
  /** How many of them were read. */
  read: number;
}

function toEntry(p: PostingFields): SearchEntry {
  return {
    id: p.r.toHexString(),
    text: searchText(p.title, p.description, p.chapter, p.edition),
    title: p.title,
    titleCompact: compactText(p.title),
    descriptionCompact: compactText(p.description ?? ''),
    audience: p.audience,
    orgPath: p.orgPath,
    status: p.status,
    createdBy: p.createdBy,
    stage: p.stage,
    subject: p.subject,
    grade: p.grade ?? null,
    edition: p.edition ?? null,
    kind: p.kind,
    originLevel: p.originLevel,
    sharingState: p.sharingState,
    popularity: p.popularity ?? 0,
    createdAtMs: p.createdAt ? new Date(p.createdAt).getTime() : 0,
  };
}

/**
 * The resources that may match a query: the postings of its rarest indexed token (one count
 * per token, answered from the index, then one `_id` range read per status). The other tokens,
 * single characters included, are checked by the ranking on each candidate's text. Undefined
 * when the query has no indexed token (a single Han character: the caller scans instead).
 */
export async function searchCandidates(
  models: Models,
  tokens: readonly string[],
  statuses: readonly string[],
  window = SEARCH_WINDOW,
): Promise<Candidates | undefined> {
  const indexed = [...new Set(tokens.filter(isIndexedToken))];
  if (indexed.length === 0) return undefined;
  const status = statuses.length === 1 ? statuses[0] : { $in: [...statuses] };
  const counts =
    indexed.length === 1
      ? [undefined]
      : await Promise.all(indexed.map((t) => models.postings.countDocuments({ t, status }).exec()));
  let rarest = 0;
  counts.forEach((n, i) => {
    if (n !== undefined && n < counts[rarest]!) rarest = i;
  });
  if (counts[rarest] === 0) return { entries: [], rarestCount: 0, read: 0 };
  const token = indexed[rarest]!;
  const perStatus = await Promise.all(
    statuses.map(
      (s) =>
        models.postings
          .find({ _id: postingRange(token, s) })
          .sort({ _id: 1 })
          .limit(window + 1)
          .lean()
          .exec() as Promise<PostingFields[]>,
    ),
  );
  const rows = perStatus.flat();
  const kept = rows.length > window ? rows.slice(0, window) : rows;
  // Overlapping writers can leave two postings of a resource for a moment: keep one.
  const byResource = new Map<string, SearchEntry>();
  for (const p of kept) {
    const entry = toEntry(p);
    if (!byResource.has(entry.id)) byResource.set(entry.id, entry);
  }
  const rarestCount =
    counts[rarest] ??
    (rows.length > window ? await models.postings.countDocuments({ t: token, status }).exec() : rows.length);
  return { entries: [...byResource.values()], rarestCount, read: kept.length };
}
