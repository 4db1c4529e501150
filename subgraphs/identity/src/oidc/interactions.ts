import type { IncomingMessage } from 'node:http';
import type { Logger, RouteHandler } from '@edugraph/shared';
import type Provider from 'oidc-provider';
import { errors as oidcErrors } from 'oidc-provider';
import { signIn, type LockoutPolicy } from '../accounts.ts';
import type { IdentityStore } from '../store/index.ts';
import type { SignInThrottle } from '../http/signInThrottle.ts';
import { consentStep } from './consent.ts';
import { readForm, sendHtml } from './pageResponse.ts';
import { loginPage, messagePage, pickLang, textsFor, type Lang } from './views.ts';

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
 * `/interaction/:uid/login` checks the password and finishes the interaction; the consent
 * step (consent.ts) follows. Everything else is passed to the provider. The interaction is
 * bound to the browser by the provider's cookie, so a form posted from elsewhere finds no
 * interaction.
 */
export function interactionRoutes(
  getProvider: () => Provider,
  store: IdentityStore,
  policy: LockoutPolicy,
  logger: Logger,
  audience: string,
  guard: SignInGuard,
): RouteHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/interaction\/([\w-]+)(\/login|\/consent)?$/.exec(url.pathname);
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

    if (details.prompt.name === 'consent')
      return consentStep({
        req,
        res,
        provider,
        details,
        client: client as never,
        store,
        audience,
        lang,
        subPath: match[2],
      });
    if (req.method === 'GET' && !match[2]) {
      render(200);
      return true;
    }
    if (req.method !== 'POST' || match[2] !== '/login') return false;
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
    const result = await signIn(store, username, password, policy);
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
