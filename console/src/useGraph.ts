import { useCallback, useEffect, useState } from 'react';
import type { PagerProps } from './components/Pager.tsx';
import type { TypedDocumentString } from './gql/graphql.ts';
import { request } from './graph.ts';

export interface GraphState<R> {
  data: R | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs a query when its variables change (compared as JSON) and on `reload`. */
export function useGraph<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  skip = false,
): GraphState<R> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data?: R; error?: Error; loading: boolean }>({ loading: !skip });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (skip) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    request(document, JSON.parse(key) as V).then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [document, key, round, skip]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Cursor pages: the cursors of the pages before the current one, so "previous" works too. */
export function useCursorPages(resetKey: string) {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  useEffect(() => setStack([null]), [resetKey]);
  const after = stack[stack.length - 1] ?? null;
  return {
    after,
    page: stack.length,
    next: (endCursor: string | null | undefined) => endCursor && setStack((s) => [...s, endCursor]),
    prev: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
  };
}

/** What every paged list of the graph answers: a page of rows, whether another follows, its cursor. */
export interface Connection {
  totalCount?: number | null;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export interface PagedList<C extends Connection> extends Omit<GraphState<unknown>, 'data'> {
  /** The connection of the current page, once loaded. */
  list: C | undefined;
  /** Previous / next for the `Pager`: back to page 1 whenever the variables change. */
  pager: PagerProps;
}

/**
 * A list page of the graph: `document` with `variables` and the current page's `after`, the
 * connection `select` picks from the answer, and the cursor pages over it. `resetKey` (default:
 * the variables) starts again at page 1 when it changes, e.g. when the document does.
 */
export function usePagedList<R, V extends { after?: string | null }, C extends Connection>(
  document: TypedDocumentString<R, V>,
  variables: Omit<V, 'after'>,
  select: (data: R) => C,
  resetKey: string = JSON.stringify(variables),
): PagedList<C> {
  const pages = useCursorPages(resetKey);
  const { data, error, loading, reload } = useGraph(document, { ...variables, after: pages.after } as V);
  const list = data && select(data);
  return {
    list,
    error,
    loading,
    reload,
    pager: {
      page: pages.page,
      total: list?.totalCount ?? undefined,
      hasNext: !!list?.pageInfo.hasNextPage,
      onPrev: pages.prev,
      onNext: () => pages.next(list?.pageInfo.endCursor),
    },
  };
}
