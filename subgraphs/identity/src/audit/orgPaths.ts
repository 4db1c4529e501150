import type { GraphQLError } from 'graphql';
import type { OrgTree } from '../orgTree.ts';
import { clientOrganizations, disableClients, streamClientPaths } from '../store/client.ts';
import type { IdentityStore } from '../store/index.ts';
import { recordOrgPathAudit } from '../store/orgPathAudit.ts';
import { disableUsers, streamUserPaths, userOrganizations } from '../store/user.ts';

/**
 * The one-off audit after the fix of issue 13 finding 1: before it, an organization's path was
 * built from the `regionCode` of the request, so an administrator could place a user or client
 * of a school of another county under its own county. This compares every user's and client's
 * stored path with the place the data center gives its organization, and reports (with `fix`:
 * disables, and records why in `orgPathAudit`) those that disagree.
 */
export interface OrgPathFinding {
  kind: 'USER' | 'CLIENT';
  /** User id or client id. */
  id: string;
  /** Username or client name. */
  name: string;
  organization: string;
  storedPath: string[];
  /** Where the data center puts the organization; null when it knows no such school. */
  authorityPath: string[] | null;
  /** MISMATCH: the stored path disagrees; UNKNOWN_ORGANIZATION: the data center cannot place it. */
  problem: 'MISMATCH' | 'UNKNOWN_ORGANIZATION';
  reason: string;
  /** DISABLED by this run, or REPORTED (no fix asked, unknown organizations, or already disabled). */
  action: 'DISABLED' | 'REPORTED';
}

export interface OrgPathAuditReport {
  checked: { users: number; clients: number; organizations: number };
  findings: OrgPathFinding[];
  disabled: number;
}

interface Holder {
  kind: OrgPathFinding['kind'];
  id: string;
  name: string;
  organization: string;
  orgPath: string[];
  active: boolean;
}

const samePath = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((code, i) => code === b[i]);

const isBadInput = (err: unknown) => (err as GraphQLError | undefined)?.extensions?.code === 'BAD_USER_INPUT';

/** Every user, then every client, streamed (memory does not grow with the accounts). */
async function* holders(store: IdentityStore): AsyncGenerator<Holder> {
  for await (const d of streamUserPaths(store))
    yield {
      kind: 'USER',
      id: String(d._id),
      name: d.username,
      organization: d.organization,
      orgPath: [...d.orgPath],
      active: d.status === 'ACTIVE',
    };
  for await (const d of streamClientPaths(store))
    yield {
      kind: 'CLIENT',
      id: d.clientId,
      name: d.name,
      organization: d.organization,
      orgPath: [...d.orgPath],
      active: !d.disabled,
    };
}

/**
 * Where the data center puts each organization (null: it knows none); any other failure (data
 * center down or not configured) ends the audit before anything is written.
 */
async function placeAll(tree: OrgTree, codes: Iterable<string>): Promise<Map<string, string[] | null>> {
  const places = new Map<string, string[] | null>();
  for (const code of codes) {
    try {
      places.set(code, (await tree.resolve(code)).path);
    } catch (err) {
      if (!isBadInput(err)) throw err;
      places.set(code, null);
    }
  }
  return places;
}

export async function auditOrgPaths(options: {
  store: IdentityStore;
  tree: OrgTree;
  fix: boolean;
  /** Who runs the fix, recorded with each disabled record. */
  actor?: string;
}): Promise<OrgPathAuditReport> {
  const organizations = new Set([
    ...(await userOrganizations(options.store)),
    ...(await clientOrganizations(options.store)),
  ]);
  const places = await placeAll(options.tree, organizations);
  const findings: OrgPathFinding[] = [];
  const checked = { users: 0, clients: 0, organizations: 0 };
  for await (const h of holders(options.store)) {
    checked[h.kind === 'USER' ? 'users' : 'clients'] += 1;
    // An organization added since the lookup is placed now.
    if (!places.has(h.organization))
      for (const [k, v] of await placeAll(options.tree, [h.organization])) places.set(k, v);
    const authority = places.get(h.organization) ?? null;
    if (authority && samePath(authority, h.orgPath)) continue;
    const problem = authority ? 'MISMATCH' : 'UNKNOWN_ORGANIZATION';
    const reason = authority
      ? `stored under ${h.orgPath.join(' › ')}, but the data center places ${h.organization} at ${authority.join(' › ')}`
      : `the data center knows no organization ${h.organization} (stored under ${h.orgPath.join(' › ')}); check it by hand`;
    // Only a definite disagreement is disabled: an unknown school may be one not synced yet.
    const action = options.fix && problem === 'MISMATCH' && h.active ? 'DISABLED' : 'REPORTED';
    findings.push({
      kind: h.kind,
      id: h.id,
      name: h.name,
      organization: h.organization,
      storedPath: h.orgPath,
      authorityPath: authority,
      problem,
      reason,
      action,
    });
  }
  checked.organizations = places.size;
  const disabled = findings.filter((f) => f.action === 'DISABLED');
  if (disabled.length) await disable(options, disabled);
  return {
    checked,
    findings,
    disabled: disabled.length,
  };
}

/** Disables the records and appends why to `orgPathAudit` (one document per record). */
async function disable(
  options: { store: IdentityStore; actor?: string },
  findings: OrgPathFinding[],
): Promise<void> {
  const ids = (kind: OrgPathFinding['kind']) => findings.filter((f) => f.kind === kind).map((f) => f.id);
  await disableUsers(options.store, ids('USER'));
  await disableClients(options.store, ids('CLIENT'));
  const at = new Date();
  await recordOrgPathAudit(
    options.store,
    findings.map((f) => ({
      at,
      by: options.actor ?? 'audit:org-paths',
      kind: f.kind,
      recordId: f.id,
      name: f.name,
      organization: f.organization,
      storedPath: f.storedPath,
      authorityPath: f.authorityPath,
      action: f.action,
      reason: `disabled by the organization path audit (issue 13 finding 1): ${f.reason}`,
    })),
  );
}
