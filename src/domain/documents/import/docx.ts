// Reads a Word (.docx) document: mammoth turns it into HTML (Word's heading styles into h1..h6,
// its numbered lists into ordered lists), which is then read as HTML. Pure: the document is bytes
// in memory, nothing is read from disk.
import mammoth from 'mammoth';
import type { ParsedSection } from '../structure.ts';
import { parseHtml } from './html.ts';

/** A .docx file is a zip archive; every zip starts with a local file header, "PK\x03\x04". */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The document's sections; rejects (with mammoth's error) when the zip holds no Word document. */
export async function parseDocx(bytes: Uint8Array): Promise<ParsedSection[]> {
  const { value } = await mammoth.convertToHtml({
    buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  });
  return parseHtml(value);
}
