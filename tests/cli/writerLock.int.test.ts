// One process projects a DATA_DIR's read models at a time. A command-line tool run beside a server
// on the same DATA_DIR (import-document, seed, import, checkpoint, verify, rebuild) used to write
// the read models itself, and the server, finding tables it no longer knew, stopped projecting
// until it was restarted. Now the server holds read.sqlite.writer-lock for its life: such a
// command is refused at once with exit code 1 and changes nothing, a second server on the same
// DATA_DIR is refused the same way, and backup and export, which only read, still run beside it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../support/child.ts';
import { toMarkdown, VERSION_1, VERSION_2 } from '../support/guidance.ts';
import { mutate, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

const SLUG = 'writer-lock';
const RESULT = `__typename ... on Error { message code }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { ${RESULT} } }`;
const REFUSED = /another process writes these read models \(it holds .*read\.sqlite\.writer-lock\)/;

describe('the read models have one writer', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const dir = tempDir('sgh-writer-lock-');
  let server: TestServer;
  const cli = (...args: string[]) => runCli(args, { dataDir: dir.path, env: { PORT: '0' } });
  const health = async () =>
    (await (await fetch(new URL('/health', server.url))).json()) as { status: string; log: { headPosition: string } };
  let stopped = false;

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' }, dir.path);
    await mutate(
      server,
      `mutation { registerDocument(input: { slug: "${SLUG}", title: "Lock", kind: STATUTORY_GUIDANCE }) { ${RESULT} } }`,
      {},
    );
  });
  afterAll(async () => {
    if (!stopped) await server.stop();
    dir.remove();
  });

  it('given a running server, when import-document, seed or verify run on its DATA_DIR, then each is refused with exit 1, nothing is appended, and the server goes on projecting', async () => {
    const file = join(dir.path, 'v1.md');
    writeFileSync(file, toMarkdown(VERSION_1));
    const before = (await health()).log.headPosition;
    for (const args of [
      ['import-document', file, '--slug', SLUG, '--label', 'v1', '--note', 'First'],
      ['seed'],
      ['verify'],
    ]) {
      const { code, output } = await cli(...args);
      expect(output, args[0]).toMatch(REFUSED);
      expect(code, args[0]).toBe(1);
    }
    expect((await health()).log.headPosition).toBe(before);
    // The server still projects what it is given: an import over GraphQL is answered.
    const imported = await mutate(server, IMPORT, {
      slug: SLUG,
      label: 'v1',
      changeNote: 'First',
      format: 'MARKDOWN',
      content: toMarkdown(VERSION_1),
    });
    expect(imported.__typename).toBe('ImportDraftSuccess');
    expect((await health()).status).toBe('ok');
  });

  it('given a running server, when a second server starts on its DATA_DIR, then it is refused with exit 1', async () => {
    const { code, output } = await cli('serve');
    expect(output).toMatch(REFUSED);
    expect(code).toBe(1);
  });

  it('given a running server, when backup and export run on its DATA_DIR, then they run beside it', async () => {
    const backup = await cli('backup', join(dir.path, 'backup'));
    expect(backup.output).toMatch(/backup written to .*OK/);
    expect(backup.code).toBe(0);
    const exported = await cli('export', join(dir.path, 'log.ndjson'));
    expect(exported.output).toMatch(/exported \d+ events/);
    expect(exported.code).toBe(0);
  });

  it('given the server stopped, when import-document runs, then it writes the draft', async () => {
    await server.stop();
    stopped = true;
    const file = join(dir.path, 'v2.md');
    writeFileSync(file, toMarkdown(VERSION_2));
    const { code, output } = await cli('import-document', file, '--slug', SLUG, '--label', 'v2', '--note', 'Second');
    expect(output).toContain(`draft v2 of ${SLUG} saved`);
    expect(code).toBe(0);
  });
});
