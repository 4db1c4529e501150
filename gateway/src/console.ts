import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CONSOLE_CLIENT_ID } from '@edugraph/shared/auth';

/** Where the console's build (`npm run build -w @edugraph/console`) writes its files. */
export const defaultConsoleDir = join(import.meta.dirname, '..', '..', 'console', 'dist');

export const CONSOLE_PREFIX = '/console';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * No inline script and no eval: scripts only from the hub. Ant Design writes its styles at run
 * time (CSS-in-JS), hence inline styles; the graph and the token endpoint are the only
 * places the page talks to.
 */
function securityHeaders(issuer: string): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${new URL(issuer).origin}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

export interface ConsoleOptions {
  dir?: string;
  /** The OpenID issuer the console signs in with. */
  issuer: string;
}

/**
 * Serves the operator console's files under `/console/` from the same origin as the graph: the
 * built assets (content-addressed, cached for a year), `config.json` (the issuer and the
 * console's client id, so one build works behind any address) and index.html for every other
 * path (the single-page application routes itself). Returns false for paths outside `/console`.
 */
export function createConsoleHandler(options: ConsoleOptions) {
  const dir = normalize(options.dir ?? defaultConsoleDir);
  const headers = securityHeaders(options.issuer);
  const config = JSON.stringify({ issuer: options.issuer, clientId: CONSOLE_CLIENT_ID });

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, cache: string) => {
    res.writeHead(status, { ...headers, 'content-type': type, 'cache-control': cache });
    res.end(body);
  };

  return async (req: IncomingMessage, res: ServerResponse, path = '/'): Promise<boolean> => {
    if (path !== CONSOLE_PREFIX && !path.startsWith(`${CONSOLE_PREFIX}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return true;
    }
    if (path === CONSOLE_PREFIX) {
      res.writeHead(308, { location: `${CONSOLE_PREFIX}/` });
      res.end();
      return true;
    }
    let rest: string;
    try {
      rest = decodeURIComponent(path.slice(CONSOLE_PREFIX.length + 1));
    } catch {
      send(res, 400, TYPES['.txt']!, 'bad path\n', 'no-store');
      return true;
    }
    if (rest === 'config.json') {
      send(res, 200, TYPES['.json']!, config, 'no-store');
      return true;
    }
    const file = normalize(join(dir, rest));
    const inside = file.startsWith(dir + sep) && !rest.includes('\0');
    const type = TYPES[extname(file)];
    if (inside && type && (await isFile(file))) {
      const immutable = rest.startsWith('assets/');
      send(
        res,
        200,
        type,
        await readFile(file),
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      return true;
    }
    // A missing asset is a 404; any other path is a page of the application.
    if (rest.startsWith('assets/') || extname(rest)) {
      send(res, 404, TYPES['.txt']!, 'not found\n', 'no-store');
      return true;
    }
    const index = join(dir, 'index.html');
    if (!(await isFile(index))) {
      send(res, 503, TYPES['.txt']!, 'The console is not built: run `npm run setup`.\n', 'no-store');
      return true;
    }
    send(res, 200, TYPES['.html']!, await readFile(index), 'no-cache');
    return true;
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
