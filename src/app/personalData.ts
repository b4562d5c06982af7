// Crypto-shredding. Personal fields of events are sealed (AES-256-GCM) with a key per person,
// kept in DATA_DIR/keys.sqlite, outside the log. Erasing a person destroys their key: the log and
// its hash chain stay exactly as they were, while every reader — projections, rebuilds, exports —
// can no longer open the sealed fields and sees the person as erased.
import type Database from 'better-sqlite3';
import { openSqlite } from '../sqlite.ts';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ERASED_TEXT, PERSONAL_FIELDS } from '../events/catalogue.ts';
import { ensurePrivateFile } from '../events/privateFiles.ts';
import type { NewEvent, StoredEvent } from '../events/store.ts';

/** What a reader sees in place of a personal field whose key was destroyed. */
export const ERASED = ERASED_TEXT;

export interface SealedValue {
  sealed: 'aes-256-gcm';
  personId: string;
  iv: string;
  data: string;
  tag: string;
}

function isSealed(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && (value as { sealed?: unknown }).sealed === 'aes-256-gcm';
}

export class PersonalDataVault {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(path: string) {
    ensurePrivateFile(path);
    this.db = openSqlite(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS person_keys (
      person_id    TEXT PRIMARY KEY,
      key          BLOB,
      destroyed_at TEXT
    )`);
    this.stmts = {
      get: this.db.prepare<[string], { key: Buffer | null }>('SELECT key FROM person_keys WHERE person_id = ?'),
      create: this.db.prepare('INSERT OR IGNORE INTO person_keys (person_id, key) VALUES (?, ?)'),
      destroy: this.db.prepare(
        `INSERT INTO person_keys (person_id, key, destroyed_at) VALUES (@personId, NULL, @at)
         ON CONFLICT (person_id) DO UPDATE SET key = NULL, destroyed_at = COALESCE(destroyed_at, @at)`,
      ),
    };
  }

  private keyFor(personId: string): Buffer | null {
    const row = this.stmts.get.get(personId);
    if (row) return row.key;
    this.stmts.create.run(personId, randomBytes(32));
    return this.stmts.get.get(personId)?.key ?? null;
  }

  seal(personId: string, plaintext: string): SealedValue {
    const key = this.keyFor(personId);
    if (!key) throw new Error(`The personal data of ${personId} has been erased; it cannot be recorded again under that id`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { sealed: 'aes-256-gcm', personId, iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  }

  /** The plaintext, or ERASED when the person's key has been destroyed. */
  unseal(value: SealedValue): string {
    const key = this.stmts.get.get(value.personId)?.key;
    if (!key) return ERASED;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(value.data, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Destroys the person's key for good. Idempotent. */
  destroy(personId: string, at: string = new Date().toISOString()): void {
    this.stmts.destroy.run({ personId, at });
  }

  /** A consistent copy of the vault, e.g. to move keys with a log export or a backup. */
  async backup(file: string): Promise<void> {
    ensurePrivateFile(file);
    await this.db.backup(file);
  }

  /** Takes in keys from another vault's copy; a key destroyed in either stays destroyed. */
  importFrom(file: string): number {
    this.db.prepare('ATTACH DATABASE ? AS incoming').run(file);
    try {
      const info = this.db
        .prepare(
          `INSERT INTO person_keys (person_id, key, destroyed_at)
           SELECT person_id, key, destroyed_at FROM incoming.person_keys WHERE true
           ON CONFLICT (person_id) DO UPDATE SET
             key = CASE WHEN person_keys.destroyed_at IS NULL AND excluded.destroyed_at IS NULL THEN excluded.key END,
             destroyed_at = COALESCE(person_keys.destroyed_at, excluded.destroyed_at)`,
        )
        .run();
      return info.changes;
    } finally {
      this.db.prepare('DETACH DATABASE incoming').run();
    }
  }

  hasKey(personId: string): boolean {
    return Boolean(this.stmts.get.get(personId)?.key);
  }

  /** Seals the personal fields of an event about to be appended. */
  sealEvent(e: NewEvent): NewEvent {
    return { ...e, data: this.mapFields(e.type, e.data, (personId, value) => (typeof value === 'string' ? this.seal(personId, value) : value)) };
  }

  /** Opens the personal fields of a stored event (ERASED where the key is gone). */
  unsealEvent(e: StoredEvent): StoredEvent {
    const spec = PERSONAL_FIELDS[e.type];
    if (!spec) return e;
    return { ...e, data: this.mapFields(e.type, e.data, (_personId, value) => (isSealed(value) ? this.unseal(value) : value)) };
  }

  private mapFields(type: string, data: unknown, fn: (personId: string, value: unknown) => unknown): unknown {
    const spec = PERSONAL_FIELDS[type];
    if (!spec || typeof data !== 'object' || data === null) return data;
    const record = data as Record<string, unknown>;
    const personId = record[spec.person];
    if (typeof personId !== 'string') return data;
    const out = { ...record };
    for (const field of spec.fields) if (field in out) out[field] = fn(personId, out[field]);
    return out;
  }

  close(): void {
    this.db.close();
  }
}
