// Keyset pages read from either end of a listing: rows strictly between two keys, the first
// `limit` of them or the last `limit`, each through an index (ORDER BY key [DESC] LIMIT n), never
// by loading the listing. One statement per shape of window, prepared on first use.
import type Database from 'better-sqlite3';

/** Which rows of a listing to read; `after` and `before` are keys in the listing's order, both exclusive. */
export interface PageWindow<K> {
  after?: K | null;
  before?: K | null;
  /** Read the last `limit` rows before `before` instead of the first after `after`. */
  fromEnd?: boolean;
  limit: number;
}

export interface KeysetListing<K> {
  /** `SELECT columns FROM tables WHERE filters` with named parameters (`WHERE 1` for none); no ORDER BY or LIMIT. */
  select: string;
  /** The columns that order the listing and identify a row in it, most significant first. */
  key: readonly string[];
  /** The listing runs from the largest key down (e.g. newest first). */
  descending?: boolean;
  /** A key as values for the key columns. */
  values(key: K): readonly unknown[];
}

type Params = Record<string, unknown>;

export class KeysetQuery<P extends Params, Row, K> {
  private readonly statements = new Map<string, Database.Statement<[Params], Row>>();

  constructor(
    private readonly db: Database.Database,
    private readonly listing: KeysetListing<K>,
  ) {}

  /** The rows of the window, always in the listing's order. */
  page(params: P, window: PageWindow<K>): Row[] {
    const hasAfter = window.after !== null && window.after !== undefined;
    const hasBefore = window.before !== null && window.before !== undefined;
    const fromEnd = Boolean(window.fromEnd);
    const bound: Params = { ...params, keysetLimit: window.limit };
    if (hasAfter) this.bind(bound, 'keysetAfter', window.after as K);
    if (hasBefore) this.bind(bound, 'keysetBefore', window.before as K);
    const rows = this.statement(hasAfter, hasBefore, fromEnd).all(bound);
    return fromEnd ? rows.reverse() : rows;
  }

  private bind(params: Params, prefix: string, key: K): void {
    this.listing.values(key).forEach((value, i) => {
      params[`${prefix}${i}`] = value;
    });
  }

  private statement(hasAfter: boolean, hasBefore: boolean, fromEnd: boolean): Database.Statement<[Params], Row> {
    const shape = `${Number(hasAfter)}${Number(hasBefore)}${Number(fromEnd)}`;
    let statement = this.statements.get(shape);
    if (!statement) {
      statement = this.db.prepare<[Params], Row>(this.sql(hasAfter, hasBefore, fromEnd));
      this.statements.set(shape, statement);
    }
    return statement;
  }

  private sql(hasAfter: boolean, hasBefore: boolean, fromEnd: boolean): string {
    const { key, descending = false } = this.listing;
    // A row value, so a composite key compares as one (and SQLite still ranges over its index).
    const tuple = (names: readonly string[]) => (names.length === 1 ? names[0]! : `(${names.join(', ')})`);
    const params = (prefix: string) => tuple(key.map((_, i) => `@${prefix}${i}`));
    const conditions: string[] = [];
    if (hasAfter) conditions.push(`${tuple(key)} ${descending ? '<' : '>'} ${params('keysetAfter')}`);
    if (hasBefore) conditions.push(`${tuple(key)} ${descending ? '>' : '<'} ${params('keysetBefore')}`);
    const direction = descending !== fromEnd ? 'DESC' : 'ASC';
    const where = conditions.map((c) => ` AND ${c}`).join('');
    return `${this.listing.select}${where} ORDER BY ${key.map((k) => `${k} ${direction}`).join(', ')} LIMIT @keysetLimit`;
  }
}
