import type { DatacenterContext } from '../context.ts';
import type { EntityKind } from '../store/models/index.ts';
import { deleteRecords } from '../sync/deleteRecords.ts';
import { upsertRecords } from '../sync/upsert.ts';
import { requirePersonalIdentifierLookup, writer } from '../access.ts';
import { CodeMutations } from './codes.ts';

type Records = { records: Record<string, unknown>[] };

const upsert =
  (kind: EntityKind) =>
  async (_: unknown, { records }: Records, ctx: DatacenterContext) => {
    const result = await upsertRecords(ctx.store, writer(ctx), kind, records);
    // RecordResult.key is masked like a change's key: it needs to know the kind.
    return { ...result, results: result.results.map((r) => ({ ...r, kind })) };
  };

export const Mutation = {
  ...CodeMutations,
  upsertRegions: upsert('REGION'),
  upsertSchools: upsert('SCHOOL'),
  upsertClasses: upsert('CLASS'),
  upsertStudents: upsert('STUDENT'),
  upsertTeachers: upsert('TEACHER'),
  upsertAssets: upsert('ASSET'),
  upsertTerms: upsert('TERM'),
  upsertCourses: upsert('COURSE'),
  upsertEnrollments: upsert('ENROLLMENT'),
  upsertAssignments: upsert('ASSIGNMENT'),
  upsertGuardians: upsert('GUARDIAN'),
  async deleteRecords(
    _: unknown,
    { kind, keys }: { kind: EntityKind; keys: string[] },
    ctx: DatacenterContext,
  ) {
    const caller = writer(ctx);
    // A student's key is its registry number: DELETED or not found would confirm a guessed one.
    if (kind === 'STUDENT' || kind === 'ENROLLMENT')
      requirePersonalIdentifierLookup(caller, 'registry number');
    const result = await deleteRecords(ctx.store, caller, kind, keys);
    return { ...result, results: result.results.map((r) => ({ ...r, kind })) };
  },
};
