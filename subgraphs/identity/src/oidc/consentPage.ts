import { escapeHtml, page, type Lang } from './views.ts';

/** What each scope lets the application do, in the words a teacher or parent reads. */
const SCOPE_WORDS: Record<string, { zh: string; en: string }> = {
  openid: { zh: '知道您是谁（您的账号标识）', en: 'Know who you are (your account id)' },
  profile: {
    zh: '读取您的姓名、用户名、所属机构和角色',
    en: 'Read your name, username, organization and roles',
  },
  offline_access: { zh: '在您离开后保持登录', en: 'Stay signed in while you are away' },
  'datacenter:read': {
    zh: '读取您有权查看的学校、班级、学生和教师信息',
    en: 'Read the schools, classes, students and teachers you may see',
  },
  'datacenter:write': {
    zh: '以您的名义修改数据中心的学校、班级、学生和教师记录',
    en: 'Change data-center records of schools, classes, students and teachers in your name',
  },
  'personal-data': {
    zh: '查看完整的身份证号、出生日期和电话号码（个人信息，不打码）',
    en: 'See full ID numbers, birth dates and phone numbers (personal data, unmasked)',
  },
  'identity:admin': {
    zh: '以您的名义管理用户账号、角色和应用',
    en: 'Manage user accounts, roles and applications in your name',
  },
  'resources:read': { zh: '浏览教育资源', en: 'Browse education resources' },
  'resources:write': { zh: '以您的名义上传和推送资源', en: 'Upload and push resources in your name' },
  'resources:review': { zh: '以您的名义审核资源', en: 'Review resources in your name' },
  'spaces:read': { zh: '读取您的网络学习空间', en: 'Read your online learning spaces' },
  'spaces:write': {
    zh: '以您的名义在学习空间发帖和分享',
    en: 'Post and share in learning spaces in your name',
  },
};

const text = {
  zh: {
    title: '授权确认',
    heading: '授权第三方应用',
    intro: (client: string) => `第三方应用 <strong>${client}</strong> 请求使用您的 EduGraph 账号：`,
    organization: '应用所属机构',
    asks: '它将能够：',
    note: '这不是 EduGraph 自己的应用。只有在您信任它时才选择“允许”。',
    allow: '允许',
    deny: '拒绝',
    other: 'English',
    otherLang: 'en',
  },
  en: {
    title: 'Allow access',
    heading: 'Allow a third-party application',
    intro: (client: string) =>
      `The third-party application <strong>${client}</strong> asks to use your EduGraph account:`,
    organization: 'Organization of the application',
    asks: 'It will be able to:',
    note: 'This is not an EduGraph application. Choose Allow only if you trust it.',
    allow: 'Allow',
    deny: 'Deny',
    other: '中文',
    otherLang: 'zh',
  },
} as const;

/** The words for a scope (the scope itself when it has none). */
export function describeScope(scope: string, lang: Lang): string {
  return SCOPE_WORDS[scope]?.[lang] ?? scope;
}

/**
 * The consent page of a third-party portal: who asks (name and organization), each scope it
 * would get in words (and its code), Allow / Deny posting to `action`.
 */
export function consentPage(options: {
  lang: Lang;
  action: string;
  clientName: string;
  organization: string;
  scopes: readonly string[];
  switchHref: string;
}): string {
  const t = text[options.lang];
  const items = options.scopes
    .map(
      (s) =>
        `<li data-scope="${escapeHtml(s)}">${escapeHtml(describeScope(s, options.lang))} <code>${escapeHtml(s)}</code></li>`,
    )
    .join('');
  return page(
    options.lang,
    t.title,
    `<h1>${t.heading}</h1><p>${t.intro(escapeHtml(options.clientName))}</p>
<p>${t.organization}: <strong id="organization">${escapeHtml(options.organization)}</strong></p>
<p>${t.asks}</p><ul id="scopes">${items}</ul><p>${t.note}</p>
<form method="post" action="${escapeHtml(options.action)}">
<button type="submit" name="decision" value="allow" id="allow">${t.allow}</button>
<button type="submit" name="decision" value="deny" id="deny" class="secondary">${t.deny}</button></form>
<footer><a href="${escapeHtml(options.switchHref)}" lang="${t.otherLang}">${t.other}</a></footer>`,
  );
}
