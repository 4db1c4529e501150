import type { ResourcesContext } from '../context.ts';
import { pushResource, updatePushReceipt } from '../push/push.ts';
import type { TargetRef } from '../push/targets.ts';
import { createResource, updateResource, type ProviderInput, type ResourceInput } from '../resourceWrites.ts';
import { applyReviewAction, applySharingAction } from '../review/transitions.ts';
import type { ReviewAction, SharingAction } from '../review/stateMachine.ts';
import type { ReceiptStatus } from '../store/push.ts';
import { recordDownload, recordView, setFavorite } from '../usage.ts';

type Ctx = ResourcesContext;
interface IdArgs {
  id: string;
}
/** A review or sharing step: some take a `reason` (required by the SDL where it must be given), others a `note`. */
interface StepArgs extends IdArgs {
  reason?: string | null;
  note?: string | null;
}

const review =
  (action: ReviewAction) =>
  (_: unknown, { id, reason, note }: StepArgs, ctx: Ctx) =>
    applyReviewAction(ctx, id, action, reason ?? note);
const sharing =
  (action: SharingAction) =>
  (_: unknown, { id, reason, note }: StepArgs, ctx: Ctx) =>
    applySharingAction(ctx, id, action, reason ?? note);

export const mutationResolvers = {
  Mutation: {
    createResource: (
      _: unknown,
      {
        input,
        provider,
        idempotencyKey,
      }: { input: ResourceInput; provider?: ProviderInput | null; idempotencyKey?: string | null },
      ctx: Ctx,
    ) => createResource(ctx, input, provider, idempotencyKey),
    updateResource: (
      _: unknown,
      {
        id,
        input,
        expectedVersion,
      }: IdArgs & { input: Partial<ResourceInput>; expectedVersion?: number | null },
      ctx: Ctx,
    ) => updateResource(ctx, id, input, expectedVersion),
    submitResource: review('SUBMIT'),
    withdrawResource: review('WITHDRAW'),
    approveResource: review('APPROVE'),
    rejectResource: review('REJECT'),
    publishResource: review('PUBLISH'),
    retireResource: review('RETIRE'),
    shareResourceUpward: sharing('REQUEST_SHARE'),
    approveSharedResource: sharing('APPROVE_SHARE'),
    rejectSharedResource: sharing('REJECT_SHARE'),
    pushResource: (
      _: unknown,
      { id, targets, note }: IdArgs & { targets: TargetRef[]; note?: string | null },
      ctx: Ctx,
    ) => pushResource(ctx, id, targets, note),
    updatePushReceipt: (_: unknown, { id, status }: IdArgs & { status: ReceiptStatus }, ctx: Ctx) =>
      updatePushReceipt(ctx, id, status),
    recordResourceView: (_: unknown, { id }: IdArgs, ctx: Ctx) => recordView(ctx, id),
    recordResourceDownload: async (
      _: unknown,
      { id, idempotencyKey }: IdArgs & { idempotencyKey?: string | null },
      ctx: Ctx,
    ) => (await recordDownload(ctx, id, idempotencyKey)).resource,
    favoriteResource: (_: unknown, { id }: IdArgs, ctx: Ctx) => setFavorite(ctx, id, true),
    unfavoriteResource: (_: unknown, { id }: IdArgs, ctx: Ctx) => setFavorite(ctx, id, false),
  },
};
