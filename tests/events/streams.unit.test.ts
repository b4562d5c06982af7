import { describe, expect, it } from 'vitest';
import { AGGREGATES } from '../../src/events/catalogue.ts';
import { idInStream, parseStreamId, streamIdOf, streamPrefixOf, streams } from '../../src/events/streams.ts';

describe('stream names', () => {
  it('names each aggregate instance `<aggregate>-<id>` and parses the name back', () => {
    expect(streams.document('working-together')).toBe('document-working-together');
    expect(streams.board('tasp')).toBe('board-tasp');
    expect(streams.membership('tasp')).toBe('membership-tasp');
    expect(streams.publication('spring-2024')).toBe('publication-spring-2024');
    expect(streams.person('trustee-1f2e')).toBe('person-trustee-1f2e');
    for (const aggregate of AGGREGATES) {
      const id = 'a-hyphenated-id';
      expect(parseStreamId(streamIdOf(aggregate, id))).toEqual({ aggregate, id });
      expect(streamIdOf(aggregate, id).startsWith(streamPrefixOf(aggregate))).toBe(true);
    }
  });

  it('tells a stream of one aggregate from the others and from names no aggregate uses', () => {
    expect(idInStream('document', 'document-wt')).toBe('wt');
    expect(idInStream('document', 'board-tasp')).toBeNull();
    expect(idInStream('membership', 'member-x')).toBeNull();
    expect(parseStreamId('documents-wt')).toBeNull();
    expect(parseStreamId('document-')).toBeNull();
    expect(parseStreamId('$all')).toBeNull();
  });
});
