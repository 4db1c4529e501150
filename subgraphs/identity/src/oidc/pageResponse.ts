import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAGE_SECURITY_HEADERS } from '../http/pageHeaders.ts';

const MAX_FORM_BYTES = 16_384;

/** A posted form of the sign-in or consent page (small; larger bodies are refused). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_FORM_BYTES) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

/** An identity page: never cached, never framed, no scripts, no content sniffing. */
export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...PAGE_SECURITY_HEADERS,
    ...headers,
  });
  res.end(html);
}
