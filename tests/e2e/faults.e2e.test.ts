// A projector that throws on one event (a poison event) stops its projection there: /health says
// so, reads say the read models are behind, and after the fix a restart resumes from the
// checkpoint without skipping or repeating anything.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { documentDecider } from '../../src/domain/documents/decide.ts';
import type { DomainEvent } from '../../src/events/catalogue.ts';
import type { StoredEvent } from '../../src/events/store.ts';
import { projectors } from '../../src/projections/index.ts';
import { prepareProjector, type Projector } from '../../src/projections/projector.ts';
import { createLogger, startServer, type RunningServer } from '../../src/server.ts';
import { EDITOR_TOKEN } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

/** The documents projector, broken so that it throws on a version labelled "poison". */
const broken: Projector[] = projectors.map((p) =>
  p.name !== 'documents'
    ? p
    : {
        ...p,
        prepare(db) {
          const { apply, flush } = prepareProjector(p, db);
          return {
            apply: (event: DomainEvent, stored: StoredEvent) => {
              if (event.type === 'VersionPublished' && event.data.label === 'poison') throw new Error('injected fault');
              apply(event, stored);
            },
            flush,
          };
        },
      },
);

describe('a poison event', () => {
  const dir = tempDir('sgh-fault-');
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dir.path,
    EDITOR_TOKENS: `alice:${EDITOR_TOKEN}`,
    LOG_LEVEL: 'silent',
    SEED: 'false',
  });
  let server: RunningServer;
  afterAll(async () => {
    await server?.close();
    dir.remove();
  });

  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR_TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as {
      data?: Record<string, unknown>;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
  };
  const publish = (label: string) =>
    gql('mutation($i: PublishVersionInput!) { publishVersion(input: $i) { __typename } }', {
      i: {
        slug: 'f',
        label,
        publishedOn: '2024-01-01',
        changeNote: label,
        sections: [{ key: 'a', heading: 'A', body: label }],
      },
    });

  it('stops the projection at that event, says so, and resumes after a fixed restart', async () => {
    server = await startServer(config, createLogger(config), { projectors: broken });
    await gql('mutation { registerDocument(input: {slug: "f", title: "F", kind: RESOURCE}) { __typename } }');
    expect((await publish('good')).data).toEqual({ publishVersion: { __typename: 'PublishVersionSuccess' } });

    const poisoned = await publish('poison');
    expect(poisoned.errors?.[0]?.extensions?.code).toBe('READ_MODEL_BEHIND');
    expect(poisoned.errors?.[0]?.message).toContain('The change was recorded');
    const poisonPosition = await server.services.store.headPosition();

    const health = await fetch(server.url.replace('/graphql', '/health'));
    expect(health.status).toBe(503);
    const body = (await health.json()) as {
      status: string;
      projections: { failure: { projector: string; position: string; message: string } };
    };
    expect(body.status).toBe('failing');
    expect(body.projections.failure).toMatchObject({
      projector: 'documents',
      position: poisonPosition.toString(),
      message: 'injected fault',
    });

    const read = await gql('{ document(slug: "f") { versions { label } } }');
    expect(read.data).toEqual({ document: { versions: [{ label: 'good' }] } });
    expect(read.errors?.[0]?.extensions).toMatchObject({
      code: 'READ_MODEL_BEHIND',
      position: poisonPosition.toString(),
    });

    // Writes after the poison are acknowledged (they are in the log) but not projected yet.
    expect((await publish('after')).errors?.[0]?.extensions?.code).toBe('READ_MODEL_BEHIND');
    await server.close();

    server = await startServer(config, createLogger(config));
    const healed = await gql('{ document(slug: "f") { versions { label } } }');
    expect(healed.errors).toBeUndefined();
    expect(healed.data).toEqual({
      document: { versions: [{ label: 'good' }, { label: 'poison' }, { label: 'after' }] },
    });
    expect((await fetch(server.url.replace('/graphql', '/health'))).status).toBe(200);
    expect(server.services.runner.checksum()).toBeTruthy();
  });
});

describe('a poison event before the seed corpus is loaded', () => {
  it('starts the server without loading the seed over read models that stop short, and appends nothing', async () => {
    const dir = tempDir('sgh-fault-seed-');
    const env = { PORT: '0', DATA_DIR: dir.path, EDITOR_TOKENS: `alice:${EDITOR_TOKEN}`, LOG_LEVEL: 'silent' };
    const first = await startServer(loadConfig({ ...env, SEED: 'false' }));
    const store = first.services.store;
    await first.services.commands.execute(
      documentDecider,
      'document-f',
      { type: 'RegisterDocument', data: { slug: 'f', title: 'F', kind: 'RESOURCE' } },
      { actor: 'alice' },
    );
    await first.services.commands.execute(
      documentDecider,
      'document-f',
      {
        type: 'PublishVersion',
        data: {
          slug: 'f',
          label: 'poison',
          publishedOn: '2024-01-01',
          changeNote: 'x',
          sections: [{ key: 'a', heading: 'A', body: 'x' }],
        },
      },
      { actor: 'alice' },
    );
    const head = await store.headPosition();
    await first.close();
    // Read models replayed from the start, by a documents projector that fails on the poison.
    for (const f of ['read.sqlite', 'read.sqlite-wal', 'read.sqlite-shm']) rmSync(join(dir.path, f), { force: true });
    const config = loadConfig({ ...env, SEED: 'true' });
    const second = await startServer(config, createLogger(config), { projectors: broken });
    try {
      expect(second.services.runner.status().failure).toMatchObject({ projector: 'documents', position: head });
      expect(await second.services.store.headPosition()).toBe(head);
      expect((await fetch(second.url.replace('/graphql', '/health'))).status).toBe(503);
    } finally {
      await second.close();
      dir.remove();
    }
  });
});
