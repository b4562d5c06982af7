import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout) derived from the given parts: the same parts always give the same id,
 * so a fact imported twice, or a command retried with its idempotency key, is stored once.
 */
export function deterministicId(...parts: string[]): string {
  return uuidFromBytes(createHash('sha256').update(parts.join('\u001f')).digest());
}

/** The first 16 bytes of a digest laid out as a UUID (version 5 layout). */
export function uuidFromBytes(digest: Buffer): string {
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
