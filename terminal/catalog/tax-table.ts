import type { Statement } from 'better-sqlite3';
import type { TaxRate } from '../money/vat-split';
import type { TerminalDb } from '../store/terminal-db';

/** The catalog's taxes by code (table `taxes`, replaced whole by every catalog page). */
export class TaxTable {
  private readonly all: Statement<[]>;

  constructor(db: TerminalDb) {
    this.all = db.prepare<[]>('SELECT code, name, rate_basis_points AS rateBasisPoints, inclusive FROM taxes ORDER BY code');
  }

  list(): TaxRate[] {
    return (this.all.all() as (Omit<TaxRate, 'inclusive'> & { inclusive: number })[]).map((t) => ({ ...t, inclusive: t.inclusive === 1 }));
  }

  byCode(): Map<string, TaxRate> {
    return new Map(this.list().map((t) => [t.code, t]));
  }
}
