// The application's services as one set: what the GraphQL schema, the HTTP layer, the CLI and the
// seed loaders are handed. Wired by the composition root (src/composition.ts).
import type Database from 'better-sqlite3';
import type { EventStore } from '../events/store.ts';
import type { AuditQueries } from '../projections/audit.ts';
import type { BoardQueries } from '../projections/boardQueries.ts';
import type { EvidenceQueries } from '../projections/evidenceQueries.ts';
import type { DocumentQueries } from '../projections/documentQueries.ts';
import type { MembershipQueries } from '../projections/membershipQueries.ts';
import type { MerkleQueries } from '../projections/merkle.ts';
import type { PublicationQueries } from '../projections/publicationQueries.ts';
import type { SearchQueries } from '../projections/searchQueries.ts';
import type { ProjectionRunner } from '../projections/runner.ts';
import type { CommandHandler } from './commandHandler.ts';
import type { ErasureService } from './erasure.ts';
import type { ImportReader } from './importReader.ts';
import type { LogIntegrity } from './integrity.ts';
import type { LiveFeed } from './liveFeed.ts';
import type { PersonalDataVault } from './personalData.ts';
import type { TreeProofs } from './proofs.ts';
import type { TreeHeadSigner } from './signing.ts';

export interface Services {
  store: EventStore;
  readDb: Database.Database;
  runner: ProjectionRunner;
  /** Whether the log passed the start-up check against the read models; writes are refused if not. */
  integrity: LogIntegrity;
  commands: CommandHandler;
  vault: PersonalDataVault;
  /** Erasure of a person's personal data, and the start-up check that no erased person's key survived. */
  erasure: ErasureService;
  documents: DocumentQueries;
  /** Reads imported documents in worker threads, within a time budget and a bounded queue. */
  importReader: ImportReader;
  /** Full-text search over every version's paragraphs. */
  search: SearchQueries;
  audit: AuditQueries;
  board: BoardQueries;
  membership: MembershipQueries;
  /** How certain board and membership answers are, what they rest on, and which reports disagree. */
  evidence: EvidenceQueries;
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
