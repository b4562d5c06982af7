// `verify-proof`: does an inclusion or consistency proof hold, given only the public key?
import type { KeyObject } from 'node:crypto';
import { hex, verifyConsistency, verifyInclusion } from '../events/merkle.ts';
import { checkTreeHead } from './signing.ts';

export interface ProofCheck {
  ok: boolean;
  line: string;
}

const HEX_64 = /^[0-9a-f]{64}$/;
const hexList = (value: unknown): Buffer[] | null =>
  Array.isArray(value) && value.every((h) => typeof h === 'string' && HEX_64.test(h))
    ? value.map((h: string) => Buffer.from(h, 'hex'))
    : null;
const count = (value: unknown): number | null =>
  typeof value === 'string' && /^(0|[1-9]\d{0,15})$/.test(value) && Number.isSafeInteger(Number(value))
    ? Number(value)
    : null;
const field = (doc: Record<string, unknown>, name: string): Record<string, unknown> | null => {
  const value = doc[name];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
};

/**
 * Checks a proof document against a public key alone (the auditor's `verify-proof`):
 * `{ treeHead, inclusionProof }` or `{ oldTreeHead, treeHead, consistencyProof }`, with the field
 * names and shapes of the GraphQL API; a GraphQL response (`{ data: { ... } }`) is accepted as is.
 * Each head's signature must hold, and the proof must lead from the leaf (or old root) to the root.
 */
export function checkProofDocument(input: unknown, publicKey: KeyObject): ProofCheck {
  if (input === null || typeof input !== 'object')
    return { ok: false, line: 'INVALID: the input is not a JSON object' };
  const outer = input as Record<string, unknown>;
  const doc = { ...outer, ...(field(outer, 'data') ?? {}) };
  const head = field(doc, 'treeHead');
  if (!head) return { ok: false, line: 'INVALID: no treeHead to check the proof against' };
  const signed = checkTreeHead(head, publicKey);
  if (!signed.ok) return { ok: false, line: `INVALID: treeHead: ${signed.reason}` };
  const size = Number(head.treeSize);
  const root = Buffer.from(String(head.rootHash), 'hex');

  const inclusion = field(doc, 'inclusionProof');
  if (inclusion) {
    const index = count(inclusion.leafIndex);
    const proofSize = count(inclusion.treeSize);
    const path = hexList(inclusion.auditPath);
    const leaf =
      typeof inclusion.leafHash === 'string' && HEX_64.test(inclusion.leafHash)
        ? Buffer.from(inclusion.leafHash, 'hex')
        : null;
    if (index === null || proofSize === null || !path || !leaf)
      return { ok: false, line: 'INVALID: the inclusion proof is malformed' };
    if (proofSize !== size)
      return { ok: false, line: `INVALID: the proof is for a tree of ${proofSize} leaves, the head for ${size}` };
    return verifyInclusion(leaf, index, size, path, root)
      ? {
          ok: true,
          line: `OK: leaf ${index} (${inclusion.leafHash}) is in the tree of ${size} leaves signed at ${head.timestamp}`,
        }
      : { ok: false, line: `INVALID: the audit path does not lead from leaf ${index} to the head's root` };
  }

  const consistency = field(doc, 'consistencyProof');
  if (consistency) {
    const old = field(doc, 'oldTreeHead');
    if (!old) return { ok: false, line: 'INVALID: a consistency proof needs the oldTreeHead it starts from' };
    const oldSigned = checkTreeHead(old, publicKey);
    if (!oldSigned.ok) return { ok: false, line: `INVALID: oldTreeHead: ${oldSigned.reason}` };
    const from = count(consistency.fromSize);
    const to = count(consistency.toSize);
    const path = hexList(consistency.path);
    if (from === null || to === null || !path)
      return { ok: false, line: 'INVALID: the consistency proof is malformed' };
    if (from !== Number(old.treeSize) || to !== size) {
      return {
        ok: false,
        line: `INVALID: the proof goes from ${from} to ${to} leaves, the heads are of ${String(old.treeSize)} and ${size}`,
      };
    }
    return verifyConsistency(from, to, Buffer.from(String(old.rootHash), 'hex'), root, path)
      ? {
          ok: true,
          line: `OK: the tree of ${to} leaves signed at ${head.timestamp} extends the tree of ${from} leaves signed at ${String(old.timestamp)}`,
        }
      : {
          ok: false,
          line: `INVALID: the proof does not show the tree of ${from} leaves is a prefix of the tree of ${to}`,
        };
  }
  return { ok: true, line: `OK: the head of ${size} leaves (root ${String(head.rootHash)}) is signed by this key` };
}
