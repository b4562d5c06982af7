// The benchmark's event logs: the seed corpus followed by a realistic synthetic history (guidance
// documents drafted section by section and published with 20-200 sections, trustees appointed and
// standing down, members joining, renewing and leaving, figures reported, newsletters recorded),
// written through the real embedded store and cached under bench/data/ by size and FIXTURE_VERSION.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openServices } from '../src/composition.ts';
import { SqliteEventStore } from '../src/events/adapters/sqlite.ts';
import { newEvent, type DomainEvent, type SectionData } from '../src/events/catalogue.ts';
import { REGIONS } from '../src/events/vocabulary.ts';
import type { NewEvent } from '../src/events/store.ts';
import { loadSeed } from '../src/seed/load.ts';
import { heading, prose, Random, sentence } from './lib/random.ts';
import { streams } from '../src/events/streams.ts';

/** Bump when the generator changes, so cached logs from an older generator are not reused. */
export const FIXTURE_VERSION = 1;
export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));
/** The association the service records; its board and membership streams get the synthetic history. */
const ASSOCIATION = 'tasp';
/** Events generated before the per-stream buffers are appended (each stream in calls of up to 1000). */
const WINDOW = 50_000;
const APPEND_CHUNK = 1_000;
const FIRST_DAY = Date.UTC(1990, 0, 1);
const LAST_DAY = Date.UTC(2025, 11, 31);
const DAY_MS = 86_400_000;

export function logPath(events: number): string {
  return join(DATA_DIR, `log-${events}-v${FIXTURE_VERSION}.sqlite`);
}

/** The path of a cached log of (at least the seed and) `events` events, generating it on first use. */
export async function ensureLog(events: number, say: (line: string) => void = () => undefined): Promise<string> {
  const path = logPath(events);
  if (existsSync(path)) return path;
  mkdirSync(DATA_DIR, { recursive: true });
  const work = mkdtempSync(join(DATA_DIR, `.generating-${events}-`));
  try {
    const started = Date.now();
    say(`generating a ${events.toLocaleString('en-GB')}-event log (cached at ${path})`);
    const services = await openServices({ DATA_DIR: work });
    await services.runner.catchUp();
    await loadSeed(services);
    await services.close();
    const store = new SqliteEventStore({ path: join(work, 'events.sqlite') });
    // The fixture is a cache: a crash while writing it leaves a work directory that is never used.
    store.database.pragma('synchronous = OFF');
    const head = Number(await store.headPosition());
    await new History(events - head, 0x5eed + events).writeTo(store, (done) => {
      if (done % 200_000 === 0) say(`  ${(head + done).toLocaleString('en-GB')} events`);
    });
    await store.close();
    renameSync(join(work, 'events.sqlite'), path);
    say(`generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return path;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface DocumentPlan {
  slug: string;
  registered: boolean;
  nextKey: number;
  versions: { label: string; sections: SectionData[] }[];
  draft: { label: string; sections: SectionData[] } | null;
}

interface Member {
  id: string;
  lastRenewedYear: string | null;
}

const METADATA_ACTORS = ['import', 'alice', 'bob', 'carol-editor', 'dan'];
const ROLES = ['Chair', 'Vice chair', 'Treasurer', 'Secretary', null];

/** Generates `count` synthetic events in effective-time order and appends them stream by stream. */
class History {
  private readonly random: Random;
  private readonly documents: DocumentPlan[];
  private readonly members: Member[] = [];
  private readonly trustees: { id: string; role: string | null }[] = [];
  private readonly targetMembers: number;
  private readonly publishChance: number;
  private counters = { member: 0, trustee: 0, publication: 0 };
  private readonly buffers = new Map<string, NewEvent[]>();
  private day = '';

  constructor(
    private readonly count: number,
    seed: number,
  ) {
    this.random = new Random(seed);
    const documentCount =
      count >= 20_000 ? Math.max(120, Math.round(count / 2_000)) : Math.max(5, Math.round(count / 100));
    this.documents = Array.from({ length: documentCount }, (_, i) => ({
      slug: `bench-guidance-${i + 1}`,
      registered: false,
      nextKey: 1,
      versions: [],
      draft: null,
    }));
    // About two versions a document; the rest of its events revise drafts section by section.
    const documentEvents = count * 0.67;
    this.publishChance = Math.min(0.5, (documentCount * 2) / documentEvents);
    this.targetMembers = Math.min(2_500, Math.max(20, Math.round(count / 400)));
  }

  async writeTo(store: SqliteEventStore, progress: (done: number) => void): Promise<void> {
    for (let i = 0; i < this.count; i += 1) {
      this.day = new Date(FIRST_DAY + Math.floor((i / this.count) * ((LAST_DAY - FIRST_DAY) / DAY_MS)) * DAY_MS)
        .toISOString()
        .slice(0, 10);
      this.step();
      if ((i + 1) % WINDOW === 0) await this.flush(store);
      progress(i + 1);
    }
    await this.flush(store);
  }

  private async flush(store: SqliteEventStore): Promise<void> {
    for (const [streamId, events] of this.buffers) {
      for (let i = 0; i < events.length; i += APPEND_CHUNK)
        await store.append(streamId, events.slice(i, i + APPEND_CHUNK));
    }
    this.buffers.clear();
  }

  private emit(streamId: string, event: DomainEvent, effectiveAt = this.day, note: string | null = null): void {
    const e = newEvent(randomUUID(), event, effectiveAt, {
      actor: this.random.pick(METADATA_ACTORS),
      source: this.random.chance(0.3) ? `TASP newsletter, ${this.day.slice(0, 4)}` : null,
      changeNote: note,
      correlationId: randomUUID(),
    });
    const buffer = this.buffers.get(streamId);
    if (buffer) buffer.push(e);
    else this.buffers.set(streamId, [e]);
  }

  private step(): void {
    const r = this.random.next();
    if (r < 0.3) this.membershipEvent();
    else if (r < 0.32) this.boardEvent();
    else if (r < 0.325) this.publication();
    else if (r < 0.33) this.report();
    else this.documentEvent();
  }

  // ---- documents ----

  private sectionsFor(doc: DocumentPlan, n: number): SectionData[] {
    return Array.from({ length: n }, () => this.newSection(doc));
  }

  private newSection(doc: DocumentPlan): SectionData {
    const key = `s-${doc.nextKey}`;
    doc.nextKey += 1;
    return { key, heading: heading(this.random), body: prose(this.random, this.random.int(15, 60)) };
  }

  private documentEvent(): void {
    const doc = this.random.pick(this.documents);
    const stream = streams.document(doc.slug);
    if (!doc.registered) {
      doc.registered = true;
      this.emit(stream, {
        type: 'DocumentRegistered',
        data: {
          slug: doc.slug,
          title: `Guidance ${doc.slug.slice(15)}: ${heading(this.random)}`,
          kind: 'PRACTICE_GUIDANCE',
        },
      });
      return;
    }
    if (!doc.draft) {
      const last = doc.versions.at(-1);
      const sections = last ? this.nextSections(doc, last.sections) : this.sectionsFor(doc, this.random.int(20, 200));
      doc.draft = { label: `v${doc.versions.length + 1}`, sections };
      this.emit(stream, {
        type: 'DraftSaved',
        data: { slug: doc.slug, label: doc.draft.label, changeNote: sentence(this.random, 6, 14), sections },
      });
      return;
    }
    const draft = doc.draft;
    if (this.random.chance(this.publishChance)) {
      doc.versions.push(draft);
      doc.draft = null;
      const data = {
        slug: doc.slug,
        label: draft.label,
        publishedOn: this.day,
        changeNote: sentence(this.random, 6, 14),
        sections: draft.sections,
      };
      this.emit(stream, { type: 'VersionPublished', data }, this.day);
      return;
    }
    if (doc.versions.length > 0 && this.random.chance(this.publishChance / 10)) {
      const version = doc.versions.at(-1)!;
      version.sections = version.sections.map((s) =>
        this.random.chance(0.05) ? { ...s, body: prose(this.random, this.random.int(15, 60)) } : s,
      );
      this.emit(stream, {
        type: 'VersionCorrected',
        data: {
          slug: doc.slug,
          label: version.label,
          reason: sentence(this.random, 5, 10),
          sections: version.sections,
        },
      });
      return;
    }
    const i = this.random.int(0, draft.sections.length - 1);
    const revised = { ...draft.sections[i]!, body: prose(this.random, this.random.int(15, 60)) };
    if (this.random.chance(0.1)) revised.heading = heading(this.random);
    draft.sections = draft.sections.map((s, j) => (j === i ? revised : s));
    this.emit(stream, { type: 'DraftSectionRevised', data: { slug: doc.slug, label: draft.label, ...revised } });
  }

  /** The next version's starting text: the last one with a few sections added and removed. */
  private nextSections(doc: DocumentPlan, previous: SectionData[]): SectionData[] {
    const next = previous.filter(() => previous.length < 25 || !this.random.chance(0.03));
    const added = this.random.int(0, 4);
    for (let i = 0; i < added && next.length < 200; i += 1)
      next.splice(this.random.int(0, next.length), 0, this.newSection(doc));
    return next;
  }

  // ---- board and membership of the association ----

  private membershipYear(): string {
    const year = Number(this.day.slice(0, 4));
    return `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
  }

  private membershipEvent(): void {
    const stream = streams.membership(ASSOCIATION);
    const active = this.members.length;
    const r = this.random.next();
    if (active === 0 || (active < this.targetMembers && r < 0.5) || r < 0.12) {
      this.counters.member += 1;
      const id = `member-bench-${this.counters.member}`;
      this.members.push({ id, lastRenewedYear: null });
      const k = this.random.next();
      this.emit(stream, {
        type: 'MemberAdmitted',
        data: {
          memberId: id,
          name: `Bench member ${this.counters.member}`,
          kind: k < 0.7 ? 'INDIVIDUAL' : k < 0.9 ? 'ORGANISATION' : 'PARTNERSHIP',
          region: this.random.chance(0.9) ? this.random.pick(REGIONS) : null,
          joinedOn: this.day,
        },
      });
      return;
    }
    const index = this.random.int(0, active - 1);
    const member = this.members[index]!;
    const year = this.membershipYear();
    if (r < 0.3 || member.lastRenewedYear === year) {
      this.members[index] = this.members[active - 1]!;
      this.members.pop();
      this.emit(stream, {
        type: 'MemberLeft',
        data: {
          memberId: member.id,
          leftOn: this.day,
          reason: this.random.chance(0.5) ? sentence(this.random, 4, 8) : null,
        },
      });
      return;
    }
    member.lastRenewedYear = year;
    this.emit(stream, {
      type: 'MembershipRenewed',
      data: { memberId: member.id, membershipYear: year, renewedOn: this.day },
    });
  }

  private boardEvent(): void {
    const stream = streams.board(ASSOCIATION);
    const size = this.trustees.length;
    const r = this.random.next();
    if (size < 8 || (size < 12 && r < 0.4)) {
      this.counters.trustee += 1;
      const id = `trustee-bench-${this.counters.trustee}`;
      const role = this.random.pick(ROLES);
      this.trustees.push({ id, role });
      this.emit(stream, {
        type: 'TrusteeAppointed',
        data: { trusteeId: id, name: `Bench trustee ${this.counters.trustee}`, role, appointedOn: this.day },
      });
      return;
    }
    const index = this.random.int(0, size - 1);
    const trustee = this.trustees[index]!;
    if (r < 0.7) {
      this.trustees.splice(index, 1);
      this.emit(stream, {
        type: 'TrusteeStoodDown',
        data: { trusteeId: trustee.id, stoodDownOn: this.day, reason: null },
      });
      return;
    }
    trustee.role = this.random.pick(ROLES);
    this.emit(stream, {
      type: 'TrusteeRoleChanged',
      data: { trusteeId: trustee.id, role: trustee.role, changedOn: this.day },
    });
  }

  private report(): void {
    const r = this.random.next();
    if (r < 0.4) {
      this.emit(streams.board(ASSOCIATION), {
        type: 'BoardSizeReported',
        data: { size: this.trustees.length, reportedOn: this.day },
      });
      return;
    }
    const stream = streams.membership(ASSOCIATION);
    if (r < 0.5) {
      this.emit(stream, {
        type: 'MembershipTermsSet',
        data: { effectiveOn: this.day, standardFee: this.random.int(500, 3000), regionalDealFeeBelow: null },
      });
      return;
    }
    const members = this.members.length;
    const eligible = Math.max(members, 150);
    this.emit(stream, {
      type: 'MembershipFiguresReported',
      data: {
        reportedOn: this.day,
        membershipYear: this.membershipYear(),
        members,
        eligible,
        otherMembers: null,
        coverage: Math.round((members / eligible) * 1000) / 10,
        target: 100,
        byRegion: REGIONS.map((region) => ({ region, members: this.random.int(0, 20), eligible: 20 })),
      },
    });
  }

  private publication(): void {
    this.counters.publication += 1;
    const slug = `bench-newsletter-${this.counters.publication}`;
    const items = Array.from({ length: this.random.int(3, 8) }, () => ({
      category: 'PRACTICE_GUIDANCE' as const,
      title: heading(this.random),
      summary: sentence(this.random, 10, 25),
      documentSlug: this.random.chance(0.5) ? this.random.pick(this.documents).slug : null,
      aboutPersonIds: [] as string[],
    }));
    this.emit(streams.publication(slug), {
      type: 'PublicationRecorded',
      data: {
        slug,
        kind: 'NEWSLETTER_ISSUE',
        title: `Newsletter ${this.counters.publication}`,
        publisher: 'TASP',
        publishedOn: this.day,
        items,
      },
    });
  }
}
