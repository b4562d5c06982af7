// Signed tree heads: the service's Ed25519 key (node:crypto) signs { treeSize, rootHash, timestamp }
// so an auditor who keeps a head can later hold the service to it. The key is read from
// SIGNING_KEY_FILE (PEM, PKCS#8), kept outside DATA_DIR so a copy of the data does not carry the
// power to sign; without one, a development key is created beside the development editor token.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../events/privateFiles.ts';

/** A tree head as published: sizes are decimal strings, the root lower-case hex, the time ISO 8601 UTC. */
export interface SignedTreeHead {
  treeSize: string;
  rootHash: string;
  timestamp: string;
  /** Hex SHA-256 of the signing key's public key in DER (SubjectPublicKeyInfo) form. */
  keyId: string;
  /** Ed25519 signature, base64, over the UTF-8 bytes of signedTreeHeadMessage(). */
  signature: string;
}

export interface SigningKeyInfo {
  keyId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
}

export interface TreeHeadSigner extends SigningKeyInfo {
  /** Where the key came from: the configured file, or the development key (created now or before). */
  source: 'file' | 'development' | 'development-created';
  file: string;
  sign(treeSize: number, rootHash: string, timestamp: string): SignedTreeHead;
}

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/** The bytes a tree head's signature covers: `treeSize + "\n" + rootHash + "\n" + timestamp + "\n"`. */
export function signedTreeHeadMessage(head: Pick<SignedTreeHead, 'treeSize' | 'rootHash' | 'timestamp'>): Buffer {
  return Buffer.from(`${head.treeSize}\n${head.rootHash}\n${head.timestamp}\n`, 'utf8');
}

/** Hex SHA-256 of the public key's DER (SubjectPublicKeyInfo) encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** Reads a PEM public key (or the public half of a PEM private key); throws SigningKeyError. */
export function readPublicKey(pem: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519')
      throw new SigningKeyError(`The public key is ${key.asymmetricKeyType}, not Ed25519`);
    return key;
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError('The public key is not a PEM-encoded Ed25519 key');
  }
}

export type HeadCheck = { ok: true } | { ok: false; reason: string };

const HEX_64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9]\d*)$/;

/** Whether a tree head is well formed and signed by this public key. Never throws. */
export function checkTreeHead(head: unknown, publicKey: KeyObject): HeadCheck {
  if (head === null || typeof head !== 'object') return { ok: false, reason: 'the tree head is not an object' };
  const h = head as Record<string, unknown>;
  for (const field of ['treeSize', 'rootHash', 'timestamp', 'keyId', 'signature']) {
    if (typeof h[field] !== 'string') return { ok: false, reason: `the tree head has no ${field} string` };
  }
  const { treeSize, rootHash, timestamp, keyId, signature } = h as unknown as SignedTreeHead;
  if (!DECIMAL.test(treeSize)) return { ok: false, reason: 'treeSize is not a whole number' };
  if (!HEX_64.test(rootHash)) return { ok: false, reason: 'rootHash is not 64 lower-case hex digits' };
  if (keyId !== keyIdOf(publicKey))
    return { ok: false, reason: `the head was signed with key ${keyId}, not with ${keyIdOf(publicKey)}` };
  const valid = verify(
    null,
    signedTreeHeadMessage({ treeSize, rootHash, timestamp }),
    publicKey,
    Buffer.from(signature, 'base64'),
  );
  return valid ? { ok: true } : { ok: false, reason: 'the signature does not verify with the public key' };
}

function signerFrom(privateKeyPem: string, file: string, source: TreeHeadSigner['source']): TreeHeadSigner {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw new SigningKeyError(`${file} is not a PEM-encoded private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(
      `${file} holds an ${privateKey.asymmetricKeyType} key; tree heads are signed with Ed25519`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    algorithm: 'Ed25519',
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    source,
    file,
    sign(treeSize, rootHash, timestamp) {
      const head = { treeSize: String(treeSize), rootHash, timestamp };
      const signature = sign(null, signedTreeHeadMessage(head), privateKey).toString('base64');
      return { ...head, keyId, signature };
    },
  };
}

/** The file the development key is kept in, beside the development editor token. */
export const developmentKeyFile = (dataDir: string): string => join(dataDir, 'dev-signing-key.pem');

/**
 * The signer for SIGNING_KEY_FILE, or (when it is unset) for the development key in DATA_DIR,
 * created on first use. Throws SigningKeyError for a missing or unusable key file.
 */
export function loadSigner(keyFile: string | undefined, dataDir: string): TreeHeadSigner {
  if (keyFile) {
    if (!existsSync(keyFile)) throw new SigningKeyError(`SIGNING_KEY_FILE ${keyFile} does not exist`);
    return signerFrom(readFileSync(keyFile, 'utf8'), keyFile, 'file');
  }
  const file = developmentKeyFile(dataDir);
  if (existsSync(file)) return signerFrom(readFileSync(file, 'utf8'), file, 'development');
  ensurePrivateDir(dataDir);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx': two processes starting at once keep the first key written, never half of each.
    writeFileSync(file, pem, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return signerFrom(readFileSync(file, 'utf8'), file, 'development');
  }
  return signerFrom(pem, file, 'development-created');
}
