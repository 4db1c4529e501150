import { errors, requireCaller, type Caller } from '@edugraph/shared';
import type { ResourceStatus, SharingState } from '../catalog.ts';
import type { ResourcesContext } from '../context.ts';
import { readResource, resourceStatus, writeResourceVersion, type ResourceDoc } from '../store/resource.ts';
import { visibleResource } from '../resourceWrites.ts';
import { feedKey } from '../store/listKeys.ts';
import { reindexResources } from '../store/searchIndex.ts';
import { sharingTarget } from '../access.ts';
import { claimVersion } from '../store/versionClaim.ts';
import {
  checkSharingTransition,
  checkTransition,
  reasonRequired,
  requireActor,
  requireOwnerSide,
  requireReviewer,
  reviewActions,
  sharingActions,
  type ReviewAction,
  type SharingAction,
} from './stateMachine.ts';

function requireReason(action: string, reason: string | null | undefined): string | null {
  const text = reason?.trim() || null;
  if (reasonRequired.has(action) && !text)
    throw errors.badInput(`${action.replace('_', ' ').toLowerCase()} needs a reason the author can act on.`, {
      field: 'reason',
    });
  if (text && text.length > 2000)
    throw errors.badInput('The reason is longer than 2000 characters.', { field: 'reason' });
  return text;
}

function entry(caller: Caller, action: string, from: string, to: string, reason: string | null, at: Date) {
  return { action, from, to, actorId: caller.subject, actorOrganization: caller.organization, reason, at };
}

/**
 * Writes a step only if the resource is still in the state it was read in: the writer claims
 * the version it read (`claimVersion`), so of two reviewers acting at once exactly one
 * succeeds (no transactions on the embedded database). The step and its history entry land
 * in one document update.
 */
async function compareAndSet(
  ctx: ResourcesContext,
  doc: ResourceDoc,
  set: Record<string, unknown>,
  history: ReturnType<typeof entry>,
): Promise<ResourceDoc> {
  if (!(await claimVersion(ctx.store, doc._id, doc.version))) {
    const now = await resourceStatus(ctx.store, doc._id);
    throw errors.conflict(
      `Resource ${doc._id.toHexString()} was changed by someone else (now ${now ?? 'gone'}); reload it and try again.`,
    );
  }
  await writeResourceVersion(
    ctx.store,
    doc._id,
    { ...set, changedAt: history.at, feedKey: feedKey(doc._id, history.at) },
    history,
  );
  await reindexResources(ctx.store, [doc._id]);
  return (await readResource(ctx.store, doc._id))!;
}

/** Takes one review step (submit, withdraw, approve, reject, publish, retire) and records it. */
export async function applyReviewAction(
  ctx: ResourcesContext,
  id: string,
  action: ReviewAction,
  reason?: string | null,
): Promise<ResourceDoc> {
  const caller = requireCaller(ctx.caller);
  const doc = await visibleResource(ctx, id);
  requireActor(caller, action, doc);
  const from = doc.status as ResourceStatus;
  const to = reviewActions[action];
  checkTransition(from, to);
  const text = requireReason(action, reason);
  const at = new Date();
  const set: Record<string, unknown> = { status: to };
  if (to === 'PUBLISHED') set.publishedAt = at;
  return compareAndSet(ctx, doc, set, entry(caller, action, from, to, text, at));
}

/**
 * Sharing upward (互联互通): the owner offers a published resource to the level above (a
 * school's to its province, a province's to the nation); a reviewer there approves, which
 * widens its audience to that level, or rejects with a reason.
 */
export async function applySharingAction(
  ctx: ResourcesContext,
  id: string,
  action: SharingAction,
  reason?: string | null,
): Promise<ResourceDoc> {
  const caller = requireCaller(ctx.caller);
  const doc = await visibleResource(ctx, id);
  const from = (doc.sharing?.state ?? 'NONE') as SharingState;
  const to = sharingActions[action];
  const set: Record<string, unknown> = { 'sharing.state': to };
  if (action === 'REQUEST_SHARE') {
    requireOwnerSide(caller, doc, 'share this resource upward');
    if (doc.status !== 'PUBLISHED')
      throw errors.invalidTransition(
        'resource',
        doc.status,
        'shared upward (only PUBLISHED resources are shared)',
      );
    const target = sharingTarget(doc.orgPath, doc.audience);
    if (!target)
      throw errors.badInput(
        `Resource ${id} is already visible nationwide; there is no level above to share it with.`,
        {
          field: 'id',
        },
      );
    checkSharingTransition(from, to);
    set['sharing.target'] = target;
  } else {
    const target = doc.sharing?.target;
    if (!target || from !== 'PENDING') {
      checkSharingTransition(from, to);
      throw errors.invalidTransition('resource sharing request', from, to);
    }
    const levelPath = doc.orgPath.slice(0, Math.max(doc.orgPath.indexOf(target), 0) + 1);
    requireReviewer(caller, levelPath, `resources shared with ${target}`);
    checkSharingTransition(from, to);
    if (action === 'APPROVE_SHARE') set.audience = target;
  }
  const text = requireReason(action, reason);
  return compareAndSet(
    ctx,
    doc,
    set,
    entry(caller, action, `SHARING_${from}`, `SHARING_${to}`, text, new Date()),
  );
}
