import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deterministicId } from '../../src/app/ids.ts';
import { openServices, type Services } from '../../src/composition.ts';
import { ASSOCIATION, boardStreamId } from '../../src/domain/board/board.ts';
import { boardDecider, type BoardCommand } from '../../src/domain/board/decide.ts';
import { ConstitutionError } from '../../src/domain/errors.ts';
import { boardProjector } from '../../src/projections/board.ts';
import { tempDir } from '../support/tempDir.ts';

/** Stands in for the opaque id an editor's request gets (`trustee-<uuid>`): one id per person in these tests. */
const trusteeIdFor = (name: string) => `trustee-${deterministicId('test trustee', name)}`;

describe('board read model on real SQLite', () => {
  let dir: ReturnType<typeof tempDir>;
  let services: Services;

  beforeEach(async () => {
    dir = tempDir();
    services = await openServices({ DATA_DIR: dir.path });
  });
  afterEach(async () => {
    await services.close();
    dir.remove();
  });

  const run = (command: BoardCommand, source = 'test') =>
    services.commands.execute(boardDecider, boardStreamId(), command, { actor: 'ed', source });
  const appoint = (name: string, appointedOn: string, role: string | null = null) =>
    run(
      { type: 'AppointTrustee', data: { trusteeId: trusteeIdFor(name), name, role, appointedOn } },
      `appointment of ${name}`,
    );
  const board = (asOf: string) => services.board.board(ASSOCIATION, asOf);
  const names = (asOf: string) => board(asOf).trustees.map((t) => t.name);

  async function history() {
    await appoint('Richard Burrows', '2020-03-01', 'chair');
    await run({ type: 'ReportBoardSize', data: { size: 2, reportedOn: '2020-03-01' } });
    await appoint('Deborah Hodes', '2020-12-01');
    await appoint('Nazir Afzal', '2020-12-01');
    await run({
      type: 'ChangeTrusteeRole',
      data: { trusteeId: trusteeIdFor('Nazir Afzal'), role: 'treasurer', changedOn: '2021-06-01' },
    });
    await run({
      type: 'RecordTrusteeStandingDown',
      data: { trusteeId: trusteeIdFor('Deborah Hodes'), stoodDownOn: '2022-01-01', reason: 'Moved on' },
    });
  }

  it('answers who was in office on a date from the validity ranges, the stand-down day excluded', async () => {
    await history();
    expect(names('2020-02-29')).toEqual([]);
    expect(names('2020-03-01')).toEqual(['Richard Burrows']);
    expect(names('2021-12-31')).toEqual(['Richard Burrows', 'Deborah Hodes', 'Nazir Afzal']);
    expect(names('2022-01-01')).toEqual(['Richard Burrows', 'Nazir Afzal']);
  });

  it('gives each trustee the role held on the date asked for', async () => {
    await history();
    const role = (asOf: string) => board(asOf).trustees.find((t) => t.trusteeId === trusteeIdFor('Nazir Afzal'))?.role;
    expect(role('2021-05-31')).toBeNull();
    expect(role('2021-06-01')).toBe('treasurer');
    expect(
      services.board.roles(ASSOCIATION, [trusteeIdFor('Nazir Afzal')]).map((r) => [r.role, r.validFrom, r.validTo]),
    ).toEqual([
      [null, '2020-12-01', '2021-06-01'],
      ['treasurer', '2021-06-01', null],
    ]);
  });

  it('keeps the latest reported size on or before the date', async () => {
    await history();
    expect(board('2020-04-01')).toMatchObject({ report: { size: 2, reportedOn: '2020-03-01' } });
    expect(board('2021-01-01')).toMatchObject({ report: { size: 2 } });
    expect(board('2019-01-01')).toMatchObject({ trustees: [], report: null });
  });

  it('lists the changes in a window oldest first, with their sources', async () => {
    await history();
    const changes = services.board.changes(ASSOCIATION, '2020-12-01', '2022-01-01');
    expect(changes.map((c) => [c.kind, c.effectiveOn, c.trusteeId])).toEqual([
      ['APPOINTED', '2020-12-01', trusteeIdFor('Deborah Hodes')],
      ['APPOINTED', '2020-12-01', trusteeIdFor('Nazir Afzal')],
      ['ROLE_CHANGED', '2021-06-01', trusteeIdFor('Nazir Afzal')],
      ['STOOD_DOWN', '2022-01-01', trusteeIdFor('Deborah Hodes')],
    ]);
    expect(changes[0]?.source).toBe('appointment of Deborah Hodes');
    expect(changes[3]?.reason).toBe('Moved on');
  });

  it('keeps a reappointed trustee as a second term', async () => {
    await history();
    await appoint('Deborah Hodes', '2023-01-01', 'vice-chair');
    expect(names('2022-06-01')).not.toContain('Deborah Hodes');
    expect(board('2023-01-01').trustees.find((t) => t.name === 'Deborah Hodes')).toMatchObject({
      appointedOn: '2023-01-01',
      role: 'vice-chair',
    });
    expect(services.board.trustees(ASSOCIATION, [trusteeIdFor('Deborah Hodes')])).toMatchObject([
      { appointedOn: '2023-01-01', stoodDownOn: null },
    ]);
  });

  it('refuses a thirteenth trustee and appends nothing', async () => {
    for (let i = 1; i <= 12; i += 1) await appoint(`Trustee ${i}`, '2022-01-01');
    const head = await services.store.headPosition();
    await expect(appoint('Trustee 13', '2022-02-01')).rejects.toBeInstanceOf(ConstitutionError);
    expect(await services.store.headPosition()).toBe(head);
    expect(board('2022-02-01').trustees).toHaveLength(12);
  });

  it('catches up a projector new to an existing read database without applying anything twice to the others', async () => {
    await history();
    const live = services.runner.checksum();
    // As a read database written before the board projector existed: no board rows, no checkpoint.
    for (const t of boardProjector.tables) services.readDb.exec(`DELETE FROM ${t.name}`);
    services.readDb.exec("DELETE FROM projection_checkpoints WHERE projector = 'board'");
    await services.close();
    services = await openServices({ DATA_DIR: dir.path });
    await services.runner.catchUp();
    expect(services.runner.status().failure).toBeNull();
    expect(services.runner.checksum()).toBe(live);
  });

  it('rebuilds to the same checksum', async () => {
    await history();
    const live = services.runner.checksum();
    await services.runner.rebuild();
    expect(services.runner.checksum()).toBe(live);
    expect(names('2021-12-31')).toHaveLength(3);
  });
});
