/**
 * Keyword search for Chinese text, which has no spaces between words: a document keeps the
 * character unigrams and bigrams of its text; a query becomes its bigrams (or, for a single
 * character, that character) and matches documents holding all of them. Latin letters and
 * digits form words of their own ("ppt", "2024"). `$text` is not available on the embedded
 * database and would not segment Chinese anyway.
 */
const CJK = /[\p{Script=Han}\u3040-\u30ff]/u;
const WORD = /[\p{L}\p{N}]/u;

/** NFKC (full-width → half-width), lower case. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** What a character is to `runs`: 0 a separator, 1 a letter or digit, 2 Han or kana. */
type CharClass = 0 | 1 | 2;
/** Characters past ASCII met so far (a few thousand at most: the texts' own characters). */
const classOf = new Map<number, CharClass>();
const MAX_CLASSES = 65_536;

function charClass(cp: number, ch: string): CharClass {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) ? 1 : 0;
  let c = classOf.get(cp);
  if (c === undefined) {
    c = CJK.test(ch) ? 2 : WORD.test(ch) ? 1 : 0;
    if (classOf.size < MAX_CLASSES) classOf.set(cp, c);
  }
  return c;
}

/**
 * The runs of the texts segmented last: a write segments the same title and description for
 * its tokens, its title tokens, its entry's runs and compact texts (bulk loads: a third of
 * this process's CPU per resource before).
 */
const recent = new Map<string, { han: boolean; text: string }[]>();

/** Splits text into runs: Han runs and alphanumeric words; punctuation and spaces separate. */
function runs(text: string): { han: boolean; text: string }[] {
  const known = recent.get(text);
  if (known) return known;
  const out: { han: boolean; text: string }[] = [];
  const normal = normalizeText(text);
  let start = -1;
  let han = false;
  for (let i = 0; i < normal.length;) {
    const cp = normal.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const c = charClass(cp, width === 1 ? normal[i]! : normal.slice(i, i + 2));
    if (c === 0 || (start >= 0 && han !== (c === 2))) {
      if (start >= 0) out.push({ han, text: normal.slice(start, i) });
      start = -1;
    }
    if (c !== 0 && start < 0) {
      start = i;
      han = c === 2;
    }
    i += width;
  }
  if (start >= 0) out.push({ han, text: normal.slice(start) });
  if (recent.size >= 16) recent.clear();
  recent.set(text, out);
  return out;
}

/** The tokens stored on a document: every Han character and bigram, every word. */
export function documentTokens(...texts: (string | null | undefined)[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const run of runs(text)) {
      if (!run.han) {
        tokens.add(run.text);
        continue;
      }
      const chars = [...run.text];
      for (let i = 0; i < chars.length; i++) {
        tokens.add(chars[i]!);
        if (i + 1 < chars.length) tokens.add(chars[i]! + chars[i + 1]!);
      }
    }
  }
  return [...tokens];
}

/** The tokens a query needs: bigrams of each Han run (one character alone stays), words. */
export function queryTokens(query: string): string[] {
  const tokens = new Set<string>();
  for (const run of runs(query)) {
    const chars = [...run.text];
    if (!run.han || chars.length === 1) {
      tokens.add(run.text);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
  }
  return [...tokens];
}

/** The query as compared with titles: normalized, without spaces and punctuation. */
export function compactText(text: string): string {
  return runs(text)
    .map((r) => r.text)
    .join('');
}

/**
 * How well a document answers the query, highest first: the exact title, then titles that
 * start with or contain the query as typed, then descriptions containing it, then documents
 * holding the query's tokens apart. Popularity breaks ties between equal matches.
 * `scorer` prepares the query once; documents may carry their compact texts precomputed.
 */
export function scorer(query: string) {
  const q = compactText(query);
  const wanted = queryTokens(query);
  return (doc: {
    title: string;
    description?: string | null;
    popularity?: number | null;
    titleCompact?: string;
    descriptionCompact?: string;
  }): number => {
    const title = doc.titleCompact ?? compactText(doc.title);
    let score: number;
    if (q && title === q) score = 1000;
    else if (q && title.startsWith(q)) score = 600;
    else if (q && title.includes(q)) score = 400 - Math.min(title.length, 100);
    else if (q && (doc.descriptionCompact ?? compactText(doc.description ?? '')).includes(q)) score = 150;
    else {
      const inTitle = new Set(documentTokens(doc.title));
      score = wanted.length ? (50 * wanted.filter((t) => inTitle.has(t)).length) / wanted.length : 0;
    }
    return score + Math.min(Math.log10(1 + Math.max(0, doc.popularity ?? 0)), 9);
  };
}

export function relevance(
  query: string,
  doc: { title: string; description?: string | null; popularity?: number | null },
): number {
  return scorer(query)(doc);
}

const SEP = '\u0001';

/**
 * The same runs as `documentTokens`, joined by a separator that no token contains: a document
 * holds a token exactly when this text contains it (Han characters and bigrams never span a
 * separator; a Latin word must fill a whole run). Lets an in-memory index match like the
 * stored tokens at a fraction of their memory.
 */
export function searchText(...texts: (string | null | undefined)[]): string {
  const parts = texts.flatMap((t) => (t ? runs(t).map((r) => r.text) : []));
  return `${SEP}${parts.join(SEP)}${SEP}`;
}

/**
 * The runs of these texts joined by a space (no run holds one): what a search entry stores, so
 * that a search does not segment the text of every candidate again (`searchTextOfRuns`).
 */
export function textRuns(...texts: (string | null | undefined)[]): string {
  return texts.flatMap((t) => (t ? runs(t).map((r) => r.text) : [])).join(' ');
}

/** `searchText` of the texts whose `textRuns` these are. */
export function searchTextOfRuns(joined: string): string {
  return `${SEP}${joined.replaceAll(' ', SEP)}${SEP}`;
}

/** Does a `searchText` hold every query token? */
export function textHolds(text: string, tokens: readonly string[]): boolean {
  return textMatcher(tokens)(text);
}

/** `textHolds` for one query, prepared once for many texts. */
export function textMatcher(tokens: readonly string[]): (text: string) => boolean {
  const needles = tokens.map((t) => (CJK.test(t) ? t : `${SEP}${t}${SEP}`));
  return (text) => needles.every((n) => text.includes(n));
}

/** Tokens worth an inverted list: Han bigrams and words, not single Han characters. */
export function isIndexedToken(token: string): boolean {
  return !(token.length === 1 && CJK.test(token));
}
