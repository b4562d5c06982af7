// The auditor's check: the hash chain holds over the whole log, and the read models equal what
// a fresh replay of the log produces.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainVerifier, type ChainVerdict } from '../events/hashChain.ts';
import type { StoreConfig } from '../events/factory.ts';
import type { EventStore } from '../events/store.ts';
import { openServices } from './services.ts';

export interface Verification extends ChainVerdict {
  /** Checksum of the read models in DATA_DIR after catching up. */
  liveChecksum: string | null;
  /** Checksum of read models replayed from scratch. */
  replayChecksum: string | null;
  readModelsMatch: boolean | null;
  /** One line for a terminal. */
  line: string;
}

export async function verifyChain(store: EventStore): Promise<ChainVerdict> {
  const verifier = new ChainVerifier(store.chainScope);
  for await (const e of store.readAll()) {
    if (!verifier.check(e)) break;
  }
  return verifier.verdict();
}

export async function verifyLog(config: StoreConfig): Promise<Verification> {
  const live = await openServices(config);
  let verdict: ChainVerdict;
  let liveChecksum: string | null = null;
  let replayChecksum: string | null = null;
  try {
    verdict = await verifyChain(live.store);
    if (verdict.ok) {
      await live.runner.catchUp();
      liveChecksum = live.runner.checksum();
      const scratch = mkdtempSync(join(tmpdir(), 'verify-'));
      try {
        const replay = await openServices(config, { readDir: scratch });
        try {
          await replay.runner.catchUp();
          replayChecksum = replay.runner.checksum();
        } finally {
          await replay.close();
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
  } finally {
    await live.close();
  }
  const readModelsMatch = liveChecksum === null ? null : liveChecksum === replayChecksum;
  const ok = verdict.ok && readModelsMatch !== false;
  const line = !verdict.ok
    ? `BROKEN at position ${verdict.firstBrokenPosition}: ${verdict.reason} (${verdict.checkedEvents} events checked before it)`
    : readModelsMatch === false
      ? `READ MODELS DIFFER: ${verdict.checkedEvents} events checked, head hash ${verdict.headHash}, live ${liveChecksum} != replay ${replayChecksum}`
      : `OK: ${verdict.checkedEvents} events checked, head hash ${verdict.headHash}, read-model checksum ${liveChecksum}`;
  return { ...verdict, liveChecksum, replayChecksum, readModelsMatch, ok, line };
}
