// The one shape of cache the HTTP layer keeps answers in: least recently used first out, bounded
// both by its number of entries and by the bytes its entries hold, so a few large answers cannot
// grow the server's memory by RESPONSE_CACHE_SIZE × MAX_RESPONSE_BYTES.
import type { ExecutionResult } from 'graphql';
import type { Cache } from '@graphql-yoga/plugin-response-cache';

/** An LRU map holding at most `maxEntries` entries and `maxBytes` bytes (as `sizeOf` counts them). */
export class BoundedLru<V> {
  private readonly map = new Map<string, { value: V; bytes: number }>();
  private held = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** Bytes the entries hold now. */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` (unless it alone is larger than the byte bound), then drops the least recently used entries beyond either bound. */
  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes || this.maxEntries === 0) return;
    this.map.set(key, { value, bytes });
    this.held += bytes;
    while (this.map.size > this.maxEntries || this.held > this.maxBytes) this.delete(this.map.keys().next().value!);
  }

  delete(key: string): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.held -= entry.bytes;
  }

  clear(): void {
    this.map.clear();
    this.held = 0;
  }
}

/**
 * A cache for yoga's response cache plugin bounded like BoundedLru, an answer counted as the length
 * of its JSON. Its keys already name the read models' position (src/http/graphqlHandler.ts), so an
 * entry never goes stale: time-to-live is not used, and invalidation (off there) empties it.
 */
export function boundedAnswerCache(maxEntries: number, maxBytes: number): Cache {
  const answers = new BoundedLru<ExecutionResult>(maxEntries, maxBytes, (result) => JSON.stringify(result).length);
  return {
    get: (id) => answers.get(id),
    set: (id, data) => answers.set(id, data),
    invalidate: () => answers.clear(),
  };
}
