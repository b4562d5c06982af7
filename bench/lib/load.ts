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
}

export async function loadTest(url: string, query: string, options: LoadOptions): Promise<LoadResult> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`load is only sent to 127.0.0.1, not ${url}`);
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
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
