import {
  moveSpace,
  schoolsWithSpaces,
  spacesOfSchools,
  type SchoolSpaceRow,
  type SpacesStore,
} from '../store/index.ts';
import type { DatacenterClient, DatacenterSchool } from '../peers.ts';

/**
 * The one-off audit after the fix of issue 13 finding 1: before it, `openSchoolSpaces` built a
 * school's path from the request's `regionCode`, so an administrator could open the spaces of
 * a school of another county under its own county. This compares the path of every space that
 * belongs to a school (school, class and personal spaces) with the place the data center gives
 * the school, and reports those that disagree; with `fix` it moves them to the data center's
 * path (school and class spaces also take the data center's names) and records why in
 * `orgPathAudit`.
 */
export interface SpacePathFinding {
  spaceId: string;
  kind: string;
  key: string;
  title: string;
  schoolCode: string;
  storedPath: string[];
  /** The data center's path of the school; null when it shows no such school to the token. */
  authorityPath: string[] | null;
  problem: 'MISMATCH' | 'UNKNOWN_SCHOOL' | 'UNKNOWN_CLASS';
  reason: string;
  action: 'MOVED' | 'REPORTED';
}

export interface SpacePathAuditReport {
  checked: { spaces: number; schools: number };
  findings: SpacePathFinding[];
  moved: number;
}

const samePath = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((code, i) => code === b[i]);

/** What is wrong with one space, or null when it sits where the data center puts its school. */
function judge(s: SchoolSpaceRow, place: DatacenterSchool | null): Omit<SpacePathFinding, 'action'> | null {
  const base = {
    spaceId: s._id.toString(),
    kind: s.kind,
    key: s.key,
    title: s.title,
    schoolCode: s.schoolCode,
    storedPath: [...s.orgPath],
    authorityPath: place ? place.orgPath : null,
  };
  if (!place)
    return {
      ...base,
      problem: 'UNKNOWN_SCHOOL',
      reason: `the data center shows no school ${s.schoolCode} (stored under ${s.orgPath.join(' › ')}); check it by hand`,
    };
  if (!samePath(s.orgPath, place.orgPath))
    return {
      ...base,
      problem: 'MISMATCH',
      reason: `stored under ${s.orgPath.join(' › ')}, but the data center places school ${s.schoolCode} at ${place.orgPath.join(' › ')}`,
    };
  if (s.kind === 'CLASS' && s.classCode && !place.classes.has(s.classCode))
    return {
      ...base,
      problem: 'UNKNOWN_CLASS',
      reason: `the data center has no class ${s.classCode} at school ${s.schoolCode}; check it by hand`,
    };
  return null;
}

export async function auditSpaceOrgPaths(options: {
  store: SpacesStore;
  datacenter: DatacenterClient;
  token: string;
  fix: boolean;
}): Promise<SpacePathAuditReport> {
  const { models } = options.store;
  // Every school is placed before anything is written: a data center that fails changes nothing.
  const places = new Map<string, DatacenterSchool | null>();
  for (const [code, classCodes] of await schoolsWithSpaces(models))
    places.set(code, await options.datacenter.school(code, classCodes, options.token));

  const findings: SpacePathFinding[] = [];
  let spaces = 0;
  for await (const s of spacesOfSchools(models)) {
    spaces += 1;
    const found = judge(s, places.get(s.schoolCode) ?? null);
    if (found)
      findings.push({ ...found, action: options.fix && found.problem === 'MISMATCH' ? 'MOVED' : 'REPORTED' });
  }
  const moved = findings.filter((f) => f.action === 'MOVED');
  for (const f of moved) await move(options, f, places.get(f.schoolCode)!);
  return { checked: { spaces, schools: places.size }, findings, moved: moved.length };
}

/** Moves a space to the data center's path (school and class spaces: and its names), recording why. */
async function move(options: { store: SpacesStore }, f: SpacePathFinding, place: DatacenterSchool) {
  const classCode = f.kind === 'CLASS' ? f.key.replace(/^class:/, '') : null;
  const title = f.kind === 'SCHOOL' ? place.name : classCode ? place.classes.get(classCode)?.name : undefined;
  await moveSpace(
    options.store.models,
    { spaceId: f.spaceId, orgPath: place.orgPath, title },
    {
      by: 'audit:org-paths',
      spaceId: f.spaceId,
      key: f.key,
      storedPath: f.storedPath,
      authorityPath: place.orgPath,
      titleBefore: f.title,
      titleAfter: title ?? f.title,
      action: 'MOVED',
      reason: `moved by the organization path audit (issue 13 finding 1): ${f.reason}`,
    },
  );
}
