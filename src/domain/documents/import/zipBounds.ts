// How much a zip archive (a DOCX file) holds once inflated, measured before any reader inflates
// it: a few kilobytes of deflated zeros can inflate to gigabytes, and the DOCX reader (mammoth,
// through jszip) inflates every part it reads whole, in memory. Pure: bytes in memory, no I/O.
// The layout read here is PKWARE's APPNOTE.TXT (sections 4.3.7 local header, 4.3.12 central
// directory header, 4.3.16 end of central directory record).
import { inflateRawSync } from 'node:zlib';

export const ZIP_LIMITS = {
  /** Bytes of all entries together once inflated (32 MiB: ten times the largest DOCX content accepted). */
  uncompressedBytes: 32 * 1024 * 1024,
  /** Entries in the archive's central directory. */
  entries: 2_000,
} as const;

/** Why an archive is refused, in words for the `content` field's error; `malformed` when it is not a readable zip at all. */
export class ZipRefusal extends Error {
  constructor(
    message: string,
    readonly malformed = message.startsWith('the archive is malformed'),
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Inflates every entry of the archive (stopping at the limit, so never more than
 * ZIP_LIMITS.uncompressedBytes in all) and throws ZipRefusal when the archive is over a limit,
 * uses ZIP64 or a compression method other than stored (0) or deflate (8), or is malformed.
 * What the entries claim about their own sizes is not trusted: the bytes are inflated and counted.
 */
export function checkZipBounds(
  bytes: Uint8Array,
  limits: { uncompressedBytes: number; entries: number } = ZIP_LIMITS,
): void {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  const count = view.readUInt16LE(eocd + 10);
  const directoryOffset = view.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new ZipRefusal('ZIP64 archives are not accepted');
  if (count > limits.entries)
    throw new ZipRefusal(`the archive has ${count} entries; at most ${limits.entries} are accepted`);
  let remaining = limits.uncompressedBytes;
  let at = directoryOffset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > view.length || view.readUInt32LE(at) !== CENTRAL)
      throw new ZipRefusal('the archive is malformed (central directory)');
    const method = view.readUInt16LE(at + 10);
    const compressedSize = view.readUInt32LE(at + 20);
    const nameLength = view.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
    const local = view.readUInt32LE(at + 42);
    if (compressedSize === 0xffffffff || local === 0xffffffff) throw new ZipRefusal('ZIP64 archives are not accepted');
    if (local + 30 > view.length || view.readUInt32LE(local) !== LOCAL)
      throw new ZipRefusal('the archive is malformed (local header)');
    const start = local + 30 + view.readUInt16LE(local + 26) + view.readUInt16LE(local + 28);
    if (start + compressedSize > view.length) throw new ZipRefusal('the archive is malformed (entry past its end)');
    const data = view.subarray(start, start + compressedSize);
    let size: number;
    if (method === 0) size = compressedSize;
    else if (method === 8) size = inflatedSize(data, remaining, limits.uncompressedBytes);
    else
      throw new ZipRefusal(`an entry uses compression method ${method}; only stored (0) and deflate (8) are accepted`);
    remaining -= size;
    if (remaining < 0) throw tooLarge(limits.uncompressedBytes);
    at = next;
  }
}

function tooLarge(limit: number): ZipRefusal {
  return new ZipRefusal(`the archive inflates to more than ${limit} bytes`);
}

/** Bytes the deflated data inflates to; throws ZipRefusal past `budget` (inflating stops there). */
function inflatedSize(data: Buffer, budget: number, limit: number): number {
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget + 1) }).length;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new ZipRefusal('the archive is malformed (an entry does not inflate)');
  }
}

/** Where the end of central directory record starts: within the last 22 + 65,535 bytes (its comment). */
function findEndOfCentralDirectory(view: Buffer): number {
  for (let at = view.length - 22; at >= Math.max(0, view.length - 22 - 0xffff); at -= 1) {
    if (view.readUInt32LE(at) === EOCD) return at;
  }
  throw new ZipRefusal('the archive is malformed (no end of central directory record)');
}
