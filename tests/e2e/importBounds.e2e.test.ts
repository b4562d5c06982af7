// A DOCX file is a zip archive, and a few kilobytes of deflated zeros inflate to gigabytes that
// the Word reader would hold in memory: importDraft measures what the archive inflates to before
// reading it, and refuses one over the bound (or with too many entries) with a ValidationError on
// `content`, appending nothing, quickly.
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZIP_LIMITS } from '../../src/domain/documents/import/zipBounds.ts';
import { toDocxBase64, VERSION_1 } from '../support/guidance.ts';
import { expectRefused, mutate, startTestServer, type TestServer } from '../support/server.ts';

const RESULT = `__typename ... on Error { message code } ... on ValidationError { fields { path message } }`;
const REGISTER = `mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { ${RESULT} } }`;
const IMPORT = `mutation($input: ImportDraftInput!) { importDraft(input: $input) { ${RESULT} } }`;

/** A zip archive of the given entries, deflated (method 8) or stored (0), as APPNOTE.TXT lays it out (CRCs left 0). */
function zip(entries: { name: string; data: Buffer; deflate: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = entry.deflate ? deflateRawSync(entry.data, { level: 9 }) : entry.data;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    // What the entry claims once inflated: a bomb may claim anything, so claim little.
    central.writeUInt32LE(Math.min(entry.data.length, 1_000), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** A Word document whose one paragraph is `spaces` spaces long once inflated. */
function wordDocument(spaces: number): Buffer {
  const head = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Title</w:t></w:r></w:p><w:p><w:r><w:t>x`;
  const tail = `</w:t></w:r></w:p></w:body></w:document>`;
  return Buffer.concat([Buffer.from(head), Buffer.alloc(spaces, 0x20), Buffer.from(tail)]);
}

describe('importing DOCX archives that inflate beyond reason', () => {
  let server: TestServer;
  const slug = 'zip-bombs';
  const input = (content: Buffer) => ({
    slug,
    label: 'v1',
    changeNote: 'Import',
    format: 'DOCX',
    content: content.toString('base64'),
  });

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
    await mutate(server, REGISTER, { slug, title: 'Zip bombs', kind: 'STATUTORY_GUIDANCE' });
  });
  afterAll(() => server.stop());

  it('given a small DOCX that inflates past the bound, when imported, then a ValidationError on content says so and nothing is appended', async () => {
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES), deflate: true },
      { name: '_rels/.rels', data: Buffer.from(RELS), deflate: true },
      { name: 'word/document.xml', data: wordDocument(ZIP_LIMITS.uncompressedBytes + 1_000_000), deflate: true },
    ]);
    expect(bomb.length).toBeLessThan(100_000);
    const refused = (await expectRefused(server, IMPORT, input(bomb), 'ValidationError')) as unknown as {
      fields: { path: string; message: string }[];
    };
    expect(refused.fields[0]!.path).toBe('content');
    expect(refused.fields[0]!.message).toMatch(/inflates to more than 33554432 bytes/);
  });

  it('given a DOCX with more entries than the bound, when imported, then a ValidationError on content names the count', async () => {
    const many = Array.from({ length: ZIP_LIMITS.entries + 1 }, (_, i) => ({
      name: `word/media/${i}.bin`,
      data: Buffer.alloc(0),
      deflate: false,
    }));
    const archive = zip([{ name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES), deflate: false }, ...many]);
    const refused = (await expectRefused(server, IMPORT, input(archive), 'ValidationError')) as unknown as {
      fields: { path: string; message: string }[];
    };
    expect(refused.fields[0]!.message).toMatch(/2002 entries; at most 2000/);
  });

  it('given a Word document within the bounds, when imported, then it is read as before', async () => {
    const content = await toDocxBase64(VERSION_1);
    expect((await mutate(server, IMPORT, { ...input(Buffer.alloc(0)), content })).__typename).toBe(
      'ImportDraftSuccess',
    );
  });
});
