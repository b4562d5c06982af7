// A log as the service wrote it before trustee ids became opaque: one trustee appointed under a
// name-derived id, the name sealed with that id's key, the change note as given.
import { randomUUID } from 'node:crypto';
import { openServices } from '../../src/composition.ts';
import { boardStreamId } from '../../src/domain/board/board.ts';

/** Appends the appointment (effective 2019-01-01) to the log in `dataDir` and closes it again. */
export async function writeLegacyAppointment(
  dataDir: string,
  legacyId: string,
  name: string,
  changeNote: string,
): Promise<void> {
  const services = await openServices({ DATA_DIR: dataDir });
  try {
    await services.store.append(boardStreamId(), [
      {
        id: randomUUID(),
        type: 'TrusteeAppointed',
        schemaVersion: 1,
        data: { trusteeId: legacyId, name: services.vault.seal(legacyId, name), role: null, appointedOn: '2019-01-01' },
        effectiveAt: '2019-01-01',
        metadata: { actor: 'ed', changeNote },
      },
    ]);
  } finally {
    await services.close();
  }
}
