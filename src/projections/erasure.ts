// Erasure in the read models: when a person's key is destroyed, every column that held their
// personal data (opened from sealed fields when it was projected) is overwritten with ERASED_TEXT,
// exactly what a replay without the key writes, so the live read models and a rebuild stay equal.
import type Database from 'better-sqlite3';
import { ERASED_TEXT } from '../events/vocabulary.ts';

export interface ErasableColumns {
  table: string;
  /** A WHERE clause naming the person as `@personId`, e.g. `trustee_id = @personId`. */
  where: string;
  /** Columns that held personal data; a NULL stays NULL, as a replay leaves an absent value absent. */
  columns: readonly string[];
}

/** Prepares the overwrite of every listed column for one person; returns the function that runs it. */
export function prepareErasure(db: Database.Database, targets: readonly ErasableColumns[]): (personId: string) => void {
  const statements = targets.map((t) =>
    db.prepare(
      `UPDATE ${t.table} SET ${t.columns.map((c) => `${c} = CASE WHEN ${c} IS NULL THEN NULL ELSE @erased END`).join(', ')} WHERE ${t.where}`,
    ),
  );
  return (personId) => {
    for (const s of statements) s.run({ personId, erased: ERASED_TEXT });
  };
}
