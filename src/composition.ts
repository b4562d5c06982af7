// The composition root: picks the event store's adapter (through its factory), opens the read
// models and the key store, and wires the application's services. Only the entry points (server.ts,
// cli.ts) and tests or benchmarks standing in for them call it.
import { join } from 'node:path';
import { ErasureService } from './app/erasure.ts';
import { CommandHandler } from './app/commandHandler.ts';
import { DEFAULT_IMPORT_READER_LIMITS, ImportReader } from './app/importReader.ts';
import { checkLogIntegrity, LogIntegrity } from './app/integrity.ts';
import { LiveFeed } from './app/liveFeed.ts';
import { PersonalDataVault } from './app/personalData.ts';
import { TreeProofs } from './app/proofs.ts';
import type { Services } from './app/services.ts';
import { loadSigner, type TreeHeadSigner } from './app/signing.ts';
import { createEventStore, type StoreConfig } from './events/factory.ts';
import type { EventStore } from './events/store.ts';
import { AuditQueries } from './projections/audit.ts';
import { BoardQueries } from './projections/boardQueries.ts';
import { DocumentQueries } from './projections/documentQueries.ts';
import { SearchQueries } from './projections/searchQueries.ts';
import { IdempotencyQueries } from './projections/idempotency.ts';
import { projectors as allProjectors } from './projections/index.ts';
import { EvidenceQueries } from './projections/evidenceQueries.ts';
import { MembershipQueries } from './projections/membershipQueries.ts';
import { MerkleQueries } from './projections/merkle.ts';
import type { Projector } from './projections/projector.ts';
import { PublicationQueries } from './projections/publicationQueries.ts';
import { holdWriterLock, openReadDatabase } from './projections/readStore.ts';
import { ProjectionRunner, type RunnerOptions } from './projections/runner.ts';

export type { Services } from './app/services.ts';

export interface ServicesOptions extends RunnerOptions {
  clock?: () => Date;
  /** Read models in another directory than DATA_DIR, e.g. a rebuild at a past position. */
  readDir?: string;
  /** The projectors to run (all of them unless a test injects its own). */
  projectors?: Projector[];
  /**
   * Hold the read models' writer lock while open (holdWriterLock): a server and the command-line
   * tools that project do, so a second one on the same read models is refused at once with
   * WriterLockedError, having opened nothing. Tests that open services side by side on purpose leave it off.
   */
  writer?: boolean;
}

/**
 * The store's configuration, SUBSCRIBER_QUEUE_LIMIT for the live feed (its default when left out),
 * SIGNING_KEY_FILE for tree heads (the development key in DATA_DIR when left out), and the
 * IMPORT_PARSE_* limits of the document reader (DEFAULT_IMPORT_READER_LIMITS when left out).
 */
export type ServicesConfig = StoreConfig & {
  SUBSCRIBER_QUEUE_LIMIT?: number;
  SIGNING_KEY_FILE?: string | undefined;
  IMPORT_PARSE_TIMEOUT_MS?: number;
  IMPORT_PARSE_CONCURRENCY?: number;
  IMPORT_PARSE_QUEUE_LIMIT?: number;
  IMPORT_PARSE_MEMORY_MB?: number;
};

export async function openServices(config: ServicesConfig, options: ServicesOptions = {}): Promise<Services> {
  const readDb = openReadDatabase(join(options.readDir ?? config.DATA_DIR, 'read.sqlite'));
  let releaseWriter: () => void = () => undefined;
  let store: EventStore;
  try {
    if (options.writer) releaseWriter = holdWriterLock(readDb);
    store = await createEventStore(config, options.clock);
  } catch (error) {
    releaseWriter();
    readDb.close();
    throw error;
  }
  // Keys live beside the log's configuration, never in a rebuild's scratch directory.
  const vault = new PersonalDataVault(join(config.DATA_DIR, 'keys.sqlite'));
  const runner = new ProjectionRunner(store, readDb, options.projectors ?? allProjectors, {
    ...options,
    openEvent: (e) => vault.unsealEvent(e),
    beforeCommit: () => vault.flush(),
  });
  const integrity = new LogIntegrity();
  const damage = await checkLogIntegrity(store, runner);
  if (damage) integrity.markDamaged(damage);
  const commands = new CommandHandler(store, runner, new IdempotencyQueries(readDb), vault, integrity, options.clock);
  const live = new LiveFeed(store, config.SUBSCRIBER_QUEUE_LIMIT);
  const tree = new MerkleQueries(readDb);
  const audit = new AuditQueries(readDb);
  const board = new BoardQueries(readDb);
  const membership = new MembershipQueries(readDb);
  let signer: TreeHeadSigner | null = null;
  const loadKey = () => (signer ??= loadSigner(config.SIGNING_KEY_FILE, config.DATA_DIR));
  return {
    store,
    readDb,
    runner,
    integrity,
    commands,
    vault,
    erasure: new ErasureService(commands, vault, board, membership, audit),
    documents: new DocumentQueries(readDb),
    importReader: new ImportReader({
      timeoutMs: config.IMPORT_PARSE_TIMEOUT_MS ?? DEFAULT_IMPORT_READER_LIMITS.timeoutMs,
      concurrency: config.IMPORT_PARSE_CONCURRENCY ?? DEFAULT_IMPORT_READER_LIMITS.concurrency,
      queueLimit: config.IMPORT_PARSE_QUEUE_LIMIT ?? DEFAULT_IMPORT_READER_LIMITS.queueLimit,
      memoryMb: config.IMPORT_PARSE_MEMORY_MB ?? DEFAULT_IMPORT_READER_LIMITS.memoryMb,
    }),
    search: new SearchQueries(readDb),
    audit,
    board,
    membership,
    evidence: new EvidenceQueries(readDb),
    publications: new PublicationQueries(readDb),
    tree,
    proofs: new TreeProofs(tree, loadKey, options.clock, () => integrity.reason),
    signer: loadKey,
    live,
    async close() {
      await live.stop();
      await runner.stop();
      await store.close();
      readDb.close();
      vault.close();
      releaseWriter();
    },
  };
}
