import { randomBytes } from 'node:crypto';
import { errors, isDuplicateKeyError, withinSubtree } from '@edugraph/shared';
import {
  checkAssignableRoles,
  checkGrantableScopes,
  requireIdentityAdmin,
  requireNationalAdmin,
  requireManagedOrganization,
} from '../access.ts';
import type { IdentityContext } from '../context.ts';
import { sealClientSecret } from '../clientSecrets.ts';
import { findClient, insertClient, listClientsWhere, updateClient, type ClientDoc } from '../store/client.ts';

const CLIENT_ID = /^[A-Za-z0-9_-]{3,64}$/;

const newSecret = () => randomBytes(32).toString('base64url');

/** Redirect URIs must be absolute; plain http only for loopback hosts (development portals). */
function checkRedirectUris(uris: readonly string[], field: string): string[] {
  return uris.map((raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw errors.badInput(`${raw} is not an absolute URL.`, { field });
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
      throw errors.badInput(`${raw}: redirect URIs use https (http only on 127.0.0.1/localhost).`, { field });
    if (url.hash) throw errors.badInput(`${raw}: redirect URIs have no #fragment.`, { field });
    return url.toString();
  });
}

export async function registerClient(
  ctx: IdentityContext,
  input: {
    name: string;
    kind: 'PORTAL' | 'SERVICE';
    organization: string;
    regionCode?: string | null;
    scopes: string[];
    roles: string[];
    redirectUris: string[];
    postLogoutRedirectUris: string[];
    confidential: boolean;
    firstParty?: boolean | null;
    clientId?: string | null;
  },
) {
  const caller = requireIdentityAdmin(ctx.caller);
  const name = input.name.trim();
  if (!name || name.length > 100)
    throw errors.badInput('A client needs a name of 1–100 characters.', { field: 'name' });
  const firstParty = input.firstParty === true;
  if (firstParty) requireNationalAdmin(caller);
  const org = await requireManagedOrganization(ctx.orgTree, caller, input);
  const orgPath = org.path;
  checkGrantableScopes(caller, input.scopes);
  if (input.kind === 'PORTAL' && input.roles.length)
    throw errors.badInput(
      "A portal's tokens carry the signed-in user's roles; give roles to SERVICE clients only.",
      {
        field: 'roles',
      },
    );
  if (input.kind === 'SERVICE') checkAssignableRoles(caller, input.roles, orgPath);
  const redirectUris = checkRedirectUris(input.redirectUris, 'redirectUris');
  const postLogoutRedirectUris = checkRedirectUris(input.postLogoutRedirectUris, 'postLogoutRedirectUris');
  if (input.kind === 'PORTAL' && redirectUris.length === 0)
    throw errors.badInput('A portal needs at least one redirect URI.', { field: 'redirectUris' });
  const clientId = input.clientId?.trim() || `${input.kind.toLowerCase()}-${randomBytes(8).toString('hex')}`;
  if (!CLIENT_ID.test(clientId))
    throw errors.badInput('A client id has 3–64 letters, digits, - or _.', { field: 'clientId' });
  const clientSecret = input.kind === 'SERVICE' || input.confidential ? newSecret() : null;
  try {
    const client = await insertClient(ctx.store, {
      clientId,
      clientSecret: clientSecret && sealClientSecret(ctx.secrets, clientId, clientSecret),
      name,
      kind: input.kind,
      organization: org.code,
      organizationName: org.name ?? null,
      orgPath,
      firstParty,
      firstPartyBy: firstParty ? caller.subject : null,
      scopes: [...new Set(input.scopes)],
      roles: input.kind === 'SERVICE' ? [...new Set(input.roles.length ? input.roles : ['SERVICE'])] : [],
      redirectUris,
      postLogoutRedirectUris,
      createdBy: caller.subject,
    });
    return { client, clientSecret };
  } catch (err) {
    if (isDuplicateKeyError(err))
      throw errors.conflict(`A client with the id ${clientId} already exists.`, { field: 'clientId' });
    throw err;
  }
}

async function managedClient(ctx: IdentityContext, clientId: string): Promise<ClientDoc> {
  const caller = requireIdentityAdmin(ctx.caller);
  const client = await findClient(ctx.store, clientId);
  if (!client || !client.orgPath.includes(caller.organization)) throw errors.notFound('Client', clientId);
  await requireManagedOrganization(ctx.orgTree, caller, {
    organization: client.organization,
    storedPath: client.orgPath,
  });
  return client;
}

export async function rotateClientSecret(ctx: IdentityContext, clientId: string) {
  const client = await managedClient(ctx, clientId);
  if (!client.clientSecret)
    throw errors.badInput(`${clientId} is a public portal: it has no secret to rotate.`, {
      field: 'clientId',
    });
  const clientSecret = newSecret();
  const updated = await updateClient(ctx.store, clientId, {
    clientSecret: sealClientSecret(ctx.secrets, clientId, clientSecret),
    secretRotatedAt: new Date(),
  });
  return { client: updated, clientSecret };
}

export async function disableClient(ctx: IdentityContext, clientId: string) {
  await managedClient(ctx, clientId);
  return updateClient(ctx.store, clientId, { disabled: true });
}

export async function listClients(ctx: IdentityContext, organization?: string | null) {
  const caller = requireIdentityAdmin(ctx.caller);
  const filter = organization ? { orgPath: organization } : {};
  return listClientsWhere(ctx.store, withinSubtree(caller, filter));
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export const clientResolvers = {
  Client: {
    createdAt: (c: ClientDoc & { createdAt?: Date }) => iso(c.createdAt),
    firstParty: (c: ClientDoc) => c.firstParty === true,
    // Clients written by an upsert (bootstrap, seed) may have no list stored for what they lack.
    redirectUris: (c: ClientDoc) => c.redirectUris ?? [],
    postLogoutRedirectUris: (c: ClientDoc) => c.postLogoutRedirectUris ?? [],
    scopes: (c: ClientDoc) => c.scopes ?? [],
    roles: (c: ClientDoc) => c.roles ?? [],
  },
};
