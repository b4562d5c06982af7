// Crypto-shredding. Personal fields of events are sealed (AES-256-GCM) with a key per person,
// kept in DATA_DIR/keys.sqlite, outside the log. Erasing a person destroys their key: the log and
// its hash chain stay exactly as they were, while every reader — projections, rebuilds, exports —
// can no longer open the sealed fields and sees the person as erased.
//
// Which fields are personal is said beside each schema in the event catalogue (`privacy`); the
// free text of an event's metadata (change note, source) is sealed with the same keys whenever the
// event is about someone. The vault also keeps the service secret that keys command hashes and the
// ids derived for seeded people, so neither can be reproduced from a guessed name without it.
import type Database from 'better-sqlite3';
import { openSqlite } from '../sqlite.ts';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { privacyOf, type FieldPrivacy } from '../events/catalogue.ts';
import { ERASED_TEXT } from '../events/vocabulary.ts';
import { ensurePrivateFile } from '../events/privateFiles.ts';
import type { EventMetadata, NewEvent, StoredEvent } from '../events/store.ts';
import { checkpointTruncate } from '../projections/readStore.ts';
import { uuidFromBytes } from './ids.ts';

/** What a reader sees in place of a personal field whose key was destroyed. */
export const ERASED = ERASED_TEXT;

export interface SealedValue {
  sealed: 'aes-256-gcm';
  personId: string;
  iv: string;
  data: string;
  tag: string;
  /** True when the plaintext is itself a sealed value (JSON): a field about several people. */
  nested?: true;
}

/** How a sealed metadata string starts (metadata fields are strings, so the envelope is encoded). */
const SEALED_TEXT_PREFIX = 'sealed:aes-256-gcm:';
const SEALED_METADATA = ['changeNote', 'source'] as const satisfies readonly (keyof EventMetadata)[];

/** True when some field, at any depth, is personal; event types without one are passed through untouched. */
const personalByFields = new WeakMap<Record<string, FieldPrivacy>, boolean>();
function hasPersonal(fields: Record<string, FieldPrivacy>): boolean {
  let known = personalByFields.get(fields);
  if (known === undefined) {
    known = Object.values(fields).some((f) => f === 'personal' || (typeof f === 'object' && hasPersonal(f.fields)));
    personalByFields.set(fields, known);
  }
  return known;
}

function isSealed(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && (value as { sealed?: unknown }).sealed === 'aes-256-gcm';
}

type Record_ = Record<string, unknown>;

/**
 * The people whose keys are needed to read an event as it is stored: the person id of every sealed
 * value in its data (at any depth) and in its sealed metadata text. Reads only the envelopes, no key.
 * Used to warn before a log moves without its keys (an import would read these people as erased).
 */
export function sealedPeopleOf(e: Pick<StoredEvent, 'data' | 'metadata'>): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (isSealed(value)) {
      found.add(value.personId);
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(walk);
    } else if (typeof value === 'string' && value.startsWith(SEALED_TEXT_PREFIX)) {
      try {
        walk(JSON.parse(Buffer.from(value.slice(SEALED_TEXT_PREFIX.length), 'base64').toString('utf8')));
      } catch {
        // not an envelope after all: nothing sealed
      }
    }
  };
  walk(e.data);
  walk(e.metadata);
  return [...found];
}

/** An id this service minted: a prefix and a UUID. */
const OPAQUE_ID = /^[a-z]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Data fields that hold a trustee's id; logs written before ids became opaque made it from the name. */
const TRUSTEE_ID_FIELDS = ['trusteeId', 'personId'] as const;

/** True for a trustee id made from a name (`trustee-nasima-patel`) by a log written before ids became opaque. */
export function isLegacyTrusteeId(id: string): boolean {
  return id.startsWith('trustee-') && !OPAQUE_ID.test(id);
}

export class PersonalDataVault {
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly secret: Buffer;

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
    this.secret = this.db.prepare<[], { value: Buffer }>("SELECT value FROM service_secrets WHERE name = 'hmac'").get()!.value;
    this.stmts = {
      get: this.db.prepare<[string], { key: Buffer | null }>('SELECT key FROM person_keys WHERE person_id = ?'),
      create: this.db.prepare('INSERT OR IGNORE INTO person_keys (person_id, key) VALUES (?, ?)'),
      rememberLegacy: this.db.prepare('INSERT OR IGNORE INTO legacy_person_ids (legacy_id, person_id) VALUES (?, ?)'),
      legacyOf: this.db.prepare<[string], { legacyId: string }>('SELECT legacy_id AS legacyId FROM legacy_person_ids WHERE person_id = ?'),
      destroy: this.db.prepare(
        `INSERT INTO person_keys (person_id, key, destroyed_at) VALUES (@personId, NULL, @at)
         ON CONFLICT (person_id) DO UPDATE SET key = NULL, destroyed_at = COALESCE(destroyed_at, @at)`,
      ),
    };
  }

  /**
   * HMAC-SHA-256 (hex) of `text` under the service secret: a command hash that cannot be
   * reproduced from a guess of what the command said.
   */
  keyedHash(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('hex');
  }

  /**
   * An opaque id `<prefix>-<uuid>` derived from `parts` with the service secret: the same parts
   * always give the same id (a seeded or imported fact stays idempotent), yet the id reveals
   * nothing of them to anyone without DATA_DIR/keys.sqlite.
   */
  derivedId(prefix: string, ...parts: string[]): string {
    const mac = createHmac('sha256', this.secret).update([prefix, ...parts].join('\u001f')).digest();
    return `${prefix}-${uuidFromBytes(mac)}`;
  }

  /**
   * The opaque id a name-derived trustee id of an old log is read under (HMAC with the service
   * secret, so always the same). Reading only: `openLegacyId` also remembers the pair for erasure.
   */
  legacyTrusteeId(legacyId: string): string {
    return this.derivedId('trustee', 'legacy', legacyId);
  }

  private readonly remembered = new Set<string>();
  private openLegacyId(legacyId: string): string {
    const id = this.legacyTrusteeId(legacyId);
    if (!this.remembered.has(legacyId)) {
      this.stmts.rememberLegacy.run(legacyId, id);
      this.remembered.add(legacyId);
    }
    return id;
  }

  private keyFor(personId: string): Buffer | null {
    const row = this.stmts.get.get(personId);
    if (row) return row.key;
    this.stmts.create.run(personId, randomBytes(32));
    return this.stmts.get.get(personId)?.key ?? null;
  }

  private sealOne(personId: string, plaintext: string, nested: boolean): SealedValue {
    const key = this.keyFor(personId);
    if (!key) throw new Error(`The personal data of ${personId} has been erased; it cannot be recorded again under that id`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const value: SealedValue = { sealed: 'aes-256-gcm', personId, iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
    return nested ? { ...value, nested: true } : value;
  }

  /** Seals text about one or more people: readable only while every one of their keys exists. */
  seal(personIds: string | readonly string[], plaintext: string): SealedValue {
    const ids = typeof personIds === 'string' ? [personIds] : [...new Set(personIds)];
    if (ids.length === 0) throw new Error('sealing needs at least one person');
    let value = this.sealOne(ids.at(-1)!, plaintext, false);
    for (const id of ids.slice(0, -1).reverse()) value = this.sealOne(id, JSON.stringify(value), true);
    return value;
  }

  /** The plaintext, or ERASED when a key it was sealed with has been destroyed. */
  unseal(value: SealedValue): string {
    const key = this.stmts.get.get(value.personId)?.key;
    if (!key) return ERASED;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(value.data, 'base64')), decipher.final()]).toString('utf8');
    return value.nested ? this.unseal(JSON.parse(text) as SealedValue) : text;
  }

  /**
   * Destroys the person's key for good (idempotent), then checkpoints the vault's write-ahead log
   * and truncates it, so that when this returns no file under DATA_DIR holds the key: the row's old
   * bytes are zeroed (secure_delete) and the WAL frames that held it are gone.
   */
  destroy(personId: string, at: string = new Date().toISOString()): void {
    this.db.transaction(() => {
      this.stmts.destroy.run({ personId, at });
      for (const { legacyId } of this.stmts.legacyOf.all(personId)) this.stmts.destroy.run({ personId: legacyId, at });
      // An erasure recorded by an old log names the legacy id: the opaque id it is read under goes too.
      if (isLegacyTrusteeId(personId)) this.stmts.destroy.run({ personId: this.legacyTrusteeId(personId), at });
    })();
    checkpointTruncate(this.db);
  }

  /** True once the person's key has been destroyed. */
  isErased(personId: string): boolean {
    const row = this.stmts.get.get(personId);
    return row !== undefined && row.key === null;
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
      // Derived ids and command hashes of the imported log were made with its secret.
      const incomingSecret = this.db
        .prepare<[], { n: number }>("SELECT count(*) AS n FROM incoming.sqlite_master WHERE name = 'service_secrets'")
        .get()!.n;
      if (incomingSecret) {
        this.db.prepare("UPDATE service_secrets SET value = (SELECT value FROM incoming.service_secrets WHERE name = 'hmac') WHERE name = 'hmac' AND EXISTS (SELECT 1 FROM incoming.service_secrets WHERE name = 'hmac')").run();
        const row = this.db.prepare<[], { value: Buffer }>("SELECT value FROM service_secrets WHERE name = 'hmac'").get()!;
        row.value.copy(this.secret);
      }
      return info.changes;
    } finally {
      this.db.prepare('DETACH DATABASE incoming').run();
    }
  }

  hasKey(personId: string): boolean {
    return Boolean(this.stmts.get.get(personId)?.key);
  }

  /** The people an event is about, as the catalogue says. */
  subjectsOf(type: string, data: unknown): string[] {
    const privacy = privacyOf(type);
    if (!privacy?.subjects || typeof data !== 'object' || data === null) return [];
    return privacy.subjects(data as Record_);
  }

  /** Seals the personal fields of an event about to be appended, and its metadata's free text when it is about someone. */
  sealEvent(e: NewEvent): NewEvent {
    const subjects = this.subjectsOf(e.type, e.data);
    const privacy = privacyOf(e.type);
    const data =
      privacy && hasPersonal(privacy.fields)
        ? this.mapPersonal(privacy.fields, subjects, e.data, (ids, v) => (typeof v === 'string' ? this.seal(ids, v) : v))
        : e.data;
    if (subjects.length === 0) return { ...e, data };
    const metadata = { ...e.metadata };
    for (const field of SEALED_METADATA) {
      const text = metadata[field];
      if (typeof text === 'string') metadata[field] = SEALED_TEXT_PREFIX + Buffer.from(JSON.stringify(this.seal(subjects, text))).toString('base64');
    }
    return { ...e, data, metadata };
  }

  /**
   * Opens the personal fields and metadata of a stored event (ERASED where a key is gone). A
   * personal field stored in clear by a log written before it was sealed reads as ERASED too once
   * its subject is erased, so replays agree with the read models whatever the log's age.
   */
  unsealEvent<E extends Pick<StoredEvent, 'type' | 'data' | 'metadata'>>(e: E): E {
    const privacy = privacyOf(e.type);
    // An event about someone has sealed metadata even when none of its data fields is personal.
    if (!privacy || (!privacy.subjects && !hasPersonal(privacy.fields))) return e;
    const open = (ids: readonly string[], v: unknown) => (isSealed(v) ? this.unseal(v) : ids.some((id) => this.isErased(id)) ? ERASED : v);
    const subjects = this.subjectsOf(e.type, e.data);
    const data = this.upcastLegacyIds(this.mapPersonal(privacy.fields, subjects, e.data, open));
    const metadata = { ...e.metadata };
    for (const field of SEALED_METADATA) {
      const text = metadata[field];
      if (typeof text === 'string') metadata[field] = String(open(subjects, this.unsealText(text)));
    }
    return { ...e, data, metadata };
  }

  /** Reads a name-derived trustee id of an old log as its opaque id, so no reader sees the name in it. */
  private upcastLegacyIds(data: unknown): unknown {
    if (typeof data !== 'object' || data === null) return data;
    const record = data as Record_;
    if (!TRUSTEE_ID_FIELDS.some((f) => typeof record[f] === 'string' && isLegacyTrusteeId(record[f] as string))) return data;
    const out = { ...record };
    for (const f of TRUSTEE_ID_FIELDS) if (typeof out[f] === 'string' && isLegacyTrusteeId(out[f] as string)) out[f] = this.openLegacyId(out[f] as string);
    return out;
  }

  /** A metadata string as a reader sees it: opened when sealed, ERASED when its key is gone. */
  unsealText<T extends string | null | undefined>(text: T): T | string {
    if (typeof text !== 'string' || !text.startsWith(SEALED_TEXT_PREFIX)) return text;
    return this.unseal(JSON.parse(Buffer.from(text.slice(SEALED_TEXT_PREFIX.length), 'base64').toString('utf8')) as SealedValue);
  }

  /** Applies `fn` to every personal field, walking arrays of objects with their own subjects. */
  private mapPersonal(
    fields: Record<string, FieldPrivacy>,
    subjects: string[],
    data: unknown,
    fn: (personIds: string[], value: unknown) => unknown,
  ): unknown {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
    const out: Record_ = { ...(data as Record_) };
    for (const [name, privacy] of Object.entries(fields)) {
      const value = out[name];
      if (privacy === 'public' || value === undefined || value === null) continue;
      if (privacy === 'personal') {
        if (subjects.length > 0 || isSealed(value)) out[name] = fn(subjects, value);
        continue;
      }
      if (!Array.isArray(value)) continue;
      out[name] = value.map((element: unknown) => {
        const own = privacy.subjects && typeof element === 'object' && element !== null ? (element as Record_)[privacy.subjects] : undefined;
        const elementSubjects = Array.isArray(own) ? own.filter((s): s is string => typeof s === 'string') : subjects;
        return this.mapPersonal(privacy.fields, elementSubjects, element, fn);
      });
    }
    return out;
  }

  close(): void {
    this.db.close();
  }
}
