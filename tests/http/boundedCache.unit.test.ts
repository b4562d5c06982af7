// The LRU the answer caches use: bounded by entries and by bytes, least recently used out first,
// and an entry larger than the byte bound never kept.
import { describe, expect, it } from 'vitest';
import { BoundedLru, boundedAnswerCache } from '../../src/http/boundedCache.ts';

const lru = (entries: number, bytes: number) => new BoundedLru<string>(entries, bytes, (v) => v.length);

describe('BoundedLru', () => {
  it('drops the least recently used entries once the bytes would pass the bound', () => {
    const c = lru(100, 10);
    c.set('a', 'aaaa');
    c.set('b', 'bbbb');
    expect(c.get('a')).toBe('aaaa'); // a is now the most recently used
    c.set('c', 'cccc'); // 12 bytes: b goes
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe('aaaa');
    expect(c.get('c')).toBe('cccc');
    expect(c.bytes).toBe(8);
  });

  it('drops the least recently used entries beyond the entry bound', () => {
    const c = lru(2, 1_000);
    c.set('a', 'a');
    c.set('b', 'b');
    c.set('c', 'c');
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([undefined, 'b', 'c']);
    expect(c.size).toBe(2);
  });

  it('keeps nothing larger than the byte bound, and nothing at all with no entries allowed', () => {
    const c = lru(10, 3);
    c.set('a', 'abcd');
    expect(c.get('a')).toBeUndefined();
    expect(c.bytes).toBe(0);
    const none = lru(0, 1_000);
    none.set('a', 'a');
    expect(none.size).toBe(0);
  });

  it('counts a replaced entry once', () => {
    const c = lru(10, 10);
    c.set('a', 'aaaa');
    c.set('a', 'aaaaaa');
    expect(c.bytes).toBe(6);
    expect(c.get('a')).toBe('aaaaaa');
  });
});

describe('boundedAnswerCache', () => {
  it("counts an answer as its JSON's length", async () => {
    const cache = boundedAnswerCache(10, 40);
    const small = { data: { a: 1 } }; // 15 bytes of JSON
    const large = { data: { text: 'x'.repeat(40) } };
    await cache.set('small', small, [], Number.POSITIVE_INFINITY);
    await cache.set('large', large, [], Number.POSITIVE_INFINITY);
    expect(await cache.get('small')).toBe(small);
    expect(await cache.get('large')).toBeUndefined();
    await cache.invalidate([]);
    expect(await cache.get('small')).toBeUndefined();
  });
});
