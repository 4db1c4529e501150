import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, RouteHandler } from '@edugraph/shared';
import type Provider from 'oidc-provider';
import { errors as oidcErrors } from 'oidc-provider';
import { signIn, type LockoutPolicy } from '../accounts.ts';
import type { UserModel } from '../models/user.ts';
import { PAGE_SECURITY_HEADERS } from '../http/pageHeaders.ts';
import type { SignInThrottle } from '../http/signInThrottle.ts';
import { firstPartyGrant } from './grants.ts';
import { loginPage, messagePage, pickLang, textsFor, type Lang } from './views.ts';

const MAX_FORM_BYTES = 16_384;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_FORM_BYTES) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...PAGE_SECURITY_HEADERS,
    ...headers,
  });
  res.end(html);
}

/** Per-source throttling of the sign-in form: the client address and the limiter. */
export interface SignInGuard {
  throttle: SignInThrottle;
  sourceOf: (req: IncomingMessage) => string;
}

function formatUntil(until: Date, lang: Lang): string {
  return until.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
  });
}

/**
 * The sign-in pages of the OpenID flow at `/interaction/:uid`: GET shows the form, POST
 * `/interaction/:uid/login` checks the password and finishes the interaction. Everything
 * else is passed to the provider. The interaction is bound to the browser by the provider's
 * cookie, so a form posted from elsewhere finds no interaction.
 */
export function interactionRoutes(
  getProvider: () => Provider,
  users: UserModel,
  policy: LockoutPolicy,
  logger: Logger,
  audience: string,
  guard: SignInGuard,
): RouteHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!match) return false;
    const provider = getProvider();
    const lang = pickLang(url.searchParams.get('lang'), req.headers['accept-language']);
    const t = textsFor(lang);
    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await provider.interactionDetails(req, res);
    } catch (err) {
      if (err instanceof oidcErrors.SessionNotFound || err instanceof oidcErrors.InvalidRequest) {
        sendHtml(res, 400, messagePage(lang, t.errorTitle, t.expired));
        return true;
      }
      throw err;
    }
    if (details.uid !== match[1]) {
      sendHtml(res, 400, messagePage(lang, t.errorTitle, t.expired));
      return true;
    }
    const client = await provider.Client.find(String(details.params.client_id));
    const base = `/interaction/${details.uid}`;
    const render = (status: number, username?: string, error?: string) =>
      sendHtml(
        res,
        status,
        loginPage({
          lang,
          action: `${base}/login?lang=${lang}`,
          clientName: client?.clientName ?? String(details.params.client_id),
          username,
          error,
          switchHref: `${base}?lang=${t.otherLang}`,
        }),
      );

    if (details.prompt.name === 'consent') {
      // Registered portals are first-party: consent is given by the grant rules, not a screen.
      const user = details.session?.accountId ? await users.findById(details.session.accountId).lean() : null;
      if (!user || !(client as unknown as { first_party?: boolean } | undefined)?.first_party) {
        sendHtml(res, 403, messagePage(lang, t.errorTitle, t.expired));
        return true;
      }
      const grant = await firstPartyGrant(provider, {
        clientId: String(details.params.client_id),
        user: user as never,
        requestedScope: String(details.params.scope ?? ''),
        audience,
        existing: details.grantId ? await provider.Grant.find(details.grantId) : undefined,
      });
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId: grant.jti } },
        { mergeWithLastSubmission: true },
      );
      return true;
    }
    if (req.method === 'GET' && !match[2]) {
      render(200);
      return true;
    }
    if (req.method !== 'POST' || !match[2]) return false;
    const form = await readForm(req);
    const username = form.get('username')?.trim() ?? '';
    const password = form.get('password') ?? '';
    if (!username || !password) {
      render(400, username, t.required);
      return true;
    }
    const source = guard.sourceOf(req);
    const wait = await guard.throttle.take(source);
    if (wait) {
      logger.warn({ source }, 'sign-in throttled');
      sendHtml(res, 429, messagePage(lang, t.errorTitle, t.throttled(wait)), { 'retry-after': String(wait) });
      return true;
    }
    const result = await signIn(users, username, password, policy);
    if (result.ok) await guard.throttle.giveBack(source);
    if (!result.ok) {
      logger.info({ username, reason: result.reason }, 'sign-in refused');
      const message =
        result.reason === 'LOCKED'
          ? t.locked(formatUntil(result.until, lang))
          : result.reason === 'DISABLED'
            ? t.disabled
            : t.wrong;
      render(result.reason === 'LOCKED' ? 423 : 401, username, message);
      return true;
    }
    logger.info({ userId: result.user._id.toString() }, 'signed in');
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: result.user._id.toString() } },
      { mergeWithLastSubmission: false },
    );
    return true;
  };
}
