import type { HubClient } from '../../hub/hubClient.ts';
import type { OneRosterFile, OneRosterRow } from './tables.ts';

/**
 * What the OneRoster export's steps share: where rows go, what to read, what earlier steps
 * learnt, and the graph's lists read page by page.
 */
export interface RosterSink {
  write<F extends OneRosterFile>(file: F, row: OneRosterRow<F>): Promise<void>;
}

export interface RosterScope {
  client: HubClient;
  /** Region whose subtree to export (default: everything the token sees). */
  region?: string;
  /** One school only. */
  school?: string;
  pageSize: number;
  /** The day the current school-year session is taken from. */
  today: Date;
  signal?: AbortSignal;
}

/** What one export learnt in an earlier step that a later one refers to. */
export interface ExportRun {
  /** Org sourcedIds written (regions and schools). */
  orgs: Set<string>;
  /** Schools written, with their county (or city). */
  schools: Map<string, string>;
  /** Terms written, for the classes' termSourcedIds. */
  terms: { code: string; orgCode: string; schoolYear: number }[];
  /** The session a class without a term of its calendar belongs to (the current 学年). */
  currentYear: string;
  /** Whether the token may list guardians (asked once). */
  guardians?: boolean;
}

export type Node = Record<string, any>;

export type RosterStep = (scope: RosterScope, sink: RosterSink, run: ExportRun) => Promise<void>;

/** Every node of a list query, page by page (memory holds one page). */
export async function* nodes(
  scope: RosterScope,
  field: string,
  filterType: string,
  selection: string,
  filter: Node,
) {
  let after: string | null = null;
  for (;;) {
    if (scope.signal?.aborted) return;
    const data: { page: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Node[] } } =
      await scope.client.request(
        `query OneRosterExport($filter: ${filterType}, $first: Int, $after: String) {
  page: ${field}(filter: $filter, first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${selection} } }
}`,
        { filter: Object.keys(filter).length ? filter : null, first: scope.pageSize, after },
      );
    yield* data.page.nodes;
    if (!data.page.pageInfo.hasNextPage || !data.page.pageInfo.endCursor) return;
    after = data.page.pageInfo.endCursor;
  }
}

/** The filter of the per-school lists (classes, teachers, students, enrollments…). */
export function peopleFilter(scope: RosterScope): Node {
  if (scope.school) return { schoolCode: scope.school };
  return scope.region ? { regionCode: scope.region } : {};
}
