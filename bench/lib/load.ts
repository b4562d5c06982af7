// HTTP load with autocannon, only ever against servers this run started on 127.0.0.1, for a fixed
// time, so every load stops by itself.
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  /** Keep concurrency at one request per connection (no pipelining). */
  pipelining?: number;
  /** Send the query as a GET with URL parameters (POST with a JSON body by default). */
  method?: 'GET' | 'POST';
  /** More request headers (e.g. if-none-match). */
  headers?: Record<string, string>;
}

/** The URL of a GET query: the endpoint with the query as its URL parameter. */
export function getQueryUrl(url: string, query: string): string {
  return `${url}?${new URLSearchParams({ query })}`;
}

export async function loadTest(url: string, query: string, options: LoadOptions): Promise<LoadResult> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`load is only sent to 127.0.0.1, not ${url}`);
  const get = options.method === 'GET';
  const result = await autocannon({
    url: get ? getQueryUrl(url, query) : url,
    method: get ? 'GET' : 'POST',
    headers: { ...(get ? {} : { 'content-type': 'application/json' }), accept: 'application/json', ...options.headers },
    ...(get ? {} : { body: JSON.stringify({ query }) }),
    connections: options.connections,
    pipelining: options.pipelining ?? 1,
    duration: options.seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
