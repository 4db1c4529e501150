import { regionPath } from '@edugraph/shared/identifiers';
import type { HubClient } from '../../hub/hubClient.ts';
import { classes, courses, sessions, studentEnrollments, teacherAssignments } from './rosterData.ts';
import { guardians, students, teachers } from './people.ts';
import { ORG_TYPE, type OneRosterFile, type OneRosterRow } from './tables.ts';

/**
 * The hub's records as OneRoster 1.2 rows, read page by page through the graph with the
 * caller's token: regions and schools → orgs, terms (学年学期) and their school years →
 * academicSessions, courses (national curriculum and school courses) → courses, homeroom
 * classes → classes (with their terms), students, teachers and guardians → users (with roles,
 * demographics for students and teachers, guardians' `agents` links), enrollments (学生在班) and
 * teaching assignments (任课) → enrollments. What the token may not see unmasked stays masked:
 * a masked birth date or phone is left out, a masked registry number is written masked
 * (identifier) and never used as a key (the hub's ids are).
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

async function orgs(scope: RosterScope, sink: RosterSink, run: ExportRun): Promise<void> {
  // The top org of the export has no parent in it: parents are kept only inside the subtree.
  if (!scope.school) {
    const regions: Node[] = [];
    for await (const r of nodes(scope, 'regions', 'RegionFilter', 'code name level', {}))
      if (!scope.region || regionPath(String(r.code)).includes(scope.region)) regions.push(r);
    for (const r of regions) run.orgs.add(String(r.code));
    for (const r of regions) {
      const parent = regionPath(String(r.code)).at(-2);
      await sink.write('orgs', {
        sourcedId: r.code,
        name: r.name,
        type: ORG_TYPE[r.level] ?? 'local',
        identifier: r.code,
        parentSourcedId: parent && run.orgs.has(parent) ? parent : '',
      });
    }
  }
  const filter = scope.region && !scope.school ? { regionCode: scope.region } : {};
  for await (const s of nodes(scope, 'schools', 'SchoolFilter', 'code name regionCode', filter)) {
    if (scope.school && s.code !== scope.school) continue;
    run.orgs.add(String(s.code));
    run.schools.set(String(s.code), String(s.regionCode));
    await sink.write('orgs', {
      sourcedId: s.code,
      name: s.name,
      type: 'school',
      identifier: s.code,
      parentSourcedId: run.orgs.has(s.regionCode) ? s.regionCode : '',
    });
  }
}

/** The steps that fill the files, in order (each refers only to what an earlier one wrote). */
export const rosterSteps: readonly RosterStep[] = [
  orgs,
  sessions,
  courses,
  classes,
  teachers,
  students,
  guardians,
  studentEnrollments,
  teacherAssignments,
];
