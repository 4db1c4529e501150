import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { IdentityStore } from '../store/index.ts';
import { findUser } from '../store/user.ts';
import { OIDC_SCOPES } from './clientMetadata.ts';
import { consentPage } from './consentPage.ts';
import { allowedApiScopes, portalGrant } from './grants.ts';
import { readForm, sendHtml } from './pageResponse.ts';
import { messagePage, textsFor, type Lang } from './views.ts';

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** The hub's metadata on a registered client (see clientMetadata.ts). */
interface HubClient {
  clientId: string;
  clientName?: string;
  org?: string;
  org_name?: string;
  first_party?: boolean;
  api_scopes?: string[];
}

/**
 * The consent step of a portal's sign-in. A first-party portal (registered by a national
 * administrator) gets its grant without a screen; any other portal shows the consent page, and
 * the user's Allow creates the grant, Deny sends `access_denied` back to the portal.
 */
export async function consentStep(options: {
  req: IncomingMessage;
  res: ServerResponse;
  provider: Provider;
  details: Details;
  client: HubClient | undefined;
  store: IdentityStore;
  audience: string;
  lang: Lang;
  /** `/consent` when the page's form was posted. */
  subPath: string | undefined;
}): Promise<boolean> {
  const { req, res, provider, details, client, lang } = options;
  const t = textsFor(lang);
  const accountId = details.session?.accountId;
  const user = accountId ? await findUser(options.store, accountId) : null;
  if (!user || !client) {
    sendHtml(res, 400, messagePage(lang, t.errorTitle, t.expired));
    return true;
  }
  const requestedScope = String(details.params.scope ?? '');
  const grantNow = async () => {
    const grant = await portalGrant(provider, {
      clientId: client.clientId,
      clientScopes: client.api_scopes ?? [],
      user,
      requestedScope,
      audience: options.audience,
      existing: details.grantId ? await provider.Grant.find(details.grantId) : undefined,
    });
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId: grant.jti } },
      { mergeWithLastSubmission: true },
    );
    return true;
  };
  if (client.first_party) return grantNow();

  if (req.method === 'POST' && options.subPath === '/consent') {
    const decision = (await readForm(req)).get('decision');
    if (decision === 'allow') return grantNow();
    if (decision === 'deny') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user did not allow the application.' },
        { mergeWithLastSubmission: false },
      );
      return true;
    }
    return false;
  }
  if (req.method !== 'GET' || options.subPath) return false;
  const oidc = requestedScope.split(' ').filter((s) => (OIDC_SCOPES as readonly string[]).includes(s));
  const { allowed } = allowedApiScopes(requestedScope, client.api_scopes ?? [], user);
  const base = `/interaction/${details.uid}`;
  sendHtml(
    res,
    200,
    consentPage({
      lang,
      action: `${base}/consent?lang=${lang}`,
      clientName: client.clientName ?? client.clientId,
      organization: client.org_name ? `${client.org_name} (${client.org})` : String(client.org ?? ''),
      scopes: [...oidc, ...allowed],
      switchHref: `${base}?lang=${t.otherLang}`,
    }),
  );
  return true;
}
