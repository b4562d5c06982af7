// Queries over many trustees, members and publication items run a fixed number of read-model
// queries: every query-class method call is counted, and the count must not grow with the rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.ts';
import { boardStreamId } from '../../src/domain/board/board.ts';
import { boardDecider } from '../../src/domain/board/decide.ts';
import { membershipDecider } from '../../src/domain/membership/decide.ts';
import { memberIdFor, membershipStreamId } from '../../src/domain/membership/membership.ts';
import { publicationDecider } from '../../src/domain/publications/decide.ts';
import { publicationStreamId } from '../../src/domain/publications/publication.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const WT = 'working-together-to-safeguard-children';

/** Wraps every method of the read-model query classes to count the reads a request makes. */
function countReads(services: Services): { reads(): number; reset(): void } {
  let reads = 0;
  for (const queries of [services.board, services.membership, services.publications, services.documents]) {
    const target = queries as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(queries))) {
      if (name === 'constructor') continue;
      const original = target[name]!.bind(queries);
      target[name] = (...args: unknown[]) => {
        reads += 1;
        return original(...args);
      };
    }
  }
  return { reads: () => reads, reset: () => (reads = 0) };
}

describe('reads per request over many trustees, members and items', () => {
  let server: TestServer;
  let counter: ReturnType<typeof countReads>;

  beforeAll(async () => {
    server = await startTestServer();
    counter = countReads(server.services);
  });
  afterAll(() => server.stop());

  /** Runs a query and returns how many reads it made and its data. */
  async function measure<T>(query: string): Promise<{ reads: number; data: T }> {
    counter.reset();
    const res = await server.gql<T>(query);
    expect(res.errors).toBeUndefined();
    return { reads: counter.reads(), data: res.data! };
  }

  const as = { actor: 'loader-test' };

  it('reads the board with a fixed number of queries however many trustees it has', async () => {
    const query = `{
      board(asOf: "2035-01-01") { namedSize trustees { name role roles { role validFrom } } }
      boardChanges(from: "2000-01-01", to: "2040-01-01") { kind trustee { name roles { role } } }
    }`;
    const few = await measure<{ board: { namedSize: number } }>(query);
    // Six seats are free: the archive's board has four named trustees and two a report did not name.
    for (let i = 1; i <= 6; i += 1) {
      await server.services.commands.execute(
        boardDecider,
        boardStreamId(),
        {
          type: 'AppointTrustee',
          data: {
            trusteeId: `trustee-loader-${i}`,
            name: `Loader Trustee ${i}`,
            role: 'member',
            appointedOn: '2034-01-01',
          },
        },
        as,
      );
    }
    const many = await measure<{ board: { namedSize: number } }>(query);
    expect(few.data.board.namedSize).toBe(4);
    expect(many.data.board.namedSize).toBe(10);
    expect(many.reads).toBe(few.reads);
    expect(many.reads).toBeLessThanOrEqual(4);
  });

  it('reads members and their renewals with a fixed number of queries however many members there are', async () => {
    const query = `{
      members(asOf: "2035-01-01", first: 100) { edges { node { name region renewals { membershipYear } } } }
      membershipChanges(from: "2000-01-01", to: "2040-01-01") { kind member { name renewals { membershipYear } } report { members byRegion { region } } }
      membership(asOf: "2035-01-01") { tracked { members } reported { members byRegion { region } } }
    }`;
    const few = await measure<{ members: { edges: unknown[] } }>(query);
    for (let i = 1; i <= 40; i += 1) {
      const name = `Loader Partnership ${i}`;
      const admit = { type: 'AdmitMember', data: { name, region: 'LONDON', joinedOn: '2034-01-01' } } as const;
      await server.services.commands.execute(membershipDecider, membershipStreamId(), admit, as);
      const renewal = { memberId: memberIdFor(name), membershipYear: '2034-35', renewedOn: '2034-04-01' };
      await server.services.commands.execute(
        membershipDecider,
        membershipStreamId(),
        { type: 'RenewMembership', data: renewal },
        as,
      );
    }
    const many = await measure<{ members: { edges: unknown[] } }>(query);
    expect(few.data.members.edges).toHaveLength(3);
    expect(many.data.members.edges).toHaveLength(43);
    expect(many.reads).toBe(few.reads);
    expect(many.reads).toBeLessThanOrEqual(9);
  });

  it('reads publications, their items, linked documents and the documents’ publications with a fixed number of queries', async () => {
    const query = `{
      publications(first: 100) {
        edges { node { slug items { title document { slug title publications { slug items { title } } } } } }
      }
    }`;
    const few = await measure<{ publications: { edges: unknown[] } }>(query);
    for (let i = 1; i <= 30; i += 1) {
      const slug = `loader-issue-${i}`;
      const items = Array.from({ length: 5 }, (_, j) => ({
        category: 'STATUTORY_GUIDANCE' as const,
        title: `Item ${j}`,
        summary: 'About Working Together.',
        documentSlug: WT,
      }));
      const data = {
        slug,
        kind: 'NEWSLETTER_ISSUE' as const,
        title: `Issue ${i}`,
        publisher: 'TASP',
        publishedOn: '2034-01-01',
        items,
      };
      await server.services.commands.execute(
        publicationDecider,
        publicationStreamId(slug),
        { type: 'RecordPublication', data, existingDocuments: [WT] },
        as,
      );
    }
    const many = await measure<{ publications: { edges: unknown[] } }>(query);
    expect(few.data.publications.edges).toHaveLength(7);
    expect(many.data.publications.edges).toHaveLength(37);
    expect(many.reads).toBe(few.reads);
    expect(many.reads).toBeLessThanOrEqual(4);
  });
});
