import {
  errors,
  hasRole,
  idempotencyRequest,
  requireCaller,
  requireScope,
  roles,
  scopes,
  type Caller,
} from '@edugraph/shared';
import { type resourceKinds, stageOfGrade, stages, type subjects, type Stage } from './catalog.ts';
import type { ResourcesContext } from './context.ts';
import { isRecordId, type RecordId } from './store/ids.ts';
import { findOrCreateProvider, type ProviderDoc } from './store/provider.ts';
import { insertResource, readResource, writeResourceVersion, type ResourceDoc } from './store/resource.ts';
import { requireOwnerSide } from './review/stateMachine.ts';
import { claimVersion } from './store/versionClaim.ts';
import { reindexResources } from './store/searchIndex.ts';
import { feedKey, listKeys } from './store/listKeys.ts';
import { canSeeResource, defaultAudience, originLevelOf } from './access.ts';

export interface ResourceInput {
  title: string;
  description?: string | null;
  kind: keyof typeof resourceKinds;
  stage: Stage;
  subject: keyof typeof subjects;
  grade?: number | null;
  edition?: string | null;
  chapter?: string | null;
  language?: string | null;
  format: string;
  content: { url: string; sizeBytes: number; checksum: string };
  coverUrl?: string | null;
  license?: string | null;
}

export interface ProviderInput {
  kind: 'ORGANIZATION' | 'TEACHER' | 'COMPANY';
  name?: string | null;
  creditCode?: string | null;
}

/** Loads a resource the caller may see, or NOT_FOUND (hidden ones are reported the same way). */
export async function visibleResource(ctx: ResourcesContext, id: string): Promise<ResourceDoc> {
  const caller = requireScope(
    ctx.caller,
    scopes.RESOURCES_READ,
    scopes.RESOURCES_WRITE,
    scopes.RESOURCES_REVIEW,
  );
  const doc = isRecordId(id) ? await ctx.loaders.resourceById.load(id) : null;
  if (!doc || !canSeeResource(caller, doc)) throw errors.notFound('Resource', id);
  return doc;
}

function checkInput(input: Partial<ResourceInput>): void {
  const bad = (field: string, message: string) => errors.badInput(message, { field });
  if (input.title !== undefined && !input.title.trim()) throw bad('title', 'A resource needs a title.');
  if (input.title && input.title.length > 200) throw bad('title', 'The title is longer than 200 characters.');
  if (input.grade !== undefined && input.grade !== null) {
    const stage = stageOfGrade(input.grade);
    if (!stage) throw bad('grade', `Grade ${input.grade} is not a school grade (1–12).`);
    if (input.stage && stage !== input.stage)
      throw bad(
        'grade',
        `Grade ${input.grade} is not in stage ${input.stage} (${stages[input.stage].label}).`,
      );
  }
  if (input.content) {
    if (!/^https?:\/\//.test(input.content.url))
      throw bad('content.url', 'The content URL must start with http:// or https://.');
    if (!Number.isInteger(input.content.sizeBytes) || input.content.sizeBytes < 0)
      throw bad('content.sizeBytes', 'The size is a whole number of bytes.');
    if (!/^(sha256:)?[a-f0-9]{64}$/i.test(input.content.checksum))
      throw bad('content.checksum', 'The checksum is a SHA-256 digest in hex (optionally "sha256:…").');
  }
}

/** Finds or creates the provider a new resource names (or the caller, when it names none). */
async function providerFor(
  ctx: ResourcesContext,
  caller: Caller,
  input?: ProviderInput | null,
): Promise<ProviderDoc> {
  const kind =
    input?.kind ?? (hasRole(caller, roles.TEACHER) && !caller.isService ? 'TEACHER' : 'ORGANIZATION');
  let key: string;
  let fields: Record<string, unknown>;
  if (kind === 'COMPANY') {
    const credit = input?.creditCode?.trim().toUpperCase() ?? '';
    if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(credit))
      throw errors.badInput('A company provider needs its 18-character unified social credit code.', {
        field: 'provider.creditCode',
      });
    if (!input?.name?.trim())
      throw errors.badInput('A company provider needs its name.', { field: 'provider.name' });
    key = `COMPANY:${credit}`;
    fields = { kind, name: input.name.trim(), creditCode: credit };
  } else if (kind === 'TEACHER') {
    if (caller.isService)
      throw errors.badInput('A service client cannot be a teacher provider.', { field: 'provider.kind' });
    key = `TEACHER:${caller.subject}`;
    fields = {
      kind,
      name: input?.name?.trim() || '教师',
      userId: caller.subject,
      organization: caller.organization,
    };
  } else {
    key = `ORGANIZATION:${caller.organization}`;
    fields = { kind, name: input?.name?.trim() || caller.organization, organization: caller.organization };
  }
  const found = await findOrCreateProvider(ctx.store, key, fields);
  if (!found) throw errors.unavailable('the provider registry');
  return found;
}

/** Creates a DRAFT owned by the caller's organization. */
export async function createResource(
  ctx: ResourcesContext,
  input: ResourceInput,
  provider?: ProviderInput | null,
  idempotencyKey?: string | null,
): Promise<ResourceDoc> {
  const caller = requireScope(ctx.caller, scopes.RESOURCES_WRITE);
  checkInput(input);
  const prov = await providerFor(ctx, caller, provider);
  const now = new Date();
  const fieldsFor = (_id: RecordId): Record<string, unknown> => ({
    _id,
    createdAt: now,
    ...listKeys({ _id, createdAt: now, changedAt: now, popularity: 0 }),
    ...stripNulls(input),
    title: input.title.trim(),
    content: { ...input.content, checksum: input.content.checksum.replace(/^sha256:/i, '').toLowerCase() },
    providerId: prov._id,
    originLevel: originLevelOf(caller.orgPath),
    organization: caller.organization,
    orgPath: [...caller.orgPath],
    audience: defaultAudience(caller.orgPath),
    createdBy: caller.subject,
    changedAt: now,
    history: [
      {
        action: 'CREATE',
        from: 'NONE',
        to: 'DRAFT',
        actorId: caller.subject,
        actorOrganization: caller.organization,
        at: now,
      },
    ],
  });
  const request = idempotencyRequest('createResource', caller.subject, {
    input,
    provider: provider ?? null,
    idempotencyKey,
  });
  const doc = await insertResource(ctx.store, fieldsFor, request);
  // Also on a retry's answer: the first request may have died before indexing it.
  await reindexResources(ctx.store, [doc._id]);
  return doc;
}

/** Edits a DRAFT or REJECTED resource; `expectedVersion` refuses a stale edit with CONFLICT. */
export async function updateResource(
  ctx: ResourcesContext,
  id: string,
  input: Partial<ResourceInput>,
  expectedVersion?: number | null,
): Promise<ResourceDoc> {
  const caller = requireCaller(ctx.caller);
  const doc = await visibleResource(ctx, id);
  requireOwnerSide(caller, doc, 'edit this resource');
  if (doc.status !== 'DRAFT' && doc.status !== 'REJECTED')
    throw errors.invalidTransition('resource', doc.status, 'DRAFT');
  const merged = { ...doc, ...stripNulls(input) } as unknown as ResourceInput;
  checkInput({ ...input, stage: merged.stage, grade: merged.grade });
  const now = new Date();
  const version = expectedVersion ?? doc.version;
  if (version !== doc.version || !(await claimVersion(ctx.store, doc._id, version)))
    throw errors.conflict(`Resource ${id} changed since version ${version}; reload it and edit again.`, {
      expectedVersion: version,
    });
  await writeResourceVersion(ctx.store, doc._id, {
    ...stripNulls(input),
    changedAt: now,
    feedKey: feedKey(doc._id, now),
  });
  await reindexResources(ctx.store, [doc._id]);
  return (await readResource(ctx.store, doc._id))!;
}

function stripNulls<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;
}
