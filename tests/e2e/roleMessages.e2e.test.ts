// A refused field says which role it needs, without a token and with the wrong one: the message
// comes from the field's scopes, so an auditor-only field never tells the public to sign in as an editor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

describe('role refusals name the role a field needs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const refusal = async (query: string, token?: string) => {
    const res = await server.gql(query, {}, token ? { token } : {});
    expect(res.errors).toHaveLength(1);
    return { code: res.errors![0]!.extensions?.code, message: res.errors![0]!.message };
  };

  it.each([
    ['events', '{ events(first: 2) { edges { cursor } } }'],
    ['verification', '{ verification { ok } }'],
  ])(
    '%s (auditor-only) asks the public for an auditor token and tells an editor it needs the auditor role',
    async (_n, query) => {
      expect(await refusal(query)).toEqual({
        code: 'UNAUTHENTICATED',
        message: 'Sign in with an auditor token (Authorization: Bearer <token>) to read this',
      });
      expect(await refusal(query, EDITOR_TOKEN)).toEqual({
        code: 'FORBIDDEN',
        message: 'The editor role may not do this: it needs the auditor role',
      });
      const asAuditor = await server.gql(query, {}, { token: AUDITOR_TOKEN });
      expect(asAuditor.errors).toBeUndefined();
    },
  );

  it('an editor-only mutation asks the public for an editor token and tells an auditor it needs the editor role', async () => {
    const query = 'mutation { erasePersonalData(input: { personId: "nobody", reason: "test" }) { __typename } }';
    expect(await refusal(query)).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Sign in with an editor token (Authorization: Bearer <token>) to do this',
    });
    expect(await refusal(query, AUDITOR_TOKEN)).toEqual({
      code: 'FORBIDDEN',
      message: 'The auditor role may not do this: it needs the editor role',
    });
  });

  it('a field open to editors and auditors names both to the public', async () => {
    expect(await refusal('{ board(atPosition: "1") { size } }')).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Sign in with an editor or an auditor token (Authorization: Bearer <token>) to read this',
    });
  });
});
