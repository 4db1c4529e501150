import { writeCounted } from './counters.ts';
import { tenancyFields } from './indexFields.ts';
import type { Models } from './models/index.ts';

/** What the organization path audit (src/audit/) reads of a space that belongs to a school. */
export interface SchoolSpaceRow {
  _id: { toString(): string };
  kind: string;
  key: string;
  title: string;
  orgPath: string[];
  schoolCode: string;
  classCode?: string | null;
}

/** Every school that has spaces, with the codes of its class spaces. */
export async function schoolsWithSpaces(models: Models): Promise<Map<string, string[]>> {
  const schools = new Map<string, string[]>();
  for (const code of (await models.spaces.distinct('schoolCode', { schoolCode: { $ne: null } })) as string[])
    schools.set(code, []);
  const classes = await models.spaces.find({ kind: 'CLASS' }, { schoolCode: 1, classCode: 1 }).lean();
  for (const c of classes) if (c.schoolCode && c.classCode) schools.get(c.schoolCode)?.push(c.classCode);
  return schools;
}

/** Every space that belongs to a school, one cursor over the collection. */
export function spacesOfSchools(models: Models): AsyncIterable<SchoolSpaceRow> {
  return models.spaces
    .find(
      { schoolCode: { $ne: null } },
      { kind: 1, key: 1, title: 1, orgPath: 1, schoolCode: 1, classCode: 1 },
    )
    .lean()
    .cursor() as AsyncIterable<SchoolSpaceRow>;
}

/**
 * Moves a space to another organization path (its index fields and counters follow), with a
 * new title when given, and records why in `orgPathAudit`.
 */
export async function moveSpace(
  models: Models,
  move: { spaceId: string; orgPath: string[]; title?: string | undefined },
  audit: Record<string, unknown>,
): Promise<void> {
  await writeCounted(models, 'spaces', async () => {
    const before = await models.spaces.findOne({ _id: move.spaceId }).lean();
    if (!before) return { result: undefined, changes: [] };
    const set = {
      orgPath: move.orgPath,
      ...tenancyFields(move.orgPath),
      ...(move.title ? { title: move.title } : {}),
    };
    await models.spaces.updateOne({ _id: move.spaceId }, { $set: set });
    return { result: undefined, changes: [{ before, after: { ...before, ...set } }] };
  });
  await models.spaces.db.collection('orgPathAudit').insertOne({ at: new Date(), ...audit });
}
