// GraphiQL served by the service itself: @graphql-yoga/render-graphiql inlines GraphiQL's script,
// styles, editor workers and icon into one page, so nothing is fetched from anywhere else (networks
// without internet access get a working page). The page is rendered once, on its first request; its
// Content-Security-Policy allows only that inline script (by its SHA-256), workers made from blobs
// of the page itself, and requests to this origin. The renderer (a 10 MB script held as a string,
// about 30 MB of heap with its module's source) is loaded with the first page asked for, not at start.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './gate.ts';
import { GRAPHIQL_TABS } from './graphiqlTabs.ts';

export interface GraphiQLPage {
  html: Buffer;
  csp: string;
  /** Strong validator of the page (it changes only with the service's code), so browsers revalidate for a 304 instead of 9 MB. */
  etag: string;
}

/** The page and its policy, with the inline script allowed by its hash (CSP Level 2). */
export async function buildGraphiQLPage(endpoint = '/graphql'): Promise<GraphiQLPage> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const html = renderGraphiQL({
    title: 'Safeguarding guidance history — GraphiQL',
    endpoint,
    defaultTabs: GRAPHIQL_TABS.map((t) => ({
      query: t.query,
      variables: t.variables ?? null,
      headers: t.headers ?? null,
    })),
    // Queries go as GET: cacheable, and no CSRF header needed (credentials are never cookies).
    useGETForQueries: true,
    credentials: 'omit',
    subscriptionsProtocol: 'SSE',
  });
  const scripts = inlineBodies(html, 'script');
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256Source).join(' ')}`,
    // Monaco (the editor) adds <style> elements and style attributes as it runs, which no hash can
    // name in advance (and a hash in the list would switch 'unsafe-inline' off). Styles cannot run
    // code, so this is the page's one relaxation; scripts are allowed by hash only.
    "style-src 'unsafe-inline'",
    'worker-src blob:',
    "connect-src 'self'",
    'img-src data:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html: Buffer.from(html), csp, etag: `"${createHash('sha256').update(html).digest('base64url')}"` };
}

/** The text of every inline `<tag>…</tag>` element of the page, exactly as the browser hashes it. */
function inlineBodies(html: string, tag: 'script'): string[] {
  const found: string[] = [];
  const pattern = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  for (const match of html.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/**
 * Whether a request asks for the GraphiQL page: a GET of the endpoint whose accept header names
 * text/html, i.e. a browser's navigation (also with ?query=…, GraphiQL's shared links), as yoga's
 * own rule has it. Programs asking for JSON get the answer.
 */
export function wantsGraphiQL(req: IncomingMessage, path: string): boolean {
  return req.method === 'GET' && path === '/graphql' && (req.headers.accept ?? '').includes('text/html');
}

export function serveGraphiQL(page: GraphiQLPage, req: IncomingMessage, res: ServerResponse): void {
  const headers = {
    ...SECURITY_HEADERS,
    'content-security-policy': page.csp,
    'cache-control': 'no-cache',
    etag: page.etag,
  };
  if (req.headers['if-none-match'] === page.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(page.html.length),
  });
  res.end(page.html);
}
