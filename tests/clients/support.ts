// What the client tests share: a server with the seed corpus, a fetch that counts the requests a
// client sends, and the check that a watched query never shows anything but the server's answer.
import { expect } from 'vitest';
import type { TestServer } from '../support/server.ts';

export const WT = 'working-together-to-safeguard-children';

/** A fetch for a client library that counts its requests (to prove an update came without a refetch). */
export function countingFetch(): { fetch: typeof fetch; count: () => number } {
  let sent = 0;
  return {
    fetch: (input, init) => {
      sent += 1;
      return fetch(input, init);
    },
    count: () => sent,
  };
}

/** The value without the `__typename` fields a client library adds to every selection. */
export function withoutTypename(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTypename);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== '__typename')
      .map(([k, v]) => [k, withoutTypename(v)]),
  );
}

/** The server's own answer to a query, over plain HTTP (no client cache), which must succeed. */
export async function truth(server: TestServer, query: string, token?: string): Promise<Record<string, unknown>> {
  const res = await server.gql<Record<string, unknown>>(query, {}, token ? { token } : {});
  expect(res.errors).toBeUndefined();
  return res.data!;
}

/** Lets a client's watchers run after the network answers it is waiting for. */
export const settle = () => new Promise((r) => setTimeout(r, 50));

/**
 * Past states of the seed corpus to travel to, each beside the current state it must not leak into:
 * a document, the board and the membership, each asked for now and at past coordinates (effective
 * date, recorded instant, log position).
 */
export const TIME_TRAVEL = [
  {
    name: 'document',
    current: `{ document(slug: "${WT}") { id title revision versions { id label publishedOn changeNote wordCount sections { key heading body } } } }`,
    past: [
      `{ document(slug: "${WT}", atPosition: "10") { id title revision versions { id label publishedOn changeNote wordCount sections { key heading body } } } }`,
      `{ document(slug: "${WT}", atPosition: "3") { id title revision versions { id label publishedOn changeNote wordCount sections { key heading body } } } }`,
    ],
  },
  {
    name: 'board',
    current:
      '{ board(asOf: "2021-06-01") { id asOf size namedSize trustees { id name role appointedOn stoodDownOn } seats { id role trustee { id name } } } }',
    past: [
      '{ board(asOf: "2023-01-01") { id asOf size namedSize trustees { id name role appointedOn stoodDownOn } seats { id role trustee { id name } } } }',
      '{ board(asOf: "2020-04-01") { id asOf size namedSize trustees { id name role appointedOn stoodDownOn } seats { id role trustee { id name } } } }',
      '{ board(asOf: "2021-06-01", atPosition: "5") { id asOf size namedSize trustees { id name role appointedOn stoodDownOn } seats { id role trustee { id name } } } }',
    ],
  },
  {
    name: 'membership',
    current:
      '{ membership { id asOf tracked { members partnerships byRegion { region members } } reported { id members eligible reportedOn } } }',
    past: [
      '{ membership(asOf: "2022-06-01") { id asOf tracked { members partnerships byRegion { region members } } reported { id members eligible reportedOn } } }',
      '{ membership(atPosition: "5") { id asOf tracked { members partnerships byRegion { region members } } reported { id members eligible reportedOn } } }',
    ],
  },
] as const;

/** Waits until `check` returns a value (polling), or fails naming `what`. */
export async function until<T>(check: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
