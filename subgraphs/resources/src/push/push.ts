import {
  ADMIN_ROLES,
  errors,
  requireRole,
  requireScope,
  roles,
  scopes,
  type PageArgs,
} from '@edugraph/shared';
import type { ResourcesContext } from '../context.ts';
import {
  advanceReceipt,
  findPush,
  findPushesOf,
  insertPushes,
  pushesPage,
  type PushDoc,
  type ReceiptStatus,
} from '../store/push.ts';
import { visibleResource } from '../resourceWrites.ts';
import { bumpUsage } from '../usage.ts';
import type { TargetRef } from './targets.ts';

const MAX_TARGETS = 200;
const RECEIPT_ORDER: readonly ReceiptStatus[] = ['PUSHED', 'SEEN', 'USED'];

/**
 * Pushes (推送) a published resource to schools or classes in the caller's subtree. Each target
 * gets one push with a receipt; pushing again to the same target returns the existing push.
 * The resource must be visible at the target (its audience contains the target's school).
 */
export async function pushResource(
  ctx: ResourcesContext,
  id: string,
  targets: readonly TargetRef[],
  note?: string | null,
): Promise<PushDoc[]> {
  requireScope(ctx.caller, scopes.RESOURCES_WRITE);
  const caller = requireRole(ctx.caller, ...ADMIN_ROLES, roles.TEACHER);
  if (targets.length === 0)
    throw errors.badInput('Name at least one school or class to push to.', { field: 'targets' });
  if (targets.length > MAX_TARGETS) throw errors.batchTooLarge(MAX_TARGETS, targets.length);
  targets.forEach((t, i) => {
    if (!t.id === !t.code)
      throw errors.badInput('Each target names either its id or its code, not both.', {
        field: `targets.${i}`,
      });
  });
  const resource = await visibleResource(ctx, id);
  if (resource.status !== 'PUBLISHED')
    throw errors.invalidTransition(
      'resource',
      resource.status,
      'pushed (only PUBLISHED resources are pushed)',
    );

  const resolved = await ctx.targets.resolve(targets, ctx.authorization);
  const now = new Date();
  const rows = resolved.map((t, i) => {
    const ref = targets[i]!;
    const label = `${ref.kind === 'SCHOOL' ? 'School' : 'Class'} ${ref.id ?? ref.code}`;
    if (!t) throw errors.notFound(ref.kind === 'SCHOOL' ? 'School' : 'Class', String(ref.id ?? ref.code));
    // Zero trust: the datacenter already limits what the token sees; check the path here too.
    if (!t.school.orgPath.includes(caller.organization))
      throw errors.forbidden(`${label} is outside your organization (${caller.organization}).`);
    if (!t.school.orgPath.includes(resource.audience))
      throw errors.forbidden(
        `Resource ${id} is published for ${resource.audience} only; ${label} (school ${t.school.code}) cannot see it.`,
      );
    return {
      resourceId: resource._id,
      targetKind: t.kind,
      targetId: t.id,
      targetCode: t.code,
      targetName: t.name,
      schoolId: t.school.id,
      schoolCode: t.school.code,
      orgPath: t.school.orgPath,
      pushedBy: caller.subject,
      pushedByOrganization: caller.organization,
      pushedAt: now,
      note: note?.trim() || null,
      receiptHistory: [{ status: 'PUSHED', by: caller.subject, at: now }],
    };
  });
  // One write for all targets; targets pushed before keep their push and receipt.
  const added = await insertPushes(ctx.store, rows);
  if (added > 0) await bumpUsage(ctx.store, resource._id, { pushes: added });
  return findPushesOf(
    ctx.store,
    resource._id,
    rows.map((r) => r.targetCode),
  );
}

/** The school marks a pushed resource SEEN or USED; receipts only move forward. */
export async function updatePushReceipt(
  ctx: ResourcesContext,
  pushId: string,
  status: ReceiptStatus,
): Promise<PushDoc> {
  const caller = requireScope(ctx.caller, scopes.RESOURCES_WRITE, scopes.RESOURCES_READ);
  const push = await findPush(ctx.store, pushId);
  if (!push || !push.orgPath.includes(caller.organization)) throw errors.notFound('Push', pushId);
  if (caller.organization !== push.schoolCode)
    throw errors.forbidden(`Only school ${push.schoolCode} updates the receipts of what was pushed to it.`);
  const from = push.receipt as ReceiptStatus;
  if (from === status) return push;
  if (RECEIPT_ORDER.indexOf(status) < RECEIPT_ORDER.indexOf(from))
    throw errors.invalidTransition('push receipt', from, status);
  const at = new Date();
  const moved = await advanceReceipt(
    ctx.store,
    push,
    from,
    {
      receipt: status,
      ...(status === 'SEEN' ? { seenAt: at } : { usedAt: at, seenAt: push.seenAt ?? at }),
    },
    { status, by: caller.subject, at },
  );
  if (!moved) throw errors.conflict(`Push ${pushId} was updated meanwhile; reload it.`);
  return (await findPush(ctx.store, push._id.toHexString()))!;
}

/** What was pushed to a school (optionally with its classes) or a class, newest first. */
export function pushesTo(
  ctx: ResourcesContext,
  target: { kind: 'SCHOOL' | 'CLASS'; id: string; includeClasses?: boolean | null },
  args: PageArgs & { receipt?: ReceiptStatus | null },
) {
  const caller = requireScope(
    ctx.caller,
    scopes.RESOURCES_READ,
    scopes.RESOURCES_WRITE,
    scopes.RESOURCES_REVIEW,
  );
  const where: Record<string, unknown> =
    target.kind === 'SCHOOL' && target.includeClasses
      ? { schoolId: target.id }
      : { targetKind: target.kind, targetId: target.id };
  where.orgPath = caller.organization;
  if (args.receipt) where.receipt = args.receipt;
  return pushesPage(ctx.store, args, where);
}
