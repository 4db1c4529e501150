/**
 * Server-rendered pages of the sign-in flow: plain HTML, no scripts, labelled fields, one
 * language at a time (Chinese by default, English with `?lang=en` or an English browser).
 */
export type Lang = 'zh' | 'en';

const text = {
  zh: {
    title: '统一身份认证',
    heading: '登录 EduGraph 教育平台',
    signInTo: '登录后继续访问',
    username: '用户名',
    password: '密码',
    submit: '登录',
    wrong: '用户名或密码错误。',
    locked: (until: string) => `多次登录失败，账号已锁定，请于 ${until} 后再试。`,
    disabled: '此账号已停用，请联系学校或上级管理员。',
    expired: '登录会话已过期，请返回应用重新登录。',
    errorTitle: '出错了',
    logoutHeading: '退出登录',
    logoutQuestion: '确定要退出 EduGraph 统一身份认证吗？',
    logoutYes: '退出',
    logoutNo: '取消',
    loggedOut: '您已安全退出。',
    other: 'English',
    otherLang: 'en',
    required: '请填写用户名和密码。',
    throttled: (seconds: number) => `登录失败次数过多，请 ${seconds} 秒后再试。`,
  },
  en: {
    title: 'Unified sign-on',
    heading: 'Sign in to EduGraph',
    signInTo: 'Sign in to continue to',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'Wrong username or password.',
    locked: (until: string) => `Too many failed attempts: the account is locked. Try again after ${until}.`,
    disabled: 'This account is disabled. Contact your school or education authority administrator.',
    expired: 'Your sign-in session has expired. Go back to the application and sign in again.',
    errorTitle: 'Something went wrong',
    logoutHeading: 'Sign out',
    logoutQuestion: 'Do you want to sign out of EduGraph?',
    logoutYes: 'Sign out',
    logoutNo: 'Cancel',
    loggedOut: 'You have signed out.',
    other: '中文',
    otherLang: 'zh',
    required: 'Enter your username and password.',
    throttled: (seconds: number) =>
      `Too many failed sign-ins from your network. Try again in ${seconds} seconds.`,
  },
} as const;

export type Texts = (typeof text)[Lang];
export const textsFor = (lang: Lang): Texts => text[lang];

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `?lang=` wins, then Accept-Language; Chinese by default. */
export function pickLang(query: string | null, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'zh') return query;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

const style = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f4f6f8;margin:0}
main{max-width:24rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;margin-top:.3rem}
button{margin-top:1.5rem;width:100%;padding:.7rem;font-size:1rem;background:#1759b3;color:#fff;border:0;border-radius:4px}
button.secondary{background:#667}[role=alert]{background:#fdecea;color:#8a1c12;padding:.7rem;border-radius:4px;margin-top:1rem}
footer{margin-top:1.5rem;font-size:.9rem}a{color:#1759b3}`;

export function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${style}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(options: {
  lang: Lang;
  action: string;
  clientName: string;
  username?: string;
  error?: string;
  switchHref: string;
}): string {
  const t = text[options.lang];
  const alert = options.error ? `<p role="alert" id="error">${escapeHtml(options.error)}</p>` : '';
  return page(
    options.lang,
    t.title,
    `<h1>${t.heading}</h1><p>${t.signInTo} <strong>${escapeHtml(options.clientName)}</strong></p>${alert}
<form method="post" action="${escapeHtml(options.action)}" autocomplete="on">
<label for="username">${t.username}</label>
<input id="username" name="username" required autocomplete="username" value="${escapeHtml(options.username ?? '')}"${options.username ? '' : ' autofocus'}>
<label for="password">${t.password}</label>
<input id="password" name="password" type="password" required autocomplete="current-password"${options.username ? ' autofocus' : ''}>
<button type="submit">${t.submit}</button></form>
<footer><a href="${escapeHtml(options.switchHref)}" lang="${t.otherLang}">${t.other}</a></footer>`,
  );
}

export function messagePage(lang: Lang, heading: string, message: string): string {
  return page(lang, heading, `<h1>${escapeHtml(heading)}</h1><p role="alert">${escapeHtml(message)}</p>`);
}

/** oidc-provider's logout confirmation: `form` is its hidden form, submitted by our buttons. */
export function logoutPage(lang: Lang, form: string): string {
  const t = text[lang];
  return page(
    lang,
    t.logoutHeading,
    `<h1>${t.logoutHeading}</h1><p>${t.logoutQuestion}</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">${t.logoutYes}</button>
<button type="submit" form="op.logoutForm" class="secondary">${t.logoutNo}</button>`,
  );
}
