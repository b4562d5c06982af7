// Staff names are for staff: the public reads a correction's reason and time, but not the name of
// the editor who made it; editors and auditors see the name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';

const CORRECTIONS = '{ document(slug: "s") { versions { corrections { actor reason } } } }';
type Corrections = { document: { versions: { corrections: { actor: string | null; reason: string }[] }[] } };

describe('who made a correction', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
    const r = (q: string) =>
      `mutation($input: ${q}Input!) { ${q[0]!.toLowerCase()}${q.slice(1)}(input: $input) { __typename } }`;
    await mutate(server, r('RegisterDocument'), { slug: 's', title: 'S', kind: 'RESOURCE' });
    const sections = [{ key: 'a', heading: 'A', body: 'Text' }];
    await mutate(server, r('PublishVersion'), {
      slug: 's',
      label: 'v1',
      publishedOn: '2024-01-01',
      changeNote: 'First',
      sections,
    });
    const corrected = await mutate(server, r('CorrectVersion'), {
      slug: 's',
      label: 'v1',
      reason: 'Typo',
      sections: [{ key: 'a', heading: 'A', body: 'Text, fixed' }],
    });
    expect(corrected.__typename).toBe('CorrectVersionSuccess');
  });
  afterAll(() => server.stop());

  it('is hidden from the public', async () => {
    const res = await server.gql<Corrections>(CORRECTIONS);
    expect(res.errors).toBeUndefined();
    expect(res.data!.document.versions[0]!.corrections).toEqual([{ actor: null, reason: 'Typo' }]);
  });

  it('is shown to editors and auditors', async () => {
    for (const token of [EDITOR_TOKEN, AUDITOR_TOKEN]) {
      const res = await server.gql<Corrections>(CORRECTIONS, {}, { token });
      expect(res.data!.document.versions[0]!.corrections).toEqual([{ actor: 'alice', reason: 'Typo' }]);
    }
  });

  it('is not cached for the public from a staff answer, nor the other way round', async () => {
    const pub = await server.gql<Corrections>(CORRECTIONS);
    expect(pub.data!.document.versions[0]!.corrections[0]!.actor).toBeNull();
    const staff = await server.gql<Corrections>(CORRECTIONS, {}, { token: EDITOR_TOKEN });
    expect(staff.data!.document.versions[0]!.corrections[0]!.actor).toBe('alice');
  });
});
