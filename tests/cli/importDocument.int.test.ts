// `npm run import-document` as an editor runs it: a DOCX file becomes the draft of a new version,
// its keys carried over from the published one; a file of an unknown kind or bad content is
// refused with exit code 2 and appends nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDraftCommand } from '../../src/app/importDocument.ts';
import { openServices } from '../../src/composition.ts';
import { documentDecider } from '../../src/domain/documents/decide.ts';
import { toDocxBase64, toMarkdown, VERSION_1, VERSION_2 } from '../support/guidance.ts';
import { tempDir } from '../support/tempDir.ts';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../support/child.ts';

const SLUG = 'cli-guidance';

const cli = (dataDir: string, ...args: string[]) => runCli(args, { dataDir });

describe('npm run import-document', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const dir = tempDir('sgh-import-document-');

  beforeAll(async () => {
    // A registered document whose first version was published from Markdown.
    const services = await openServices({ DATA_DIR: dir.path });
    try {
      const stream = `document-${SLUG}`;
      await services.commands.execute(
        documentDecider,
        stream,
        { type: 'RegisterDocument', data: { slug: SLUG, title: 'CLI guidance', kind: 'STATUTORY_GUIDANCE' } },
        { actor: 'ed' },
      );
      const draft = await importDraftCommand(services.documents, services.importReader, {
        slug: SLUG,
        label: 'v1',
        changeNote: 'First',
        format: 'MARKDOWN',
        content: toMarkdown(VERSION_1),
      });
      await services.commands.execute(documentDecider, stream, draft, { actor: 'ed' });
      await services.commands.execute(
        documentDecider,
        stream,
        { type: 'PublishDraft', data: { slug: SLUG, label: 'v1', publishedOn: '2024-01-10' } },
        { actor: 'ed' },
      );
    } finally {
      await services.close();
    }
  });
  afterAll(() => dir.remove());

  it('given a DOCX file, when imported, then its draft keeps the published keys and prints its outline', async () => {
    const file = join(dir.path, 'v2.docx');
    writeFileSync(file, Buffer.from(await toDocxBase64(VERSION_2), 'base64'));
    const { code, output } = await cli(
      dir.path,
      'import-document',
      file,
      '--slug',
      SLUG,
      '--label',
      'v2',
      '--note',
      'Education moved',
    );
    expect(output).toContain('draft v2 of cli-guidance saved: 6 sections');
    expect(output).toContain('3 Education and childcare settings  [working-with-schools]');
    expect(output).toContain('    1.1.1 Who this is for  [who-this-is-for]');
    expect(code).toBe(0);
  });

  it('given a file of an unknown kind or content that is not its format, when imported, then it is refused with exit code 2', async () => {
    const text = join(dir.path, 'notes.txt');
    writeFileSync(text, 'plain text');
    const unknown = await cli(dir.path, 'import-document', text, '--slug', SLUG, '--label', 'v3', '--note', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/not \.html, \.htm, \.md, \.markdown or \.docx/);
    const fake = join(dir.path, 'fake.docx');
    writeFileSync(fake, '# not a zip');
    const refused = await cli(dir.path, 'import-document', fake, '--slug', SLUG, '--label', 'v3', '--note', 'x');
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(/zip archive/);
  });
});
