import { ADMIN_ROLES, errors, hasRole, hasScope, roles, scopes, type Caller } from '@edugraph/shared';
import type { ResourceStatus, SharingState } from '../catalog.ts';

/**
 * Review and admission (政府评估准入):
 *   DRAFT → SUBMITTED → APPROVED | REJECTED → … APPROVED → PUBLISHED → RETIRED
 * A rejected resource is revised and submitted again (REJECTED → SUBMITTED, or back to DRAFT);
 * its author may withdraw a submission (SUBMITTED → DRAFT). Anything else is refused with
 * INVALID_STATE_TRANSITION naming both states.
 */
export const reviewActions = {
  SUBMIT: 'SUBMITTED',
  WITHDRAW: 'DRAFT',
  APPROVE: 'APPROVED',
  REJECT: 'REJECTED',
  PUBLISH: 'PUBLISHED',
  RETIRE: 'RETIRED',
} as const satisfies Record<string, ResourceStatus>;
export type ReviewAction = keyof typeof reviewActions;

export const allowedTransitions: Record<ResourceStatus, readonly ResourceStatus[]> = {
  DRAFT: ['SUBMITTED'],
  SUBMITTED: ['APPROVED', 'REJECTED', 'DRAFT'],
  APPROVED: ['PUBLISHED'],
  REJECTED: ['SUBMITTED', 'DRAFT'],
  PUBLISHED: ['RETIRED'],
  RETIRED: [],
};

/** Actions whose reason is required: a rejection must say what to fix, a retirement why. */
export const reasonRequired: ReadonlySet<string> = new Set(['REJECT', 'RETIRE', 'REJECT_SHARE']);

export function checkTransition(from: ResourceStatus, to: ResourceStatus): void {
  if (!allowedTransitions[from].includes(to)) throw errors.invalidTransition('resource', from, to);
}

/** Upward sharing: NONE|REJECTED → PENDING → APPROVED|REJECTED. */
export const sharingActions = {
  REQUEST_SHARE: 'PENDING',
  APPROVE_SHARE: 'APPROVED',
  REJECT_SHARE: 'REJECTED',
} as const satisfies Record<string, SharingState>;
export type SharingAction = keyof typeof sharingActions;

const allowedSharing: Record<SharingState, readonly SharingState[]> = {
  NONE: ['PENDING'],
  PENDING: ['APPROVED', 'REJECTED'],
  APPROVED: [],
  REJECTED: ['PENDING'],
};

export function checkSharingTransition(from: SharingState, to: SharingState): void {
  if (!allowedSharing[from].includes(to))
    throw errors.invalidTransition('resource sharing request', from, to);
}

interface Owned {
  orgPath: readonly string[];
  createdBy: string;
}

/** A reviewer: the RESOURCE_REVIEWER role, the `resources:review` scope, at `levelPath`'s organizations. */
export function requireReviewer(caller: Caller, levelPath: readonly string[], what: string): void {
  if (!hasRole(caller, roles.RESOURCE_REVIEWER))
    throw errors.forbidden(`Reviewing ${what} needs the role RESOURCE_REVIEWER.`, {
      requiredRoles: [roles.RESOURCE_REVIEWER],
    });
  if (!hasScope(caller, scopes.RESOURCES_REVIEW)) throw errors.missingScope([scopes.RESOURCES_REVIEW]);
  if (!levelPath.includes(caller.organization))
    throw errors.forbidden(
      `Only reviewers at ${levelPath.at(-1)} or above review ${what}; you review for ${caller.organization}.`,
    );
}

/** The owning side: the author, or an administrator / service client of the owning organization or above. */
export function requireOwnerSide(caller: Caller, doc: Owned, what: string): void {
  if (!hasScope(caller, scopes.RESOURCES_WRITE)) throw errors.missingScope([scopes.RESOURCES_WRITE]);
  const inTree = doc.orgPath.includes(caller.organization);
  const isAuthor = doc.createdBy === caller.subject;
  if (!inTree || !(isAuthor || caller.isService || hasRole(caller, ...ADMIN_ROLES)))
    throw errors.forbidden(
      `Only the author or an administrator of ${doc.orgPath.at(-1)} (or above) can ${what}.`,
    );
}

/** Checks the caller may take `action` on the resource; throws FORBIDDEN saying who may. */
export function requireActor(caller: Caller, action: ReviewAction, doc: Owned): void {
  switch (action) {
    case 'SUBMIT':
    case 'WITHDRAW':
      requireOwnerSide(caller, doc, `${action.toLowerCase()} this resource`);
      return;
    case 'APPROVE':
    case 'REJECT':
      requireReviewer(caller, doc.orgPath, `resources of ${doc.orgPath.at(-1)}`);
      if (doc.createdBy === caller.subject)
        throw errors.forbidden('A reviewer cannot review a resource they submitted themselves.');
      return;
    case 'PUBLISH':
    case 'RETIRE':
      if (hasRole(caller, roles.RESOURCE_REVIEWER) && hasScope(caller, scopes.RESOURCES_REVIEW)) {
        requireReviewer(caller, doc.orgPath, `resources of ${doc.orgPath.at(-1)}`);
        return;
      }
      requireOwnerSide(caller, doc, `${action.toLowerCase()} this resource`);
  }
}
