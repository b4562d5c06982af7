// The tree-head signing key and the witness: where the key may live, what a bad key file says,
// the development key made once and kept, and heads recorded every N events or T ms.
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TreeProofs, type TreeReader } from '../../src/app/proofs.ts';
import {
  checkTreeHead,
  developmentKeyFile,
  loadSigner,
  signedTreeHeadMessage,
  SigningKeyError,
} from '../../src/app/signing.ts';
import { LogDamagedError } from '../../src/app/integrity.ts';
import { Witness } from '../../src/app/witness.ts';
import { loadConfig } from '../../src/config.ts';
import { leafHash, MemoryTree } from '../../src/events/merkle.ts';
import { tempDir } from '../support/tempDir.ts';

describe('the tree-head signing key', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('must lie outside DATA_DIR', () => {
    const data = join(dir.path, 'data');
    expect(() => loadConfig({ DATA_DIR: data, SIGNING_KEY_FILE: join(data, 'keys', 'sign.pem') })).toThrow(
      /SIGNING_KEY_FILE: must lie outside DATA_DIR/,
    );
    expect(loadConfig({ DATA_DIR: data, SIGNING_KEY_FILE: join(dir.path, 'sign.pem') }).SIGNING_KEY_FILE).toBe(
      join(dir.path, 'sign.pem'),
    );
  });

  it('must lie outside DATA_DIR even when a symbolic link points into it', () => {
    const data = join(dir.path, 'data');
    mkdirSync(join(data, 'keys'), { recursive: true });
    writeFileSync(join(data, 'keys', 'sign.pem'), 'key');
    // A link outside DATA_DIR to the key file inside it, and a link to a directory inside it.
    symlinkSync(join(data, 'keys', 'sign.pem'), join(dir.path, 'sign-link.pem'));
    symlinkSync(join(data, 'keys'), join(dir.path, 'keys-link'));
    for (const file of [
      join(dir.path, 'sign-link.pem'),
      join(dir.path, 'keys-link', 'sign.pem'),
      join(dir.path, 'keys-link', 'not-yet.pem'),
    ]) {
      expect(() => loadConfig({ DATA_DIR: data, SIGNING_KEY_FILE: file }), file).toThrow(
        /SIGNING_KEY_FILE: must lie outside DATA_DIR/,
      );
    }
    // DATA_DIR given through a link, the key file by its real path inside it.
    symlinkSync(data, join(dir.path, 'data-link'));
    expect(() =>
      loadConfig({ DATA_DIR: join(dir.path, 'data-link'), SIGNING_KEY_FILE: join(data, 'keys', 'sign.pem') }),
    ).toThrow(/SIGNING_KEY_FILE: must lie outside DATA_DIR/);
    writeFileSync(join(dir.path, 'outside.pem'), 'key');
    symlinkSync(join(dir.path, 'outside.pem'), join(data, 'link-to-outside.pem'));
    expect(loadConfig({ DATA_DIR: data, SIGNING_KEY_FILE: join(dir.path, 'outside.pem') }).SIGNING_KEY_FILE).toBe(
      join(dir.path, 'outside.pem'),
    );
  });

  it('refuses a missing file, a file that is no key, and a key that is not Ed25519', () => {
    expect(() => loadSigner(join(dir.path, 'absent.pem'), dir.path)).toThrow(SigningKeyError);
    writeFileSync(join(dir.path, 'junk.pem'), 'not a key');
    expect(() => loadSigner(join(dir.path, 'junk.pem'), dir.path)).toThrow(/not a PEM-encoded private key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    writeFileSync(join(dir.path, 'rsa.pem'), rsa);
    expect(() => loadSigner(join(dir.path, 'rsa.pem'), dir.path)).toThrow(
      /rsa key; tree heads are signed with Ed25519/,
    );
  });

  it('signs with a configured key, whose id is the SHA-256 of its public key DER', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const file = join(dir.path, 'sign.pem');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const signer = loadSigner(file, join(dir.path, 'data'));
    const head = signer.sign(3, 'ab'.repeat(32), '2026-01-01T00:00:00.000Z');
    expect(signer.source).toBe('file');
    expect(signedTreeHeadMessage(head).toString()).toBe(`3\n${'ab'.repeat(32)}\n2026-01-01T00:00:00.000Z\n`);
    expect(checkTreeHead(head, publicKey)).toEqual({ ok: true });
    expect(checkTreeHead({ ...head, timestamp: '2026-01-02T00:00:00.000Z' }, publicKey)).toMatchObject({ ok: false });
    expect(existsSync(developmentKeyFile(join(dir.path, 'data')))).toBe(false);
  });

  it('without one, creates a development key once and keeps using it', () => {
    const first = loadSigner(undefined, dir.path);
    const second = loadSigner(undefined, dir.path);
    expect(first.source).toBe('development-created');
    expect(second.source).toBe('development');
    expect(second.keyId).toBe(first.keyId);
    expect(first.file).toBe(developmentKeyFile(dir.path));
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
  });
});

describe('the witness', () => {
  let dir: ReturnType<typeof tempDir>;
  let tree: MemoryTree;
  let now: number;
  let proofs: TreeProofs;
  const grow = (n: number) => {
    for (let i = 0; i < n; i += 1) tree.append(leafHash(Buffer.from(`event ${tree.size}`)));
  };
  const heads = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { treeSize: string });

  beforeEach(() => {
    dir = tempDir();
    tree = new MemoryTree([]);
    now = 0;
    const reader: TreeReader = { size: () => tree.size, node: (l, i) => tree.node(l, i), leafAt: () => null };
    const signer = loadSigner(undefined, dir.path);
    proofs = new TreeProofs(
      reader,
      () => signer,
      () => new Date(now),
    );
  });
  afterEach(() => dir.remove());

  it('records a head after every N events, and after T ms when fewer arrived, never for an unchanged tree', () => {
    const file = join(dir.path, 'heads.ndjson');
    const witness = new Witness(proofs, { file, everyEvents: 3, intervalMs: 1_000 }, () => now);
    grow(2);
    expect(witness.tick()).toBeNull();
    grow(1);
    expect(witness.tick()?.treeSize).toBe('3');
    grow(1);
    now = 999;
    expect(witness.tick()).toBeNull();
    now = 1_000;
    expect(witness.tick()?.treeSize).toBe('4');
    now = 5_000;
    expect(witness.tick()).toBeNull();
    expect(heads(file).map((h) => h.treeSize)).toEqual(['3', '4']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = createPublicKey(loadSigner(undefined, dir.path).publicKeyPem);
    for (const h of heads(file)) expect(checkTreeHead(h, key)).toEqual({ ok: true });
  });

  it('after a restart, goes on from the last head in the file, past a line torn by a crash', () => {
    const file = join(dir.path, 'heads.ndjson');
    grow(5);
    new Witness(proofs, { file, everyEvents: 5, intervalMs: 0 }, () => now).tick();
    appendFileSync(file, '{"treeSize":"9","root');
    const again = new Witness(proofs, { file, everyEvents: 5, intervalMs: 0 }, () => now);
    grow(4);
    expect(again.tick()).toBeNull();
    grow(1);
    expect(again.tick()?.treeSize).toBe('10');
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(JSON.parse(lines.at(-2)!)).toMatchObject({ treeSize: '10' });
  });

  it('signs nothing while the log is damaged, and says why once', () => {
    const file = join(dir.path, 'heads.ndjson');
    let damage: string | null = 'the log ends at position 3';
    const reader: TreeReader = { size: () => tree.size, node: (l, i) => tree.node(l, i), leafAt: () => null };
    const signer = loadSigner(undefined, dir.path);
    const guarded = new TreeProofs(
      reader,
      () => signer,
      () => new Date(now),
      () => damage,
    );
    const reported: unknown[] = [];
    const witness = new Witness(
      guarded,
      { file, everyEvents: 1, intervalMs: 0 },
      () => now,
      (error) => reported.push(error),
    );
    grow(5);
    expect(witness.tick()).toBeNull();
    expect(witness.tick()).toBeNull();
    expect(existsSync(file)).toBe(false);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(LogDamagedError);
    expect((reported[0] as LogDamagedError).reason).toBe('the log ends at position 3');
    expect(() => guarded.head()).toThrow(LogDamagedError);
    damage = null;
    expect(witness.tick()?.treeSize).toBe('5');
  });
});
