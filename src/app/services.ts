// Wires the store, the read models, the projection runner and the command bus together.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createEventStore, type StoreConfig } from '../events/factory.ts';
import type { EventStore } from '../events/store.ts';
import { AuditQueries } from '../projections/audit.ts';
import { BoardQueries } from '../projections/boardQueries.ts';
import { DocumentQueries } from '../projections/documentQueries.ts';
import { SearchQueries } from '../projections/searchQueries.ts';
import { IdempotencyQueries } from '../projections/idempotency.ts';
import { MembershipQueries } from '../projections/membershipQueries.ts';
import { MerkleQueries } from '../projections/merkle.ts';
import { projectors as allProjectors } from '../projections/index.ts';
import type { Projector } from '../projections/projector.ts';
import { PublicationQueries } from '../projections/publicationQueries.ts';
import { openReadDatabase } from '../projections/readStore.ts';
import { ProjectionRunner, type RunnerOptions } from '../projections/runner.ts';
import { CommandBus } from './commandBus.ts';
import { checkLogIntegrity, LogIntegrity } from './integrity.ts';
import { LiveFeed } from './liveFeed.ts';
import { PersonalDataVault } from './personalData.ts';
import { TreeProofs } from './proofs.ts';
import { loadSigner, type TreeHeadSigner } from './signing.ts';

export interface Services {
  store: EventStore;
  readDb: Database.Database;
  runner: ProjectionRunner;
  /** Whether the log passed the start-up check against the read models; writes are refused if not. */
  integrity: LogIntegrity;
  commands: CommandBus;
  vault: PersonalDataVault;
  documents: DocumentQueries;
  /** Full-text search over every version's paragraphs. */
  search: SearchQueries;
  audit: AuditQueries;
  board: BoardQueries;
  membership: MembershipQueries;
  publications: PublicationQueries;
  /** The Merkle tree of the log (a read model). */
  tree: MerkleQueries;
  /** Signed tree heads and proofs over the tree. */
  proofs: TreeProofs;
  /** The tree-head signing key, loaded (or, for development, created) on first use. */
  signer(): TreeHeadSigner;
  /** Events appended while the service runs, for subscriptions; started by the server. */
  live: LiveFeed;
  close(): Promise<void>;
}

export interface ServicesOptions extends RunnerOptions {
  clock?: () => Date;
  /** Read models in another directory than DATA_DIR, e.g. a rebuild at a past position. */
  readDir?: string;
  /** The projectors to run (all of them unless a test injects its own). */
  projectors?: Projector[];
}

/**
 * The store's configuration, SUBSCRIBER_QUEUE_LIMIT for the live feed (its default when left out),
 * and SIGNING_KEY_FILE for tree heads (the development key in DATA_DIR when left out).
 */
export type ServicesConfig = StoreConfig & { SUBSCRIBER_QUEUE_LIMIT?: number; SIGNING_KEY_FILE?: string | undefined };

export async function openServices(config: ServicesConfig, options: ServicesOptions = {}): Promise<Services> {
  const store = await createEventStore(config, options.clock);
  const readDb = openReadDatabase(join(options.readDir ?? config.DATA_DIR, 'read.sqlite'));
  // Keys live beside the log's configuration, never in a rebuild's scratch directory.
  const vault = new PersonalDataVault(join(config.DATA_DIR, 'keys.sqlite'));
  const runner = new ProjectionRunner(store, readDb, options.projectors ?? allProjectors, {
    ...options,
    openEvent: (e) => vault.unsealEvent(e),
  });
  const integrity = new LogIntegrity();
  const damage = await checkLogIntegrity(store, runner);
  if (damage) integrity.markDamaged(damage);
  const commands = new CommandBus(store, runner, new IdempotencyQueries(readDb), vault, integrity, options.clock);
  const live = new LiveFeed(store, config.SUBSCRIBER_QUEUE_LIMIT);
  const tree = new MerkleQueries(readDb);
  let signer: TreeHeadSigner | null = null;
  const loadKey = () => (signer ??= loadSigner(config.SIGNING_KEY_FILE, config.DATA_DIR));
  return {
    store,
    readDb,
    runner,
    integrity,
    commands,
    vault,
    documents: new DocumentQueries(readDb),
    search: new SearchQueries(readDb),
    audit: new AuditQueries(readDb),
    board: new BoardQueries(readDb),
    membership: new MembershipQueries(readDb),
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
    },
  };
}
