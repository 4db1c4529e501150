import { regionPath } from '@edugraph/shared/identifiers';
import { classes, courses, sessions, studentEnrollments, teacherAssignments } from './rosterData.ts';
import { guardians, students, teachers } from './people.ts';
import {
  nodes,
  type ExportRun,
  type Node,
  type RosterScope,
  type RosterSink,
  type RosterStep,
} from './exportScope.ts';
import { ORG_TYPE } from './tables.ts';

export type { ExportRun, RosterScope, RosterSink } from './exportScope.ts';

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
