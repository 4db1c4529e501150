import { regionPath } from '@edugraph/shared/identifiers';
import type { HubClient } from '../../hub/hubClient.ts';
import {
  cedsGrade,
  ORG_TYPE,
  schoolYearOf,
  sexOf,
  splitChineseName,
  unmaskedDate,
  type OneRosterFile,
  type OneRosterRow,
} from './tables.ts';

/**
 * The hub's records as OneRoster 1.2 rows, read page by page through the graph with the
 * caller's token: regions and schools → orgs, homeroom classes → classes, students and teachers
 * → users (with roles and demographics), class membership and head teachers → enrollments.
 * What the token may not see unmasked stays masked: a masked birth date is left out, a masked
 * registry number is written masked (identifier) and never used as a key (the hub's ids are).
 *
 * The graph has no academic years, terms or courses yet, so each export has one school-year
 * session (the current 学年) and one homeroom course (行政班) per school, which every class
 * belongs to. When the roster model lands (terms, courses, enrollments by term), its steps join
 * `rosterSteps` — reading terms into academicSessions, courses into courses and enrollments by
 * term into enrollments — and the placeholders go.
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
  /** The day the school-year session is taken from. */
  today: Date;
  signal?: AbortSignal;
}

type Node = Record<string, any>;

/** Every node of a list query, page by page (memory holds one page). */
async function* nodes(
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

/** The filter of the per-school lists (classes, teachers, students). */
function peopleFilter(scope: RosterScope): Node {
  if (scope.school) return { schoolCode: scope.school };
  return scope.region ? { regionCode: scope.region } : {};
}

const homeroomCourse = (schoolCode: string) => `homeroom-${schoolCode}`;

async function sessions(scope: RosterScope, sink: RosterSink): Promise<void> {
  await sink.write('academicSessions', schoolYearOf(scope.today));
}

async function orgs(scope: RosterScope, sink: RosterSink): Promise<void> {
  const year = schoolYearOf(scope.today).sourcedId!;
  // The top org of the export has no parent in it: parents are kept only inside the subtree.
  const exported = new Set<string>();
  if (!scope.school) {
    const regions: Node[] = [];
    for await (const r of nodes(scope, 'regions', 'RegionFilter', 'code name level', {}))
      if (!scope.region || regionPath(String(r.code)).includes(scope.region)) regions.push(r);
    for (const r of regions) exported.add(String(r.code));
    for (const r of regions) {
      const parent = regionPath(String(r.code)).at(-2);
      await sink.write('orgs', {
        sourcedId: r.code,
        name: r.name,
        type: ORG_TYPE[r.level] ?? 'local',
        identifier: r.code,
        parentSourcedId: parent && exported.has(parent) ? parent : '',
      });
    }
  }
  const filter = scope.region && !scope.school ? { regionCode: scope.region } : {};
  for await (const s of nodes(scope, 'schools', 'SchoolFilter', 'code name regionCode', filter)) {
    if (scope.school && s.code !== scope.school) continue;
    await sink.write('orgs', {
      sourcedId: s.code,
      name: s.name,
      type: 'school',
      identifier: s.code,
      parentSourcedId: exported.has(s.regionCode) ? s.regionCode : '',
    });
    await sink.write('courses', {
      sourcedId: homeroomCourse(s.code),
      schoolYearSourcedId: year,
      title: '行政班',
      courseCode: 'HOMEROOM',
      orgSourcedId: s.code,
    });
  }
}

async function classes(scope: RosterScope, sink: RosterSink): Promise<void> {
  const year = schoolYearOf(scope.today).sourcedId!;
  const selection = 'code name grade school { code } headTeacher { id }';
  for await (const c of nodes(scope, 'classes', 'ClassFilter', selection, peopleFilter(scope))) {
    const school = c.school.code as string;
    await sink.write('classes', {
      sourcedId: c.code,
      title: c.name,
      grades: cedsGrade(c.grade),
      courseSourcedId: homeroomCourse(school),
      classCode: c.code,
      classType: 'homeroom',
      schoolSourcedId: school,
      termSourcedIds: year,
    });
    if (c.headTeacher)
      await sink.write('enrollments', {
        sourcedId: `${c.code}-${c.headTeacher.id}`,
        classSourcedId: c.code,
        schoolSourcedId: school,
        userSourcedId: c.headTeacher.id,
        role: 'teacher',
        primary: 'true',
      });
  }
}

/** users, roles and demographics rows of one person. */
async function person(
  sink: RosterSink,
  p: { id: string; name: string; gender: string; school: string; enabled: boolean; birthDate?: string },
  extra: {
    username: string;
    identifier: string;
    userIds: string;
    grades: string;
    role: 'student' | 'teacher';
  },
): Promise<void> {
  const { familyName, givenName } = splitChineseName(p.name);
  await sink.write('users', {
    sourcedId: p.id,
    enabledUser: String(p.enabled),
    username: extra.username,
    userIds: extra.userIds,
    givenName,
    familyName,
    identifier: extra.identifier,
    grades: extra.grades,
    primaryOrgSourcedId: p.school,
  });
  await sink.write('roles', {
    sourcedId: `${p.id}-${p.school}`,
    userSourcedId: p.id,
    roleType: 'primary',
    role: extra.role,
    orgSourcedId: p.school,
  });
  await sink.write('demographics', {
    sourcedId: p.id,
    birthDate: unmaskedDate(p.birthDate),
    sex: sexOf(p.gender),
  });
}

async function teachers(scope: RosterScope, sink: RosterSink): Promise<void> {
  const selection = 'id staffNumber name gender school { code } employmentStatus';
  for await (const t of nodes(scope, 'teachers', 'TeacherFilter', selection, peopleFilter(scope))) {
    const enabled = t.employmentStatus === 'ACTIVE' || t.employmentStatus === 'ON_LEAVE';
    await person(
      sink,
      { id: t.id, name: t.name, gender: t.gender, school: t.school.code, enabled },
      {
        username: t.staffNumber,
        identifier: t.staffNumber,
        userIds: `{JGH:${t.staffNumber}}`,
        grades: '',
        role: 'teacher',
      },
    );
  }
}

async function students(scope: RosterScope, sink: RosterSink): Promise<void> {
  const selection = 'id registryNumber name gender birthDate school { code } class { code grade } status';
  for await (const s of nodes(scope, 'students', 'StudentFilter', selection, peopleFilter(scope))) {
    const school = s.school.code as string;
    // A masked registry number (no personal-data scope) is no key: the hub's id is the username.
    const masked = String(s.registryNumber).includes('*');
    await person(
      sink,
      {
        id: s.id,
        name: s.name,
        gender: s.gender,
        school,
        enabled: s.status === 'ENROLLED',
        birthDate: s.birthDate,
      },
      {
        username: masked ? s.id : s.registryNumber,
        identifier: s.registryNumber,
        userIds: masked ? '' : `{XJH:${s.registryNumber}}`,
        grades: cedsGrade(s.class?.grade),
        role: 'student',
      },
    );
    if (s.class)
      await sink.write('enrollments', {
        sourcedId: `${s.class.code}-${s.id}`,
        classSourcedId: s.class.code,
        schoolSourcedId: school,
        userSourcedId: s.id,
        role: 'student',
      });
  }
}

/** The steps that fill the files, in order; the roster model's steps join here. */
export const rosterSteps: readonly ((scope: RosterScope, sink: RosterSink) => Promise<void>)[] = [
  sessions,
  orgs,
  classes,
  teachers,
  students,
];
