// `backup <dir>` writes a log, read models and keys into <dir>. When <dir> is the DATA_DIR of a
// running server (a typo, or a backup job pointed at the wrong place), the copy replaced that
// server's log under it: events it had recorded were gone, and it stopped projecting. A backup
// now holds the target's read.sqlite.writer-lock while it writes, so it is refused at once with
// exit 1 there, and the server keeps its log and goes on answering.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../support/child.ts';
import { mutate, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

const RESULT = `__typename ... on Error { message code }`;
const REFUSED = /another process writes these read models \(it holds .*read\.sqlite\.writer-lock\)/;
const register = (slug: string) =>
  `mutation { registerDocument(input: { slug: "${slug}", title: "${slug}", kind: STATUTORY_GUIDANCE }) { ${RESULT} } }`;

describe('backup into the DATA_DIR of a running server', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const source = tempDir('sgh-backup-source-');
  const target = tempDir('sgh-backup-target-');
  let server: TestServer;
  const health = async () =>
    (await (await fetch(new URL('/health', server.url))).json()) as { status: string; log: { headPosition: string } };

  beforeAll(async () => {
    // The source holds a log of its own, longer than the target's (the seed corpus).
    const seeded = await runCli(['seed'], { dataDir: source.path });
    expect(seeded.code).toBe(0);
    server = await startTestServer({ SEED: 'false' }, target.path);
    expect((await mutate(server, register('only-in-target'), {})).__typename).toBe('RegisterDocumentSuccess');
  });
  afterAll(async () => {
    await server.stop();
    source.remove();
    target.remove();
  });

  it('given a server on the target directory, when backup writes into it, then it is refused with exit 1, the server keeps its log and goes on projecting', async () => {
    const before = (await health()).log.headPosition;
    const { code, output } = await runCli(['backup', target.path], { dataDir: source.path });
    expect(output).toMatch(REFUSED);
    expect(code).toBe(1);
    expect(await health()).toMatchObject({ status: 'ok', log: { headPosition: before } });
    const kept = await server.gql<{ document: { title: string } | null }>(
      `{ document(slug: "only-in-target") { title } }`,
    );
    expect(kept.data?.document?.title).toBe('only-in-target');
    expect((await mutate(server, register('after-backup'), {})).__typename).toBe('RegisterDocumentSuccess');
    expect((await health()).status).toBe('ok');
  });

  it('given no server on the target directory, when backup writes into it, then the copy is written and verified', async () => {
    const { code, output } = await runCli(['backup', join(target.path, 'copy')], { dataDir: source.path });
    expect(output).toMatch(/backup written to .*OK/);
    expect(code).toBe(0);
  });
});
