import { errors, nameProblem } from '@edugraph/shared';

/**
 * Input limits and sanitisation. Content is stored as the plain text the author typed: control
 * characters are removed, line breaks normalised, length bounded. Nothing is ever stored or
 * returned as markup; `escapeHtml` gives the rendition a page may insert as HTML, so a stored
 * `<script>` shows as the characters `<script>` wherever it appears.
 */
export const limits = {
  title: 60,
  description: 500,
  post: 5000,
  comment: 1000,
  reason: 200,
  attachments: 9,
  attachmentTitle: 100,
  url: 2000,
} as const;

// C0/C1 controls except tab and newline, plus bidi overrides that disguise text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export function cleanText(
  value: string,
  field: string,
  max: number,
  options: { required?: boolean; singleLine?: boolean } = {},
): string {
  let text = value.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, '');
  if (options.singleLine) text = text.replace(/\s+/g, ' ');
  text = text.trim();
  if (options.required && text.length === 0)
    throw errors.badInput(`${field} is empty; write some text.`, { field });
  const length = [...text].length;
  if (length > max)
    throw errors.badInput(`${field} is ${length} characters long; at most ${max} are allowed.`, {
      field,
      max,
    });
  return text;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** The HTML rendition of stored plain text: escaped, line breaks as `<br>`. */
export function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>');
}

/** Only absolute http(s) links: `javascript:`, `data:` and the like are refused. */
export function cleanUrl(value: string, field: string): string {
  const raw = value.trim();
  if (raw.length > limits.url)
    throw errors.badInput(`${field} is longer than ${limits.url} characters.`, { field });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw errors.badInput(`${field} "${raw.slice(0, 80)}" is not an absolute address.`, { field });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw errors.badInput(`${field} must be an http or https address; got "${url.protocol}".`, { field });
  return url.toString();
}

/**
 * A name (space title, school, class or person name): refused when it holds control or
 * text-direction characters or starts like a spreadsheet formula (the shared rule), then cleaned.
 */
export function cleanName(value: string, field: string, max: number): string {
  const problem = nameProblem(value);
  if (problem) throw errors.badInput(`${field} ${problem}.`, { field });
  return cleanText(value, field, max, { required: true, singleLine: true });
}
