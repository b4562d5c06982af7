// The store of personal-data keys: DATA_DIR/keys.sqlite, kept outside the log. One AES-256 key per
// person (destroyed for good when the person is erased), the name-derived trustee ids of old logs
// with the opaque ids they are read under, and the service secret. Storage only: sealing, opening
// and deriving ids are the vault's (src/app/personalData.ts).
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { checkpointTruncate, openSqlite } from '../sqlite.ts';
import { ensurePrivateFile } from './privateFiles.ts';

/** Legacy id pairs written in one commit at most (see rememberLegacy). */
const LEGACY_BATCH = 256;

export class PersonKeyStore {
  private readonly db: Database.Database;
  private readonly stmts;
  /** The service secret (32 bytes): keys command hashes and derived ids. Updated in place by importFrom. */
  readonly secret: Buffer;

  constructor(path: string) {
    ensurePrivateFile(path);
    this.db = openSqlite(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // A truncating checkpoint waits this long for another process (a backup, an export) to finish reading.
    this.db.pragma('busy_timeout = 5000');
    // A destroyed key is overwritten with zeros in the file, not merely unlinked from the b-tree.
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS person_keys (
      person_id    TEXT PRIMARY KEY,
      key          BLOB,
      destroyed_at TEXT
    );
    -- Name-derived trustee ids of old logs and the opaque ids they are read under, so erasing the
    -- opaque id destroys the key the old events were sealed with too.
    CREATE TABLE IF NOT EXISTS legacy_person_ids (
      legacy_id TEXT PRIMARY KEY,
      person_id TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS legacy_person_ids_by_person ON legacy_person_ids (person_id);
    CREATE TABLE IF NOT EXISTS service_secrets (
      name  TEXT PRIMARY KEY,
      value BLOB NOT NULL
    )`);
    this.db.prepare("INSERT OR IGNORE INTO service_secrets (name, value) VALUES ('hmac', ?)").run(randomBytes(32));
    this.secret = this.db
      .prepare<[], { value: Buffer }>("SELECT value FROM service_secrets WHERE name = 'hmac'")
      .get()!.value;
    this.stmts = {
      get: this.db.prepare<[string], { key: Buffer | null }>('SELECT key FROM person_keys WHERE person_id = ?'),
      create: this.db.prepare('INSERT OR IGNORE INTO person_keys (person_id, key) VALUES (?, ?)'),
      rememberLegacy: this.db.prepare('INSERT OR IGNORE INTO legacy_person_ids (legacy_id, person_id) VALUES (?, ?)'),
      legacyOf: this.db.prepare<[string], { legacyId: string }>(
        'SELECT legacy_id AS legacyId FROM legacy_person_ids WHERE person_id = ?',
      ),
      destroy: this.db.prepare(
        `INSERT INTO person_keys (person_id, key, destroyed_at) VALUES (@personId, NULL, @at)
         ON CONFLICT (person_id) DO UPDATE SET key = NULL, destroyed_at = COALESCE(destroyed_at, @at)`,
      ),
    };
  }

  /** The person's key: a Buffer, null once destroyed, undefined when the person never had one. */
  key(personId: string): Buffer | null | undefined {
    return this.stmts.get.get(personId)?.key;
  }

  /** The person's key, made on first use; null when it was destroyed. */
  keyOrCreate(personId: string): Buffer | null {
    const row = this.stmts.get.get(personId);
    if (row) return row.key;
    this.stmts.create.run(personId, randomBytes(32));
    return this.stmts.get.get(personId)?.key ?? null;
  }

  /** Pairs rememberLegacy has not written yet, legacy id to person id. */
  private readonly pendingLegacy = new Map<string, string>();
  private flushScheduled = false;

  /**
   * Remembers that an old log's name-derived id is read under `personId` (idempotent). Pairs are
   * written in batches (LEGACY_BATCH, or once the current task ends), each batch one durable
   * commit rather than one per pair, and always before the pairs are read, keys destroyed or the
   * store copied. A pair lost in a crash before its batch is written is remembered again the next
   * time its events are read: it is derived from the service secret, never chosen.
   */
  rememberLegacy(legacyId: string, personId: string): void {
    this.pendingLegacy.set(legacyId, personId);
    if (this.pendingLegacy.size >= LEGACY_BATCH) this.writeLegacy();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.writeLegacy());
    }
  }

  private writeLegacy(): void {
    this.flushScheduled = false;
    if (this.pendingLegacy.size === 0 || !this.db.open) return;
    this.db.transaction(() => {
      for (const [legacyId, personId] of this.pendingLegacy) this.stmts.rememberLegacy.run(legacyId, personId);
    })();
    this.pendingLegacy.clear();
  }

  /** The name-derived ids of old logs read under this person's id. */
  legacyIdsOf(personId: string): string[] {
    this.writeLegacy();
    return this.stmts.legacyOf.all(personId).map((r) => r.legacyId);
  }

  /**
   * Destroys the keys of `personIds` for good (idempotent) in one transaction, then checkpoints the
   * file's write-ahead log and truncates it, so that when this returns no file holds the keys: the
   * rows' old bytes are zeroed (secure_delete) and the WAL frames that held them are gone.
   */
  destroy(personIds: readonly string[], at: string): void {
    this.writeLegacy();
    this.db.transaction(() => {
      for (const personId of personIds) this.stmts.destroy.run({ personId, at });
    })();
    checkpointTruncate(this.db);
  }

  /** A consistent copy of the store, e.g. to move keys with a log export or a backup. */
  async backup(file: string): Promise<void> {
    ensurePrivateFile(file);
    this.writeLegacy();
    await this.db.backup(file);
  }

  /** Takes in keys from another store's copy; a key destroyed in either stays destroyed. */
  importFrom(file: string): number {
    this.writeLegacy();
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
      // Derived ids and command hashes of the imported log were made with its secret.
      const incomingSecret = this.db
        .prepare<[], { n: number }>("SELECT count(*) AS n FROM incoming.sqlite_master WHERE name = 'service_secrets'")
        .get()!.n;
      if (incomingSecret) {
        this.db
          .prepare(
            "UPDATE service_secrets SET value = (SELECT value FROM incoming.service_secrets WHERE name = 'hmac') WHERE name = 'hmac' AND EXISTS (SELECT 1 FROM incoming.service_secrets WHERE name = 'hmac')",
          )
          .run();
        const row = this.db
          .prepare<[], { value: Buffer }>("SELECT value FROM service_secrets WHERE name = 'hmac'")
          .get()!;
        row.value.copy(this.secret);
      }
      return info.changes;
    } finally {
      this.db.prepare('DETACH DATABASE incoming').run();
    }
  }

  close(): void {
    this.writeLegacy();
    this.db.close();
  }
}
