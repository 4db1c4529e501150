import { HubError } from '../../hub/hubClient.ts';
import { nodes, peopleFilter, type ExportRun, type RosterScope, type RosterSink } from './exportScope.ts';
import { cedsGrade, guardianRole, sexOf, splitChineseName, unmaskedDate } from './tables.ts';

/**
 * The people of the OneRoster export: students and teachers → users, roles and demographics
 * (sex from the GB/T 2261.1 code), guardians (监护人) → users with the role parent or guardian
 * and their students as `agentSourcedIds` (and the students' guardians as theirs) when the
 * token may read guardians.
 */
interface Person {
  id: string;
  name: string;
  gender: string | undefined;
  school: string;
  enabled: boolean;
  birthDate?: string;
}

interface UserExtra {
  username: string;
  identifier: string;
  userIds: string;
  grades: string;
  role: 'student' | 'teacher';
  agents?: string;
}

/** users, roles and demographics rows of one student or teacher. */
async function person(sink: RosterSink, p: Person, extra: UserExtra): Promise<void> {
  const { familyName, givenName } = splitChineseName(p.name);
  await sink.write('users', {
    sourcedId: p.id,
    enabledUser: String(p.enabled),
    username: extra.username,
    userIds: extra.userIds,
    givenName,
    familyName,
    identifier: extra.identifier,
    agentSourcedIds: extra.agents ?? '',
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

export async function teachers(scope: RosterScope, sink: RosterSink): Promise<void> {
  const selection = 'id staffNumber name genderCode { code } school { code } employmentStatus';
  for await (const t of nodes(scope, 'teachers', 'TeacherFilter', selection, peopleFilter(scope))) {
    const enabled = t.employmentStatus === 'ACTIVE' || t.employmentStatus === 'ON_LEAVE';
    await person(
      sink,
      { id: t.id, name: t.name, gender: t.genderCode?.code, school: t.school.code, enabled },
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

const guardianId = (guardianNumber: string) => `guardian-${guardianNumber}`;

/**
 * Whether the token may list guardians (a reader of the data center may; a caller the hub
 * refuses them to gets a roster without them rather than no roster).
 */
async function mayReadGuardians(scope: RosterScope, run: ExportRun): Promise<boolean> {
  if (run.guardians !== undefined) return run.guardians;
  try {
    await scope.client.request(
      'query OneRosterGuardians { guardians(first: 1) { pageInfo { hasNextPage } } }',
    );
    run.guardians = true;
  } catch (err) {
    if (!(err instanceof HubError) || err.code !== 'FORBIDDEN') throw err;
    run.guardians = false;
  }
  return run.guardians;
}

/** 学籍状态 01 在读 and 05 复学 are enrolled students: enabled users. */
const ENROLLED = new Set(['01', '05']);

export async function students(scope: RosterScope, sink: RosterSink, run: ExportRun): Promise<void> {
  const withGuardians = await mayReadGuardians(scope, run);
  const selection =
    'id registryNumber name genderCode { code } birthDate school { code } class { code grade } statusCode { code }' +
    (withGuardians ? ' guardians { guardianNumber }' : '');
  for await (const s of nodes(scope, 'students', 'StudentFilter', selection, peopleFilter(scope))) {
    // A masked registry number (no personal-data scope) is no key: the hub's id is the username.
    const masked = String(s.registryNumber).includes('*');
    const agents = ((s.guardians ?? []) as { guardianNumber: string }[]).map((g) =>
      guardianId(g.guardianNumber),
    );
    await person(
      sink,
      {
        id: s.id,
        name: s.name,
        gender: s.genderCode?.code,
        school: s.school.code,
        enabled: ENROLLED.has(s.statusCode?.code),
        birthDate: s.birthDate,
      },
      {
        username: masked ? s.id : s.registryNumber,
        identifier: s.registryNumber,
        userIds: masked ? '' : `{XJH:${s.registryNumber}}`,
        grades: cedsGrade(s.class?.grade),
        role: 'student',
        agents: agents.join(','),
      },
    );
  }
}

/** Guardians as users (parent or guardian) whose agents are their students; phone when unmasked. */
export async function guardians(scope: RosterScope, sink: RosterSink, run: ExportRun): Promise<void> {
  if (!(await mayReadGuardians(scope, run))) return;
  const selection = 'guardianNumber name relation { code } phone school { code } students { id }';
  for await (const g of nodes(scope, 'guardians', 'GuardianFilter', selection, peopleFilter(scope))) {
    const id = guardianId(g.guardianNumber);
    const school: string = g.school?.code ?? '';
    const { familyName, givenName } = splitChineseName(g.name);
    const phone = typeof g.phone === 'string' && !g.phone.includes('*') ? g.phone : '';
    await sink.write('users', {
      sourcedId: id,
      enabledUser: 'true',
      username: id,
      givenName,
      familyName,
      identifier: g.guardianNumber,
      phone,
      agentSourcedIds: (g.students as { id: string }[]).map((s) => s.id).join(','),
      primaryOrgSourcedId: school,
    });
    if (school)
      await sink.write('roles', {
        sourcedId: `${id}-${school}`,
        userSourcedId: id,
        roleType: 'primary',
        role: guardianRole(g.relation?.code),
        orgSourcedId: school,
      });
  }
}
