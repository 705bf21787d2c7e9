import type { TerminalDb } from '../store/terminal-db';
import { TerminalError } from '../terminal-error';
import type { AddCashierArgs, Cashier, Role } from './cashier-api';
import { hashPin, pinMatches } from './pin-hash';

interface CashierRow {
  code: string;
  name: string;
  role: Role;
  pin_salt: string;
  pin_hash: string;
  demo_pin: string | null;
}

const cashierOf = (row: CashierRow): Cashier => ({ code: row.code, name: row.name, role: row.role });

/**
 * The people who may sign in at this terminal (SQLite table `cashiers`). PINs are unique on
 * the roster, because signing in is by PIN alone.
 */
export class CashierRoster {
  // Asked by every pay(): prepared once.
  private readonly counted;
  private readonly named;

  constructor(private readonly db: TerminalDb) {
    this.counted = db.prepare('SELECT COUNT(*) FROM cashiers').pluck();
    this.named = db.prepare<[string], string>('SELECT name FROM cashiers WHERE code = ?').pluck();
  }

  /** A person's name from their code, as the documents print it; null when they are not (or no longer) on the roster. */
  nameOf(code: string): string | null {
    return this.named.get(code) ?? null;
  }

  private rows(): CashierRow[] {
    return this.db.prepare('SELECT code, name, role, pin_salt, pin_hash, demo_pin FROM cashiers ORDER BY name').all() as CashierRow[];
  }

  count(): number {
    return this.counted.get() as number;
  }

  list(): Cashier[] {
    return this.rows().map(cashierOf);
  }

  /** The person whose PIN this is, or null. */
  byPin(pin: string): Cashier | null {
    const row = this.rows().find((r) => pinMatches(pin, { salt: r.pin_salt, hash: r.pin_hash }));
    return row ? cashierOf(row) : null;
  }

  /** A manager's PIN, checked by the core for every approval; null when it is not a manager's. */
  managerByPin(pin: string): Cashier | null {
    const person = this.byPin(pin);
    return person?.role === 'manager' ? person : null;
  }

  add(args: AddCashierArgs, options: { demo?: boolean } = {}, now = new Date()): Cashier {
    if (this.db.prepare('SELECT 1 FROM cashiers WHERE code = ?').get(args.code) !== undefined) {
      throw new TerminalError('cashier_exists', `There is already someone with the code "${args.code}".`);
    }
    this.refuseTakenPin(args.pin, null);
    const { salt, hash } = hashPin(args.pin);
    const at = now.toISOString();
    this.db
      .prepare('INSERT INTO cashiers (code, name, role, pin_salt, pin_hash, demo_pin, created_at, pin_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(args.code, args.name, args.role, salt, hash, options.demo ? args.pin : null, at, at);
    return { code: args.code, name: args.name, role: args.role };
  }

  resetPin(code: string, pin: string, now = new Date()): void {
    if (this.db.prepare('SELECT 1 FROM cashiers WHERE code = ?').get(code) === undefined)
      throw new TerminalError('not_found', `No one has the code "${code}".`);
    this.refuseTakenPin(pin, code);
    const { salt, hash } = hashPin(pin);
    // A reset PIN is no longer the demo one: the sign-in screen stops showing it.
    this.db
      .prepare('UPDATE cashiers SET pin_salt = ?, pin_hash = ?, demo_pin = NULL, pin_changed_at = ? WHERE code = ?')
      .run(salt, hash, now.toISOString(), code);
  }

  demoPeople(): { name: string; role: Role; pin: string }[] {
    return this.rows().flatMap((r) => (r.demo_pin === null ? [] : [{ name: r.name, role: r.role, pin: r.demo_pin }]));
  }

  private refuseTakenPin(pin: string, exceptCode: string | null): void {
    const holder = this.byPin(pin);
    if (holder !== null && holder.code !== exceptCode)
      throw new TerminalError('pin_in_use', 'Someone else already signs in with this PIN: choose another.');
  }
}
