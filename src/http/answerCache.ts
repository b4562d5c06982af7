// The response cache's store of public answers, bounded by their size as well as their number:
// an answer may be MAX_RESPONSE_BYTES long, so a cache bounded only by count could be filled by one
// client with a thousand large answers (each spelling of a query is an entry of its own).
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';

interface HeldResult {
  result: ExecutionResult;
  bytes: number;
  expiresAt: number;
}

/**
 * At most `maxEntries` results and `maxBytes` bytes (each result counted as the length of its JSON,
 * in UTF-16 code units), the least recently used going first; a result larger than `maxBytes` is not
 * kept. A finite `ttl` (ms) ends an entry early. Invalidation by entity is not kept: the public
 * answers' keys hold the read models' position, so no entry needs invalidating.
 */
export function createBoundedAnswerCache(settings: { maxEntries: number; maxBytes: number }): Cache {
  const held = new Map<string, HeldResult>();
  let bytes = 0;
  const forget = (id: string) => {
    const entry = held.get(id);
    if (!entry) return;
    held.delete(id);
    bytes -= entry.bytes;
  };
  return {
    get(id) {
      const entry = held.get(id);
      if (!entry) return undefined;
      forget(id);
      if (entry.expiresAt <= Date.now()) return undefined;
      held.set(id, entry);
      bytes += entry.bytes;
      return entry.result;
    },
    set(id, result, _entities, ttl) {
      forget(id);
      const size = JSON.stringify(result).length;
      if (size > settings.maxBytes || settings.maxEntries === 0) return;
      held.set(id, {
        result,
        bytes: size,
        expiresAt: Number.isFinite(ttl) ? Date.now() + ttl : Number.POSITIVE_INFINITY,
      });
      bytes += size;
      while (held.size > settings.maxEntries || bytes > settings.maxBytes) forget(held.keys().next().value!);
    },
    invalidate() {},
  };
}
