// Read model of an association's board of trustees, kept as validity ranges so that "the board as
// of a date" is an indexed range lookup, never a replay: each trustee's terms (appointed_on to
// stood_down_on), the periods each role held (valid_from to valid_to), the sizes the association
// reported, and the dated changes. Ranges are half-open: a trustee who stood down on a day is not
// in office on that day.
import { dayNumber, OPEN_END, spanEnd } from './daySpans.ts';
import { associationEvents } from './associationLog.ts';
import { prepareErasure } from './erasure.ts';
import { eventTypesOf } from '../events/catalogue.ts';
import { assertNever } from '../events/vocabulary.ts';
import { defineProjector } from './projector.ts';

export const boardProjector = defineProjector({
  handles: [...eventTypesOf('board'), 'PersonalDataErased'],
  name: 'board',
  // Holds names and notes: reads events opened, and blanks a person's on PersonalDataErased.
  opened: true,
  // 2: terms also as intervals in the R*Tree board_term_spans.
  // 3: name-derived trustee ids of old logs read under opaque ids (see PersonalDataVault).
  version: 3,
  ddl: `
    CREATE TABLE IF NOT EXISTS board_trustees (
      association TEXT NOT NULL,
      trustee_id  TEXT NOT NULL,
      name        TEXT NOT NULL,
      PRIMARY KEY (association, trustee_id)
    );
    CREATE TABLE IF NOT EXISTS board_terms (
      association       TEXT NOT NULL,
      trustee_id        TEXT NOT NULL,
      appointed_on      TEXT NOT NULL,
      stood_down_on     TEXT,
      stood_down_reason TEXT,
      -- The position of the event that ended the term, so a view "as known at" an earlier
      -- position still sees the term open.
      stood_down_position INTEGER,
      source            TEXT,
      note              TEXT,
      position          INTEGER NOT NULL,
      PRIMARY KEY (association, trustee_id, appointed_on)
    );
    CREATE INDEX IF NOT EXISTS board_terms_in_office ON board_terms (association, appointed_on, stood_down_on);
    -- Each term as the interval [appointed, stood down) of daySpans.ts, keyed by the term's rowid.
    CREATE VIRTUAL TABLE IF NOT EXISTS board_term_spans USING rtree_i32(id, from_day, to_day);
    CREATE TABLE IF NOT EXISTS board_roles (
      association TEXT NOT NULL,
      trustee_id  TEXT NOT NULL,
      position    INTEGER NOT NULL,
      role        TEXT,
      valid_from  TEXT NOT NULL,
      valid_to    TEXT,
      closed_position INTEGER,
      source      TEXT,
      PRIMARY KEY (association, trustee_id, position)
    );
    CREATE INDEX IF NOT EXISTS board_roles_valid ON board_roles (association, trustee_id, valid_from, valid_to);
    CREATE TABLE IF NOT EXISTS board_size_reports (
      association TEXT NOT NULL,
      position    INTEGER NOT NULL,
      reported_on TEXT NOT NULL,
      size        INTEGER NOT NULL,
      source      TEXT,
      note        TEXT,
      PRIMARY KEY (association, position)
    );
    CREATE INDEX IF NOT EXISTS board_size_reports_on ON board_size_reports (association, reported_on, position);
    CREATE TABLE IF NOT EXISTS board_changes (
      association  TEXT NOT NULL,
      position     INTEGER NOT NULL,
      kind         TEXT NOT NULL,
      effective_on TEXT NOT NULL,
      trustee_id   TEXT NOT NULL,
      role         TEXT,
      reason       TEXT,
      source       TEXT,
      note         TEXT,
      actor        TEXT NOT NULL,
      recorded_at  TEXT NOT NULL,
      PRIMARY KEY (association, position)
    );
    CREATE INDEX IF NOT EXISTS board_changes_on ON board_changes (association, effective_on, position);`,
  tables: [
    { name: 'board_trustees', orderBy: 'association, trustee_id' },
    { name: 'board_terms', orderBy: 'association, trustee_id, appointed_on' },
    { name: 'board_term_spans', orderBy: 'id' },
    { name: 'board_roles', orderBy: 'association, trustee_id, position' },
    { name: 'board_size_reports', orderBy: 'association, position' },
    { name: 'board_changes', orderBy: 'association, position' },
  ],
  prepare(db) {
    const upsertTrustee = db.prepare(
      `INSERT INTO board_trustees (association, trustee_id, name) VALUES (?, ?, ?)
       ON CONFLICT (association, trustee_id) DO UPDATE SET name = excluded.name`,
    );
    const insertTerm = db.prepare(
      `INSERT INTO board_terms (association, trustee_id, appointed_on, source, note, position)
       VALUES (@association, @trusteeId, @appointedOn, @source, @note, @position)`,
    );
    const closeTerm = db.prepare<
      { association: string; trusteeId: string; on: string; reason: string | null; position: bigint },
      { id: number; appointedOn: string }
    >(
      `UPDATE board_terms SET stood_down_on = @on, stood_down_reason = @reason, stood_down_position = @position
       WHERE association = @association AND trustee_id = @trusteeId AND stood_down_on IS NULL
       RETURNING rowid AS id, appointed_on AS appointedOn`,
    );
    const openSpan = db.prepare('INSERT INTO board_term_spans (id, from_day, to_day) VALUES (?, ?, ?)');
    const closeSpan = db.prepare('UPDATE board_term_spans SET to_day = ? WHERE id = ?');
    const openRole = db.prepare(
      `INSERT INTO board_roles (association, trustee_id, position, role, valid_from, source)
       VALUES (@association, @trusteeId, @position, @role, @on, @source)`,
    );
    const closeRole = db.prepare(
      `UPDATE board_roles SET valid_to = @on, closed_position = @position
       WHERE association = @association AND trustee_id = @trusteeId AND valid_to IS NULL`,
    );
    const insertReport = db.prepare(
      `INSERT INTO board_size_reports (association, position, reported_on, size, source, note)
       VALUES (@association, @position, @reportedOn, @size, @source, @note)`,
    );
    const insertChange = db.prepare(
      `INSERT INTO board_changes (association, position, kind, effective_on, trustee_id, role, reason, source, note, actor, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );

    const erase = prepareErasure(db, [
      { table: 'board_trustees', where: 'trustee_id = @personId', columns: ['name'] },
      { table: 'board_terms', where: 'trustee_id = @personId', columns: ['stood_down_reason', 'source', 'note'] },
      { table: 'board_roles', where: 'trustee_id = @personId', columns: ['source'] },
      { table: 'board_changes', where: 'trustee_id = @personId', columns: ['reason', 'source', 'note'] },
    ]);

    const changes = { erase, insertChange, changeDetail: ['trusteeId', 'role', 'reason'] };
    return associationEvents('board', changes, (event, common, change) => {
      const { association } = common;
      switch (event.type) {
        case 'TrusteeAppointed': {
          const { trusteeId, name, role, appointedOn } = event.data;
          upsertTrustee.run(association, trusteeId, name);
          const term = insertTerm.run({ ...common, trusteeId, appointedOn });
          openSpan.run(term.lastInsertRowid, dayNumber(appointedOn), OPEN_END);
          openRole.run({ ...common, trusteeId, role, on: appointedOn });
          change('APPOINTED', appointedOn, { trusteeId, role });
          return;
        }
        case 'TrusteeRoleChanged': {
          const { trusteeId, role, changedOn } = event.data;
          closeRole.run({ association, trusteeId, on: changedOn, position: common.position });
          openRole.run({ ...common, trusteeId, role, on: changedOn });
          change('ROLE_CHANGED', changedOn, { trusteeId, role });
          return;
        }
        case 'TrusteeStoodDown': {
          const { trusteeId, stoodDownOn, reason } = event.data;
          for (const term of closeTerm.all({
            association,
            trusteeId,
            on: stoodDownOn,
            reason: reason ?? null,
            position: common.position,
          })) {
            closeSpan.run(spanEnd(term.appointedOn, stoodDownOn), term.id);
          }
          closeRole.run({ association, trusteeId, on: stoodDownOn, position: common.position });
          change('STOOD_DOWN', stoodDownOn, { trusteeId, reason });
          return;
        }
        case 'BoardSizeReported':
          insertReport.run({ ...common, ...event.data, note: common.note });
          return;
        default:
          return assertNever(event);
      }
    });
  },
});
