// Crypto-shredding. Personal fields of events are sealed (AES-256-GCM) with a key per person,
// kept in DATA_DIR/keys.sqlite, outside the log. Erasing a person destroys their key: the log and
// its hash chain stay exactly as they were, while every reader — projections, rebuilds, exports —
// can no longer open the sealed fields and sees the person as erased.
//
// Which fields are personal is said beside each schema in the event catalogue (`privacy`); the
// free text of an event's metadata (change note, source) is sealed with the same keys whenever the
// event is about someone. The vault also keeps the service secret that keys command hashes and the
// ids derived for seeded people, so neither can be reproduced from a guessed name without it.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { PersonKeyStore } from '../events/keyStore.ts';
import { privacyOf, type FieldPrivacy } from '../events/catalogue.ts';
import { ERASED_TEXT } from '../events/vocabulary.ts';
import type { EventMetadata, NewEvent, StoredEvent } from '../events/store.ts';
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
  private readonly keys: PersonKeyStore;
  private readonly secret: Buffer;

  /** Opens (or creates) the key store at `path` (DATA_DIR/keys.sqlite). */
  constructor(path: string) {
    this.keys = new PersonKeyStore(path);
    this.secret = this.keys.secret;
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
    const mac = createHmac('sha256', this.secret)
      .update([prefix, ...parts].join('\u001f'))
      .digest();
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
      this.keys.rememberLegacy(legacyId, id);
      this.remembered.add(legacyId);
    }
    return id;
  }

  private sealOne(personId: string, plaintext: string, nested: boolean): SealedValue {
    const key = this.keys.keyOrCreate(personId);
    if (!key)
      throw new Error(`The personal data of ${personId} has been erased; it cannot be recorded again under that id`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const value: SealedValue = {
      sealed: 'aes-256-gcm',
      personId,
      iv: iv.toString('base64'),
      data: data.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
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
    const key = this.keys.key(value.personId);
    if (!key) return ERASED;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(value.data, 'base64')), decipher.final()]).toString('utf8');
    return value.nested ? this.unseal(JSON.parse(text) as SealedValue) : text;
  }

  /**
   * Destroys the person's key for good (idempotent), with the keys of the name-derived ids an old
   * log holds for them; when this returns no file under DATA_DIR holds the keys (see PersonKeyStore.destroy).
   */
  destroy(personId: string, at: string = new Date().toISOString()): void {
    // An erasure recorded by an old log names the legacy id: the opaque id it is read under goes too.
    const legacy = isLegacyTrusteeId(personId) ? [this.legacyTrusteeId(personId)] : [];
    this.keys.destroy([personId, ...this.keys.legacyIdsOf(personId), ...legacy], at);
  }

  /**
   * Writes the legacy trustee id pairs read so far (PersonKeyStore.flushLegacy) in one durable
   * commit. The projection runner calls it before each batch commits (composition.ts).
   */
  flush(): void {
    this.keys.flushLegacy();
  }

  /** True once the person's key has been destroyed. */
  isErased(personId: string): boolean {
    return this.keys.key(personId) === null;
  }

  /** A consistent copy of the key store, e.g. to move keys with a log export or a backup. */
  backup(file: string): Promise<void> {
    return this.keys.backup(file);
  }

  /** Takes in keys from another key store's copy; a key destroyed in either stays destroyed. */
  importFrom(file: string): number {
    return this.keys.importFrom(file);
  }

  hasKey(personId: string): boolean {
    return Boolean(this.keys.key(personId));
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
        ? this.mapPersonal(privacy.fields, subjects, e.data, (ids, v) =>
            typeof v === 'string' ? this.seal(ids, v) : v,
          )
        : e.data;
    if (subjects.length === 0) return { ...e, data };
    const metadata = { ...e.metadata };
    for (const field of SEALED_METADATA) {
      const text = metadata[field];
      if (typeof text === 'string')
        metadata[field] =
          SEALED_TEXT_PREFIX + Buffer.from(JSON.stringify(this.seal(subjects, text))).toString('base64');
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
    const open = (ids: readonly string[], v: unknown) =>
      isSealed(v) ? this.unseal(v) : ids.some((id) => this.isErased(id)) ? ERASED : v;
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
    if (!TRUSTEE_ID_FIELDS.some((f) => typeof record[f] === 'string' && isLegacyTrusteeId(record[f] as string)))
      return data;
    const out = { ...record };
    for (const f of TRUSTEE_ID_FIELDS)
      if (typeof out[f] === 'string' && isLegacyTrusteeId(out[f] as string))
        out[f] = this.openLegacyId(out[f] as string);
    return out;
  }

  /** A metadata string as a reader sees it: opened when sealed, ERASED when its key is gone. */
  unsealText<T extends string | null | undefined>(text: T): T | string {
    if (typeof text !== 'string' || !text.startsWith(SEALED_TEXT_PREFIX)) return text;
    return this.unseal(
      JSON.parse(Buffer.from(text.slice(SEALED_TEXT_PREFIX.length), 'base64').toString('utf8')) as SealedValue,
    );
  }

  /** Applies `fn` to every personal field, walking nested objects and arrays of objects with their own subjects. */
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
      if (!Array.isArray(value)) {
        // A nested object (a fact's dating) is about the event's own subjects.
        if (typeof value === 'object') out[name] = this.mapPersonal(privacy.fields, subjects, value, fn);
        continue;
      }
      out[name] = value.map((element: unknown) => {
        const own =
          privacy.subjects && typeof element === 'object' && element !== null
            ? (element as Record_)[privacy.subjects]
            : undefined;
        const elementSubjects = Array.isArray(own) ? own.filter((s): s is string => typeof s === 'string') : subjects;
        return this.mapPersonal(privacy.fields, elementSubjects, element, fn);
      });
    }
    return out;
  }

  close(): void {
    this.keys.close();
  }
}
