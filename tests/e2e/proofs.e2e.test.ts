// Proving history over HTTP: the signed tree head, the public key at its well-known path, inclusion
// and consistency proofs fetched over GraphQL and checked by `verify-proof` with nothing but that
// key, erasure leaving every leaf as it was, and heads witnessed into the checkpoint file.
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { openSqlite } from '../../src/sqlite.ts';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTreeHead, type SignedTreeHead } from '../../src/app/signing.ts';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../support/child.ts';

const HEAD = 'treeHead { treeSize rootHash timestamp keyId signature }';
const INCLUSION = 'leafIndex leafHash treeSize auditPath';

/** Runs the command line with `stdin`, in an environment whose DATA_DIR does not exist. */
const cli = async (args: string[], stdin: string, dataDir: string) => {
  const { code, output } = await runCli(args, { dataDir, stdin });
  return { code, out: output };
};

describe('proofs over HTTP', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let server: TestServer;
  const auditor = tempDir('sgh-auditor-');
  const nowhere = join(auditor.path, 'no-data-dir-here');
  const keyFile = join(auditor.path, 'tree-head-key.pem');

  beforeAll(async () => {
    server = await startTestServer({ WITNESS_EVERY_EVENTS: '1', WITNESS_INTERVAL_MS: '0' });
    const res = await fetch(server.url.replace('/graphql', '/.well-known/tree-head-key'));
    expect(res.status).toBe(200);
    writeFileSync(keyFile, await res.text());
  });
  afterAll(async () => {
    await server.stop();
    auditor.remove();
  });

  const headNow = async () => (await server.gql<{ treeHead: SignedTreeHead }>(`{ ${HEAD} }`)).data!.treeHead;

  it('serves a signed head and the key that signed it, to anyone', async () => {
    const res = await server.gql<{
      treeHead: SignedTreeHead;
      signingKey: { keyId: string; algorithm: string; publicKeyPem: string };
    }>(`{ ${HEAD} signingKey { keyId algorithm publicKeyPem } }`);
    expect(res.errors).toBeUndefined();
    const { treeHead, signingKey } = res.data!;
    expect(signingKey.algorithm).toBe('Ed25519');
    expect(readFileSync(keyFile, 'utf8')).toBe(signingKey.publicKeyPem);
    expect(treeHead.keyId).toBe(signingKey.keyId);
    expect(treeHead.rootHash).toMatch(/^[0-9a-f]{64}$/);
    expect(treeHead.treeSize).toBe((await server.services.store.headPosition()).toString());
    expect(checkTreeHead(treeHead, createPublicKey(signingKey.publicKeyPem))).toEqual({ ok: true });
  });

  it("gives each event's leaf hash, equal to its inclusion proof's", async () => {
    const res = await server.gql<{ events: { edges: { node: { position: string; leafHash: string } }[] } }>(
      '{ events(first: 3) { edges { node { position leafHash } } } }',
      {},
      { token: AUDITOR_TOKEN },
    );
    const third = res.data!.events.edges[2]!.node;
    const proof = await server.gql<{ inclusionProof: { leafHash: string; leafIndex: string } }>(
      `{ inclusionProof(position: "${third.position}") { ${INCLUSION} } }`,
    );
    expect(proof.data!.inclusionProof).toMatchObject({ leafHash: third.leafHash, leafIndex: '2' });
  });

  it('answers BAD_USER_INPUT for positions and sizes the tree cannot prove', async () => {
    const size = Number((await headNow()).treeSize);
    for (const query of [
      '{ inclusionProof(position: "abc") { leafIndex } }',
      '{ inclusionProof(position: "-1") { leafIndex } }',
      '{ inclusionProof(position: "99999999") { leafIndex } }',
      `{ inclusionProof(position: "5", treeSize: "${size + 1}") { leafIndex } }`,
      '{ inclusionProof(position: "5", treeSize: "3") { leafIndex } }',
      '{ consistencyProof(from: "0") { path } }',
      `{ consistencyProof(from: "${size + 1}") { path } }`,
      '{ consistencyProof(from: "5", to: "4") { path } }',
    ]) {
      const res = await server.gql(query);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
    }
  });

  it('reads every proof argument as a log position, saying what is wrong with one it refuses', async () => {
    const size = (await headNow()).treeSize;
    const MAX = '9223372036854775807';
    for (const [query, message] of [
      [`{ inclusionProof(position: "${MAX}") { leafIndex } }`, `No event at position ${MAX} is in the tree`],
      [
        `{ inclusionProof(position: "5", treeSize: "${MAX}") { leafIndex } }`,
        `treeSize ${MAX} is beyond the tree's size: the tree has ${size} leaves`,
      ],
      [
        `{ consistencyProof(from: "1", to: "${MAX}") { path } }`,
        `to ${MAX} is beyond the tree's size: the tree has ${size} leaves`,
      ],
      [
        `{ consistencyProof(from: "${MAX}") { path } }`,
        `from must be between 1 and ${size} (the tree's size or to), not ${MAX}`,
      ],
      [
        '{ inclusionProof(position: "9223372036854775808") { leafIndex } }',
        'position 9223372036854775808 is beyond the largest log position, 9223372036854775807',
      ],
      [
        '{ consistencyProof(from: "1", to: "99999999999999999999") { path } }',
        'to 99999999999999999999 is beyond the largest log position',
      ],
      [
        '{ inclusionProof(position: "7", treeSize: "1e3") { leafIndex } }',
        'treeSize must be a log position: decimal digits from 0 to 9223372036854775807, not "1e3"',
      ],
    ] as const) {
      const res = await server.gql(query);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message, query).toContain(message);
    }
    // Leading zeros are read as event cursors and atPosition read them.
    const padded = await server.gql(
      `{ inclusionProof(position: "0007", treeSize: "0${size}") { ${INCLUSION} } consistencyProof(from: "003", to: "00${size}") { fromSize toSize path } }`,
    );
    const plain = await server.gql(
      `{ inclusionProof(position: "7", treeSize: "${size}") { ${INCLUSION} } consistencyProof(from: "3", to: "${size}") { fromSize toSize path } }`,
    );
    expect(padded.errors).toBeUndefined();
    expect(padded.data).toEqual(plain.data);
  });

  it('verify-proof checks an inclusion proof fetched over GraphQL with only the public key', async () => {
    const response = await server.gql(`{ ${HEAD} inclusionProof(position: "7") { ${INCLUSION} } }`);
    const ok = await cli(['verify-proof', '--key', keyFile], JSON.stringify(response), nowhere);
    expect(ok.out).toContain('OK: leaf 6');
    expect(ok.code).toBe(0);
    expect(existsSync(nowhere)).toBe(false);

    const data = response.data as { inclusionProof: { auditPath: string[] } };
    const path = [...data.inclusionProof.auditPath];
    path[0] = `${path[0]!.slice(0, 63)}${path[0]!.endsWith('0') ? '1' : '0'}`;
    const tampered = { data: { ...data, inclusionProof: { ...data.inclusionProof, auditPath: path } } };
    const bad = await cli(['verify-proof', '--key', keyFile], JSON.stringify(tampered), nowhere);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('INVALID');
  });

  it('verify-proof checks a consistency proof from a head kept earlier, and refuses one from a head not signed by the key', async () => {
    const old = await headNow();
    const oldFile = join(auditor.path, 'old-head.json');
    writeFileSync(oldFile, JSON.stringify(old));
    await server.gql(
      'mutation { registerDocument(input: {slug: "proofs-doc", title: "Proofs", kind: RESOURCE}) { __typename } }',
      {},
      { token: EDITOR_TOKEN },
    );
    const response = await server.gql(`{ ${HEAD} consistencyProof(from: "${old.treeSize}") { fromSize toSize path } }`);
    const ok = await cli(['verify-proof', '--key', keyFile, '--old-head', oldFile], JSON.stringify(response), nowhere);
    expect(ok.out).toContain(`extends the tree of ${old.treeSize} leaves`);
    expect(ok.code).toBe(0);

    writeFileSync(oldFile, JSON.stringify({ ...old, rootHash: '0'.repeat(64) }));
    const forged = await cli(
      ['verify-proof', '--key', keyFile, '--old-head', oldFile],
      JSON.stringify(response),
      nowhere,
    );
    expect(forged.code).toBe(1);
    expect(forged.out).toContain('oldTreeHead: the signature does not verify');
    expect(existsSync(nowhere)).toBe(false);
  });

  it('keeps every leaf when a person is erased, so heads taken before still extend', async () => {
    const appoint = await server.gql<{ appointTrustee: { __typename: string; trustee: { trusteeId: string } } }>(
      'mutation { appointTrustee(input: {name: "Pat Proofperson", appointedOn: "2030-01-01", source: "Test"}) { __typename ... on AppointTrusteeSuccess { trustee { trusteeId } } } }',
      {},
      { token: EDITOR_TOKEN },
    );
    expect(appoint.data!.appointTrustee.__typename).toBe('AppointTrusteeSuccess');
    const before = await headNow();
    const leaves = async () =>
      (
        await server.gql<{ events: { edges: { node: { leafHash: string } }[] } }>(
          '{ events(first: 500, streamPrefix: "board-") { edges { node { leafHash } } } }',
          {},
          { token: AUDITOR_TOKEN },
        )
      ).data!.events.edges.map((e) => e.node.leafHash);
    const leavesBefore = await leaves();
    const erased = await server.gql<{ erasePersonalData: { __typename: string } }>(
      'mutation($id: ID!) { erasePersonalData(input: {personId: $id, reason: "Asked"}) { __typename } }',
      { id: appoint.data!.appointTrustee.trustee.trusteeId },
      { token: EDITOR_TOKEN },
    );
    expect(erased.data!.erasePersonalData.__typename).toBe('ErasePersonalDataSuccess');
    expect((await leaves()).slice(0, leavesBefore.length)).toEqual(leavesBefore);
    const response = await server.gql(
      `{ ${HEAD} consistencyProof(from: "${before.treeSize}") { fromSize toSize path } }`,
    );
    const check = await cli(
      ['verify-proof', '--key', keyFile],
      JSON.stringify({ ...response, oldTreeHead: before }),
      nowhere,
    );
    expect(check.code).toBe(0);
  });

  it('witnesses heads into the append-only checkpoint file as the log grows', async () => {
    const file = join(server.dataDir, 'tree-heads.ndjson');
    const deadline = Date.now() + 5_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const heads = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SignedTreeHead);
    expect(heads.length).toBeGreaterThan(0);
    const key = createPublicKey(readFileSync(keyFile, 'utf8'));
    for (const head of heads) expect(checkTreeHead(head, key)).toEqual({ ok: true });
    const sizes = heads.map((h) => Number(h.treeSize));
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
  });
});

describe('checkpoint and verify --since on the command line', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('passes for the untouched log, then fails naming where a log cut short (and its read models deleted) now ends', async () => {
    const data = tempDir('sgh-since-');
    const keep = tempDir('sgh-keep-');
    try {
      const head = join(keep.path, 'head.json');
      expect((await cli(['seed'], '', data.path)).code).toBe(0);
      const saved = await cli(['checkpoint', head], '', data.path);
      expect(saved.out).toContain('saved the tree head of');
      const again = await cli(['checkpoint', head], '', data.path);
      expect(again.code).toBe(2);
      expect(again.out).toContain('never overwritten');
      const ok = await cli(['verify', '--since', head], '', data.path);
      expect(ok.out).toContain('EXTENDS the saved head');
      expect(ok.code).toBe(0);

      const db = openSqlite(join(data.path, 'events.sqlite'));
      const last = (db.prepare('SELECT MAX(position) AS p FROM events').get() as { p: number }).p;
      db.prepare('DELETE FROM events WHERE position > ?').run(last - 2);
      db.close();
      for (const f of ['read.sqlite', 'read.sqlite-wal', 'read.sqlite-shm'])
        rmSync(join(data.path, f), { force: true });
      const cut = await cli(['verify', '--since', head], '', data.path);
      expect(cut.code).toBe(1);
      expect(cut.out).toContain(`after position ${last - 2}) is missing`);
    } finally {
      data.remove();
      keep.remove();
    }
  });
});

describe('verify --since with heads in other shapes', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('accepts a GraphQL response holding treeHead, and says a file that is no head is unreadable with exit 2', async () => {
    const data = tempDir('sgh-since-shapes-');
    const keep = tempDir('sgh-since-shapes-keep-');
    let server: TestServer | null = null;
    try {
      server = await startTestServer({}, data.path);
      const response = await server.gql(`{ ${HEAD} }`);
      expect(response.errors).toBeUndefined();
      await server.stop();
      server = null;

      const resp = join(keep.path, 'resp.json');
      writeFileSync(resp, JSON.stringify(response));
      const ok = await cli(['verify', '--since', resp], '', data.path);
      expect(ok.out).toContain('EXTENDS the saved head');
      expect(ok.code).toBe(0);

      // A head whose signature fails is tampering (exit 1); files that hold no head are not (exit 2).
      const head = (response.data as { treeHead: SignedTreeHead }).treeHead;
      writeFileSync(resp, JSON.stringify({ data: { treeHead: { ...head, rootHash: '0'.repeat(64) } } }));
      const forged = await cli(['verify', '--since', resp], '', data.path);
      expect(forged.out).toContain('NOT AN EXTENSION');
      expect(forged.code).toBe(1);
      for (const [content, reason] of [
        [
          '{"data":null,"errors":[{"message":"The event log is damaged"}]}',
          'a GraphQL response without data.treeHead (errors: The event log is damaged)',
        ],
        ['{"data":{"treeHead":{"treeSize":"3"}}}', 'no rootHash, timestamp, keyId, signature strings'],
        ['[1, 2]', 'it is not a JSON object'],
        ['{"treeSize": 3}', 'no treeSize, rootHash, timestamp, keyId, signature strings'],
      ] as const) {
        writeFileSync(resp, content);
        const bad = await cli(['verify', '--since', resp], '', data.path);
        expect(bad.out, content).toContain(`Cannot read ${resp} as a saved tree head: `);
        expect(bad.out, content).toContain(reason);
        expect(bad.out, content).not.toContain('NOT AN EXTENSION');
        expect(bad.code, content).toBe(2);
      }
    } finally {
      await server?.stop();
      data.remove();
      keep.remove();
    }
  });
});

describe('a log whose last events were lost', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('has no tree head signed nor proof given, by checkpoint or over GraphQL', async () => {
    const data = tempDir('sgh-damaged-proofs-');
    const keep = tempDir('sgh-damaged-keep-');
    let server: TestServer | null = null;
    try {
      expect((await cli(['seed'], '', data.path)).code).toBe(0);
      const db = openSqlite(join(data.path, 'events.sqlite'));
      const last = (db.prepare('SELECT MAX(position) AS p FROM events').get() as { p: number }).p;
      db.prepare('DELETE FROM events WHERE position > ?').run(last - 5);
      db.close();

      const head = join(keep.path, 'head.json');
      const refused = await cli(['checkpoint', head], '', data.path);
      expect(refused.code).toBe(1);
      expect(refused.out).toContain('No tree head is signed while the event log is damaged');
      expect(refused.out).toContain(`log ends at position ${last - 5}`);
      expect(existsSync(head)).toBe(false);

      server = await startTestServer({ SEED: 'false' }, data.path);
      for (const query of [
        `{ ${HEAD} }`,
        '{ inclusionProof(position: "1") { leafIndex } }',
        '{ consistencyProof(from: "1") { path } }',
      ]) {
        const res = await server.gql(query);
        expect(res.data, query).toBeNull();
        expect(res.errors?.[0]?.extensions?.code, query).toBe('LOG_DAMAGED');
        expect(res.errors?.[0]?.message, query).toMatch(/No tree head is signed.*log ends at position/);
      }
    } finally {
      await server?.stop();
      data.remove();
      keep.remove();
    }
  });
});
