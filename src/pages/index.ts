// Routes for the server-rendered pages under /documents/: each page runs its GraphQL operation
// against the service's own schema as a public reader (no token), so a page shows exactly what the
// API would answer. Addresses are attacker-controlled: every segment is decoded strictly, every
// value escaped, and a bad address or an unknown document answers an error page, never a trace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../http/gate.ts';
import { comparePage, errorPage, historyPage, PageError, type RunQuery } from './documentPages.ts';
import { PAGE_CSP } from './html.ts';

export { PageError, type RunQuery } from './documentPages.ts';

const PREFIX = '/documents/';

/** Whether the path is one of the pages' (so the caller hands it to `servePage`). */
export function isPagePath(path: string): boolean {
  return path.startsWith(PREFIX);
}

/**
 * Answers GET (and HEAD) of /documents/<slug>, /documents/<slug>/compare/<from>/<to> and the
 * version picker's /documents/<slug>/compare?from=&to= (a 303 to the compare page's address).
 * `onUnexpected` hears errors that are not the reader's doing (they get a plain 500 page).
 */
export async function servePage(
  req: IncomingMessage,
  res: ServerResponse,
  run: RunQuery,
  onUnexpected: (error: unknown) => void,
  /** Fires when the request's deadline passed or its client left (src/http/gate.ts `admit`). */
  signal: AbortSignal = new AbortController().signal,
): Promise<void> {
  const bounded = withinDeadline(run, signal);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, req, 405, errorPage(new PageError(400, 'These pages can only be read (GET).')), { allow: 'GET, HEAD' });
    return;
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  try {
    const parts = path.slice(PREFIX.length).split('/').map(decodeSegment);
    if (parts.length === 1 && parts[0]) {
      send(res, req, 200, await historyPage(bounded, parts[0]));
      return;
    }
    if (parts.length === 2 && parts[0] && parts[1] === 'compare' && q >= 0) {
      const params = new URLSearchParams(url.slice(q + 1));
      const from = params.get('from');
      const to = params.get('to');
      if (!from || !to) throw new PageError(400, 'Choose the two versions to compare.');
      const location = `${PREFIX}${encodeURIComponent(parts[0])}/compare/${encodeURIComponent(from)}/${encodeURIComponent(to)}`;
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'content-security-policy': PAGE_CSP,
        location,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    if (parts.length === 4 && parts[0] && parts[1] === 'compare' && parts[2] && parts[3]) {
      send(res, req, 200, await comparePage(bounded, parts[0], parts[2], parts[3]));
      return;
    }
    throw new PageError(404, 'There is no page at this address.');
  } catch (error) {
    if (res.destroyed) return;
    if (error instanceof PageError) {
      send(
        res,
        req,
        error.status,
        errorPage(error),
        error.status === 503 ? { 'retry-after': '1', 'cache-control': 'no-store' } : {},
      );
      return;
    }
    onUnexpected(error);
    send(res, req, 500, errorPage(new PageError(500, 'The page could not be made. Please try again later.')));
  }
}

/**
 * A page's queries stop at its deadline: none starts once the signal fired, and an answer that
 * arrives after it is dropped (503, the same limit GraphQL requests have: REQUEST_TIMEOUT_MS).
 */
function withinDeadline(run: RunQuery, signal: AbortSignal): RunQuery {
  const check = () => {
    if (signal.aborted) throw new PageError(503, 'The page took too long to make. Please try again shortly.');
  };
  return async (query, variables) => {
    check();
    const data = await run(query, variables);
    check();
    return data;
  };
}

/**
 * A refusal by the HTTP gate (busy, deadline, pipelining) as a page: its status, its retry-after,
 * and the limit that applied named in `x-limit` (GraphQL answers name it in `extensions.limit`).
 */
export function refusePage(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  code: string,
  limit: string,
  message: string,
  headers: Record<string, string>,
): void {
  const body = errorPage(new PageError(503, message));
  send(res, req, status, body, { ...headers, 'cache-control': 'no-store', 'x-error-code': code, 'x-limit': limit });
}

/** A path segment, percent-decoded; malformed escapes are the reader's error (400), not ours. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new PageError(400, 'The address has a malformed percent-escape.');
  }
}

function send(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-security-policy': PAGE_CSP,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(bytes.length),
    // Pages show the read models as they are now; they are small, so browsers revalidate each time.
    'cache-control': 'no-cache',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
