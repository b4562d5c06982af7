// Crypto-shredding end to end, as a data-protection officer would try it: a trustee and a member
// who is a person (one named in a non-Latin script) are recorded with a newsletter item about each,
// and a speaker named only in an item (no trustee or member record: the item lists her, which
// records her as a person of her own); all three are erased together with a seeded trustee and a
// person the seed names only in newsletter items, and a person named only in the change notes and
// reasons of a guidance document (recorded through the document mutations' aboutPeople); the server is killed with kill -9 right after the
// erasure answers and restarted with the seed on. Neither name, nor the destroyed keys, nor a hash
// of a command that a guess reproduces, may be found in any file under DATA_DIR, an export, a
// backup, the server log or any GraphQL answer of the three roles; the chain still verifies and a
// rebuild gives the same checksum.
import { openSqlite } from '../../src/sqlite.ts';
import { createDecipheriv, createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLog } from '../../src/events/ndjson.ts';
import { canonicalJson } from '../../src/events/hashChain.ts';
import { startChildServer, type ChildServer } from '../support/child.ts';
import { AUDITOR_TOKEN, EDITOR_TOKEN, mutate, startTestServer, type TestServer } from '../support/server.ts';
import { subscribe } from '../support/sse.ts';
import { tempDir } from '../support/tempDir.ts';

const TRUSTEE = 'Wilhelmina Xyloquartz';
const MEMBER = 'Гликерия Ксенофонтова';
const SEEDED = 'Nasima Patel';
/** Named only in a publication item: recorded through the item's aboutPeople. */
const SPEAKER = 'Ottilie Vasquez-Thornbury';
/** Named only in items of seeded newsletters (src/seed/tasp.ts, `people`). */
const SEEDED_SPEAKER = 'Sir Alan Wood';
/** Named only in a guidance document's change notes and reasons: recorded through publishVersion's aboutPeople. */
const DOC_PERSON = 'Perpetua Quillfeather-Ogunleye';
const NAMES = [TRUSTEE, MEMBER, SEEDED, SPEAKER, SEEDED_SPEAKER, DOC_PERSON];
const DOC = 'erasure-test-guidance';
const DOC_READS = `{ document(slug: "${DOC}") {
  withdrawnReason
  versions { label changeNote corrections { reason } }
  compare(from: "1", to: "2") { changeNotes { label note } } } }`;
const DOC_STAFF_READS = `{ document(slug: "${DOC}") {
  history(first: 50) { edges { node { type note source } } }
  provenance { type source changeNote } versions { provenance { type source changeNote } } } }`;
const docMutation = (name: string) =>
  `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { __typename ... on Error { code message } } }`;

const APPOINT = `mutation($input: AppointTrusteeInput!) { appointTrustee(input: $input) {
  __typename ... on AppointTrusteeSuccess { trustee { trusteeId name } } ... on Error { code message } } }`;
const ADMIT = `mutation($input: AdmitMemberInput!) { admitMember(input: $input) {
  __typename ... on AdmitMemberSuccess { member { memberId name kind } } ... on Error { code message } } }`;
const PUBLISH = `mutation($input: RecordPublicationInput!) { recordPublication(input: $input) {
  __typename ... on RecordPublicationSuccess { publication { slug items { title aboutPersonIds } } } ... on Error { code message } } }`;
const ERASE = `mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) {
  __typename ... on ErasePersonalDataSuccess { personId erasedAt } ... on Error { code message } } }`;

const PUBLIC_READS = `{
  board(asOf: "2030-06-01") { trustees { id trusteeId name role source note } }
  boardChanges(from: "2000-01-01", to: "2040-01-01") { kind date trustee { trusteeId name } role source note reason }
  members(asOf: "2030-06-01", first: 200) { edges { node { id memberId name kind source note } } }
  membershipChanges(from: "2000-01-01", to: "2040-01-01") { kind member { memberId name } source note reason }
  publications(first: 100) { edges { node { slug title source note items { title summary aboutPersonIds } } } }
}`;
const STAFF_READS = `{ document(slug: "working-together-to-safeguard-children") { provenance { eventId streamId type actor source changeNote } } }`;
const EVENTS = `query($after: String) { events(first: 500, after: $after) {
  edges { node { id position streamId type actor source changeNote data hash previousHash } }
  pageInfo { hasNextPage endCursor } } }`;

interface Sealed {
  personId: string;
  iv: string;
  data: string;
  tag: string;
}

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Sealed values of the given person found in exported NDJSON text (data or metadata). */
function sealedValuesOf(ndjson: string, personId: string): Sealed[] {
  const found: Sealed[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string' && v.startsWith('sealed:aes-256-gcm:'))
      visit(JSON.parse(Buffer.from(v.slice(19), 'base64').toString('utf8')));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.sealed === 'aes-256-gcm' && o.personId === personId) found.push(o as unknown as Sealed);
      Object.values(o).forEach(visit);
    }
  };
  for (const line of ndjson.split('\n').filter(Boolean)) visit(JSON.parse(line));
  return found;
}

/** True when some 32-byte window of `bytes`, taken as an AES-256-GCM key, opens the sealed value. */
function someWindowOpens(bytes: Buffer, sealed: Sealed): boolean {
  const iv = Buffer.from(sealed.iv, 'base64');
  const data = Buffer.from(sealed.data, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  for (let i = 0; i + 32 <= bytes.length; i += 1) {
    try {
      const d = createDecipheriv('aes-256-gcm', bytes.subarray(i, i + 32), iv);
      d.setAuthTag(tag);
      d.update(data);
      d.final();
      return true;
    } catch {
      // not the key
    }
  }
  return false;
}

describe('erasure that really erases', () => {
  const dir = tempDir('sgh-erasure-');
  /** Exports, backups and copies, outside DATA_DIR. */
  const scratch = tempDir('sgh-erasure-out-');
  const env = {
    DATA_DIR: dir.path,
    EDITOR_TOKENS: `alice:${EDITOR_TOKEN}`,
    AUDITOR_TOKENS: `carol:${AUDITOR_TOKEN}`,
    SEED: 'true',
    LOG_LEVEL: 'info',
  };
  const ids: Record<string, string> = {};
  const keys: Record<string, Buffer> = {};
  /** What an attacker would compute to confirm a guess: plain SHA-256 of the commands as sent. */
  const guesses: string[] = [];
  let serverLog = '';
  let subscriptionEvents: unknown[] = [];
  let server: TestServer;

  const gql = async (url: string, query: string, variables: Record<string, unknown>, token?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as {
      data?: Record<string, { __typename: string; [k: string]: unknown }>;
      errors?: unknown[];
    };
  };

  beforeAll(async () => {
    const child: ChildServer = await startChildServer(env);
    try {
      const call = async (query: string, input: Record<string, unknown>) => {
        const res = await gql(child.url, query, { input }, EDITOR_TOKEN);
        expect(res.errors).toBeUndefined();
        return Object.values(res.data!)[0]!;
      };
      const feed = await subscribe(
        child.url,
        'subscription { eventAppended { position streamId type } }',
        {},
        AUDITOR_TOKEN,
      );

      const appointed = await call(APPOINT, {
        name: TRUSTEE,
        appointedOn: '2030-01-01',
        source: `Minutes naming ${TRUSTEE}`,
        note: `${TRUSTEE} accepted`,
      });
      expect(appointed.__typename).toBe('AppointTrusteeSuccess');
      ids[TRUSTEE] = (appointed.trustee as { trusteeId: string }).trusteeId;
      const admitted = await call(ADMIT, {
        name: MEMBER,
        kind: 'INDIVIDUAL',
        joinedOn: '2030-02-01',
        note: `${MEMBER} joined in her own right`,
      });
      expect(admitted).toMatchObject({
        __typename: 'AdmitMemberSuccess',
        member: { name: MEMBER, kind: 'INDIVIDUAL' },
      });
      ids[MEMBER] = (admitted.member as { memberId: string }).memberId;
      const board = await gql(child.url, '{ board(asOf: "2030-06-01") { trustees { trusteeId name } } }', {});
      ids[SEEDED] = (board.data!.board as unknown as { trustees: { trusteeId: string; name: string }[] }).trustees.find(
        (t) => t.name === SEEDED,
      )!.trusteeId;
      const seededItems = await gql(
        child.url,
        '{ publications(first: 100) { edges { node { items { title aboutPersonIds } } } } }',
        {},
      );
      const woodItems = (
        seededItems.data!.publications as unknown as {
          edges: { node: { items: { title: string; aboutPersonIds: string[] }[] } }[];
        }
      ).edges
        .flatMap((e) => e.node.items)
        .filter((i) => i.title.includes('Alan Wood'));
      expect(woodItems.length).toBeGreaterThanOrEqual(2);
      ids[SEEDED_SPEAKER] = woodItems[0]!.aboutPersonIds.find((id) => id.startsWith('person-'))!;
      for (const item of woodItems) expect(item.aboutPersonIds).toContain(ids[SEEDED_SPEAKER]);

      const published = await call(PUBLISH, {
        slug: 'erasure-test-newsletter',
        kind: 'NEWSLETTER_ISSUE',
        // The publication's own title names the speaker: it is sealed with the keys of everyone its items are about.
        title: `Newsletter, summer 2030: ${SPEAKER} on safer recruitment`,
        publisher: 'TASP',
        publishedOn: '2030-03-01',
        note: `Mentions ${TRUSTEE}, ${MEMBER} and ${SPEAKER}`,
        items: [
          {
            category: 'NEWS_ITEM',
            title: `New trustee: ${TRUSTEE}`,
            summary: `${TRUSTEE} joined the board.`,
            aboutPersonIds: [ids[TRUSTEE]],
          },
          {
            category: 'NEWS_ITEM',
            title: `New member: ${MEMBER}`,
            summary: `${MEMBER} joined as an individual.`,
            aboutPersonIds: [ids[MEMBER]],
          },
          {
            category: 'EVENT',
            title: `Webinar with ${SPEAKER}`,
            summary: `${SPEAKER} spoke about safer recruitment.`,
            aboutPeople: [SPEAKER],
          },
        ],
      });
      expect(published.__typename).toBe('RecordPublicationSuccess');
      const speakerIds = (published.publication as { items: { aboutPersonIds: string[] }[] }).items[2]!.aboutPersonIds;
      expect(speakerIds).toHaveLength(1);
      expect(speakerIds[0]).toMatch(/^person-[0-9a-f-]{36}$/);
      ids[SPEAKER] = speakerIds[0]!;
      // A guidance document whose change notes and reasons (not its text) name someone with no other record.
      const sections = [{ key: 'scope', heading: 'Scope', body: 'Who this guidance is for.' }];
      expect(
        (
          await call(docMutation('registerDocument'), {
            slug: DOC,
            title: 'Erasure test guidance',
            kind: 'PRACTICE_GUIDANCE',
          })
        ).__typename,
      ).toBe('RegisterDocumentSuccess');
      const first = await call(docMutation('publishVersion'), {
        slug: DOC,
        label: '1',
        publishedOn: '2030-04-01',
        sections,
        changeNote: `Drafted with ${DOC_PERSON}`,
        aboutPeople: [DOC_PERSON],
      });
      expect(first.__typename).toBe('PublishVersionSuccess');
      const recorded = await gql(
        child.url,
        '{ events(streamPrefix: "person-", last: 1) { edges { node { type data } } } }',
        {},
        AUDITOR_TOKEN,
      );
      const node = (
        recorded.data!.events as unknown as { edges: { node: { type: string; data: { personId: string } } }[] }
      ).edges[0]!.node;
      expect(node.type).toBe('PersonRecorded');
      ids[DOC_PERSON] = node.data.personId;
      // Refused input records no one: the label is already published, so no person is recorded for the new name.
      const headBefore = await gql(child.url, '{ events(last: 1) { edges { node { position } } } }', {}, AUDITOR_TOKEN);
      const refused = await call(docMutation('publishVersion'), {
        slug: DOC,
        label: '1',
        publishedOn: '2030-04-02',
        sections,
        changeNote: 'Again, with Zebedee Refusedperson',
        aboutPeople: ['Zebedee Refusedperson'],
      });
      expect(refused.__typename).toBe('ValidationError');
      expect(await gql(child.url, '{ events(last: 1) { edges { node { position } } } }', {}, AUDITOR_TOKEN)).toEqual(
        headBefore,
      );
      expect(
        (
          await call(docMutation('publishVersion'), {
            slug: DOC,
            label: '9',
            publishedOn: '2030-04-02',
            sections,
            changeNote: 'n',
            aboutPersonIds: ['person-00000000-0000-5000-8000-000000000000'],
          })
        ).__typename,
      ).toBe('ValidationError');
      const about = { aboutPersonIds: [ids[DOC_PERSON]] };
      expect(
        (
          await call(docMutation('saveDraft'), {
            slug: DOC,
            label: '2',
            sections,
            changeNote: `Reviewed by ${DOC_PERSON}`,
            ...about,
          })
        ).__typename,
      ).toBe('SaveDraftSuccess');
      expect(
        (await call(docMutation('publishDraft'), { slug: DOC, label: '2', publishedOn: '2030-05-01' })).__typename,
      ).toBe('PublishDraftSuccess');
      expect(
        (
          await call(docMutation('correctVersion'), {
            slug: DOC,
            label: '1',
            sections,
            reason: `Typo reported by ${DOC_PERSON}`,
            ...about,
          })
        ).__typename,
      ).toBe('CorrectVersionSuccess');
      expect(
        (
          await call(docMutation('withdrawDocument'), {
            slug: DOC,
            reason: `Withdrawn at the request of ${DOC_PERSON}`,
            ...about,
          })
        ).__typename,
      ).toBe('WithdrawDocumentSuccess');
      const docBefore = await gql(child.url, DOC_STAFF_READS, {}, AUDITOR_TOKEN);
      expect(JSON.stringify(docBefore.data)).toContain(`Reviewed by ${DOC_PERSON}`);

      for (const name of NAMES)
        expect(ids[name]).not.toMatch(
          /wilhelmina|xyloquartz|nasima|patel|ottilie|vasquez|thornbury|alan|wood|perpetua|quillfeather/i,
        );

      // The keys as they are before the erasure, read from a copy so the live vault is untouched.
      const copy = join(scratch.path, `keys-before-${Date.now()}.sqlite`);
      const db = openSqlite(join(dir.path, 'keys.sqlite'), { readonly: true });
      await db.backup(copy);
      db.close();
      const before = openSqlite(copy, { readonly: true });
      for (const name of NAMES)
        keys[name] = before
          .prepare<[string], { key: Buffer }>('SELECT key FROM person_keys WHERE person_id = ?')
          .get(ids[name]!)!.key;
      before.close();
      for (const name of NAMES) expect(keys[name]).toHaveLength(32);

      guesses.push(
        ...NAMES.map((n) => createHash('sha256').update(n).digest('hex')),
        ...[null, undefined].map((role) =>
          createHash('sha256')
            .update(
              canonicalJson({
                streamId: 'board-tasp',
                command: {
                  type: 'AppointTrustee',
                  data: { trusteeId: ids[TRUSTEE], name: TRUSTEE, role, appointedOn: '2030-01-01' },
                },
                expectedRevision: null,
              }),
            )
            .digest('hex'),
        ),
      );

      const denied = await gql(child.url, ERASE, { input: { personId: ids[TRUSTEE], reason: 'r' } }, AUDITOR_TOKEN);
      expect((denied.errors as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
      for (const name of NAMES) {
        const erased = await call(ERASE, { personId: ids[name], reason: `${name} asked to be forgotten` });
        expect(erased).toMatchObject({ __typename: 'ErasePersonalDataSuccess', personId: ids[name] });
      }
      await child.crash();
      subscriptionEvents = [...feed.received];
      feed.close();
      serverLog = child.output();
    } finally {
      if (child.process.exitCode === null && child.process.signalCode === null) await child.crash();
    }
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    dir.remove();
    scratch.remove();
  });

  /** Fails naming the place where a name, a destroyed key or a guessable hash was found. */
  function expectNoTrace(where: string, bytes: Buffer): void {
    for (const name of NAMES) {
      expect(bytes.includes(Buffer.from(name, 'utf8')), `${name} in ${where}`).toBe(false);
      expect(bytes.includes(Buffer.from(name, 'utf16le')), `${name} (UTF-16) in ${where}`).toBe(false);
      const key = keys[name]!;
      for (const encoded of [key, Buffer.from(key.toString('base64')), Buffer.from(key.toString('hex'))]) {
        expect(bytes.includes(encoded), `the destroyed key of ${name} in ${where}`).toBe(false);
      }
    }
    for (const hash of guesses) expect(bytes.includes(Buffer.from(hash)), `a guessable hash in ${where}`).toBe(false);
  }

  it('leaves no trace in any file under DATA_DIR right after kill -9 (main files, -wal, -shm)', () => {
    const files = filesUnder(dir.path);
    expect(files.some((f) => f.endsWith('keys.sqlite'))).toBe(true);
    for (const file of files) expectNoTrace(file, readFileSync(file));
  });

  it('leaves no 32-byte window of the vault files that opens a sealed value of an erased person', async () => {
    const file = join(scratch.path, `sealed-${Date.now()}.ndjson`);
    server = await startTestServer({ SEED: 'true', LOG_LEVEL: 'silent' }, dir.path);
    await exportLog(server.services.store, file);
    const ndjson = readFileSync(file, 'utf8');
    const vaultFiles = filesUnder(dir.path).filter((f) => f.includes('keys.sqlite'));
    for (const name of NAMES) {
      const [sealed] = sealedValuesOf(ndjson, ids[name]!);
      expect(sealed, `a value sealed for ${name}`).toBeDefined();
      for (const f of vaultFiles)
        expect(someWindowOpens(readFileSync(f), sealed!), `a key of ${name} in ${f}`).toBe(false);
    }
  }, 60_000);

  it('restarting with the seed on brings no one back, and every GraphQL answer of the three roles is clean', async () => {
    const answers: string[] = [];
    for (const token of [undefined, EDITOR_TOKEN, AUDITOR_TOKEN]) {
      const res = await server.gql(PUBLIC_READS, {}, token ? { token } : {});
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      answers.push(JSON.stringify(res.data));
      const doc = await server.gql(DOC_READS, {}, token ? { token } : {});
      expect(doc.errors, JSON.stringify(doc.errors)).toBeUndefined();
      answers.push(JSON.stringify(doc.data));
      for (const page of [`/documents/${DOC}`, `/documents/${DOC}/compare/1/2`]) {
        const res = await fetch(new URL(page, server.url), {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        answers.push(await res.text());
      }
      if (token) {
        for (const query of [STAFF_READS, DOC_STAFF_READS]) {
          const staff = await server.gql(query, {}, { token });
          expect(staff.errors, JSON.stringify(staff.errors)).toBeUndefined();
          answers.push(JSON.stringify(staff.data));
        }
      }
      for (const name of NAMES) {
        const person = await server.gql(
          `{ trustee(id: "${ids[name]}") { name } member(id: "${ids[name]}") { name } }`,
          {},
          token ? { token } : {},
        );
        answers.push(JSON.stringify(person));
      }
    }
    const board = await server.gql<{ board: { trustees: { trusteeId: string; name: string }[] } }>(
      '{ board(asOf: "2030-06-01") { trustees { trusteeId name } } }',
    );
    expect(board.data!.board.trustees).toContainEqual({ trusteeId: ids[SEEDED], name: '[erased]' });
    expect(board.data!.board.trustees.filter((t) => t.name === '[erased]')).toHaveLength(2);
    const items = await server.gql<{ publication: { items: { title: string; summary: string }[] } }>(
      '{ publication(slug: "erasure-test-newsletter") { items { title summary } } }',
    );
    expect(items.data!.publication.items).toEqual([
      { title: '[erased]', summary: '[erased]' },
      { title: '[erased]', summary: '[erased]' },
      { title: '[erased]', summary: '[erased]' },
    ]);
    const notes = await server.gql<{
      document: { withdrawnReason: string; versions: { changeNote: string; corrections: { reason: string }[] }[] };
    }>(DOC_READS);
    expect(notes.data!.document.withdrawnReason).toBe('[erased]');
    expect(notes.data!.document.versions.map((v) => v.changeNote)).toEqual(['[erased]', '[erased]']);
    expect(notes.data!.document.versions[0]!.corrections).toEqual([{ reason: '[erased]' }]);
    const title = await server.gql<{ publication: { title: string } }>(
      '{ publication(slug: "erasure-test-newsletter") { title } }',
    );
    expect(title.data!.publication.title).toBe('[erased]');
    for (let after: string | null = null; ; ) {
      const page: {
        data?: { events: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
        errors?: unknown[];
      } = await server.gql<{ events: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
        EVENTS,
        { after },
        { token: AUDITOR_TOKEN },
      );
      expect(page.errors).toBeUndefined();
      answers.push(JSON.stringify(page.data));
      if (!page.data!.events.pageInfo.hasNextPage) break;
      after = page.data!.events.pageInfo.endCursor;
    }
    answers.push(JSON.stringify(subscriptionEvents));
    expect(subscriptionEvents.length).toBeGreaterThan(0);
    expectNoTrace('the GraphQL answers and the subscription', Buffer.from(answers.join('\n')));
    expectNoTrace('the server log', Buffer.from(serverLog));
  });

  it('verifies, rebuilds to the same checksum, and exports and backs up nothing of the erased', async () => {
    const v = await server.gql<{ verification: { ok: boolean; readModelsMatch: boolean } }>(
      '{ verification { ok readModelsMatch } }',
      {},
      { token: AUDITOR_TOKEN },
    );
    expect(v.data!.verification).toEqual({ ok: true, readModelsMatch: true });
    const checksum = server.services.runner.checksum();
    await server.services.runner.rebuild();
    expect(server.services.runner.checksum()).toBe(checksum);

    const out = join(scratch.path, `out-${Date.now()}`);
    mkdirSync(out, { recursive: true });
    await exportLog(server.services.store, join(out, 'log.ndjson'));
    await server.services.vault.backup(join(out, 'log.keys'));
    await server.services.store.backup!(join(out, 'backup', 'events.sqlite'));
    await server.services.readDb.backup(join(out, 'backup', 'read.sqlite'));
    await server.services.vault.backup(join(out, 'backup', 'keys.sqlite'));
    const written = filesUnder(out);
    expect(written.length).toBeGreaterThanOrEqual(5);
    for (const file of written) expectNoTrace(file, readFileSync(file));
    for (const file of filesUnder(dir.path)) expectNoTrace(file, readFileSync(file));
  });

  it('answers erasing twice, an organisation and an unknown person with typed errors, and changes nothing', async () => {
    for (const [personId, typename] of [
      [ids[TRUSTEE]!, 'ValidationError'],
      ['member-sefton', 'ValidationError'],
      ['trustee-00000000-0000-5000-8000-000000000000', 'NotFoundError'],
      [ids[SPEAKER]!, 'ValidationError'],
      ['person-00000000-0000-5000-8000-000000000000', 'NotFoundError'],
    ] as const) {
      const before = await server.services.store.headPosition();
      expect((await mutate(server, ERASE, { personId, reason: 'again' })).__typename).toBe(typename);
      expect(await server.services.store.headPosition()).toBe(before);
    }
    const CHANGE_ROLE = `mutation($input: ChangeTrusteeRoleInput!) { changeTrusteeRole(input: $input) { __typename } }`;
    const before = await server.services.store.headPosition();
    expect(
      (await mutate(server, CHANGE_ROLE, { trusteeId: ids[TRUSTEE], role: 'chair', changedOn: '2031-01-01' }))
        .__typename,
    ).toBe('ValidationError');
    expect(await server.services.store.headPosition()).toBe(before);
    const anonymous = await server.gql(ERASE, { input: { personId: ids[MEMBER], reason: 'x' } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('appoints a namesake of an erased trustee as a new person', async () => {
    const namesake = await mutate(server, APPOINT, { name: TRUSTEE, appointedOn: '2031-01-01' });
    expect(namesake).toMatchObject({ __typename: 'AppointTrusteeSuccess', trustee: { name: TRUSTEE } });
    expect((namesake.trustee as { trusteeId: string }).trusteeId).not.toBe(ids[TRUSTEE]);
  });
});
