import type { Statement } from 'better-sqlite3';
import { uuidv7 } from 'uuidv7';
import { extendedPriceMinor, qtyToMilli } from '../../protocol/sale-total';
import type { TerminalDb } from '../store/terminal-db';
import type { TerminalSettings } from '../store/terminal-settings';
import type { PayArgs } from '../terminal-api';
import { TerminalError } from '../terminal-error';
import {
  foldCashierCode,
  type AddCashierArgs,
  type Approval,
  type ApproveArgs,
  type Cashier,
  type ResetPinArgs,
  type SignInArgs,
  type SignInHelp,
} from './cashier-api';
import { CashierRoster } from './cashier-roster';

/**
 * The PIN pad's rest: five wrong PINs within an hour rest it half a minute, and each one more
 * within that hour doubles the rest, up to a quarter of an hour. A right PIN does not wipe the
 * count: a cashier's own PIN typed between guesses would otherwise let a 4-digit manager PIN
 * be found in minutes. The hour is longer than the longest rest, so the rests do grow: a
 * script that keeps guessing gets a few a hour (tests/terminal/cashiers.test.ts).
 */
const WRONG_PIN_WINDOW_MS = 60 * 60_000;
const WRONG_PIN_LIMIT = 5;
const WRONG_PIN_REST_MS = 30_000;
const WRONG_PIN_LONGEST_REST_MS = 15 * 60_000;

/** "20 seconds", "4 minutes": how long the pad still rests, as the cashier reads it. */
function restLeft(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds <= 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** The TerminalApi methods about who is at the counter (already checked against their schemas). */
export interface CashierMethods {
  signIn(args: SignInArgs): Cashier;
  signOut(): void;
  currentCashier(): Cashier | null;
  signInHelp(): SignInHelp;
  listCashiers(): Cashier[];
  addCashier(args: AddCashierArgs): Cashier;
  resetPin(args: ResetPinArgs): void;
  approve(args: ApproveArgs): Approval;
}

/**
 * Who is ringing up, and what a manager allowed. The core, not the screen, decides:
 * a sale carries the signed-in cashier's code, manager-only calls check the role, and a
 * discount above the configured limit is refused at pay() without a manager's approval.
 */
export class CashierDesk implements CashierMethods {
  readonly roster: CashierRoster;
  private signedIn: Cashier | null = null;
  private readonly wrongPins: { recent: Statement; add: Statement; forget: Statement };

  constructor(
    private readonly db: TerminalDb,
    private readonly settings: TerminalSettings,
    private readonly clock: () => number = Date.now,
  ) {
    this.roster = new CashierRoster(db);
    this.wrongPins = {
      recent: db.prepare('SELECT at FROM wrong_pins WHERE at > ? ORDER BY at').pluck(),
      add: db.prepare('INSERT INTO wrong_pins (at) VALUES (?)'),
      forget: db.prepare('DELETE FROM wrong_pins WHERE at <= ?'),
    };
  }

  signIn({ pin }: SignInArgs): Cashier {
    const person = this.byPin(pin);
    if (person === null) throw new TerminalError('pin_wrong', 'That PIN is not on this terminal’s roster.');
    this.signedIn = person;
    return person;
  }

  signOut(): void {
    this.signedIn = null;
  }

  currentCashier(): Cashier | null {
    return this.signedIn;
  }

  signInHelp(): SignInHelp {
    return { firstRun: this.roster.count() === 0, demoPeople: this.roster.demoPeople() };
  }

  listCashiers(): Cashier[] {
    this.requireManager('see the roster');
    return this.roster.list();
  }

  /** A manager adds people; on a terminal with nobody yet, the first person must be a manager. */
  addCashier(args: AddCashierArgs): Cashier {
    if (this.roster.count() === 0) {
      if (args.role !== 'manager') throw new TerminalError('not_allowed', 'The first person on a terminal must be a manager.');
    } else this.requireManager('add people');
    return this.roster.add({ ...args, code: foldCashierCode(args.code) });
  }

  resetPin(args: ResetPinArgs): void {
    this.requireManager('reset a PIN');
    this.roster.resetPin(foldCashierCode(args.code), args.pin);
  }

  /** A manager's PIN for an action away from the cart (refund, queue void, shift): same rest after wrong PINs. */
  confirmManager(pin: string, what: string): Cashier {
    const person = this.byPin(pin);
    if (person === null) throw new TerminalError('pin_wrong', 'That PIN is not on this terminal’s roster.');
    if (person.role !== 'manager')
      throw new TerminalError('not_allowed', `${person.name} is not a manager: a manager must enter their PIN to ${what}.`);
    return person;
  }

  approve(args: ApproveArgs): Approval {
    const person = this.byPin(args.pin);
    if (person === null) throw new TerminalError('pin_wrong', 'That PIN is not on this terminal’s roster.');
    if (person.role !== 'manager') throw new TerminalError('not_allowed', `${person.name} is not a manager: a manager must enter their PIN.`);
    const approval: Approval = {
      id: uuidv7(),
      action: args.action,
      cartKey: args.cartKey,
      amountMinor: args.amountMinor,
      managerCode: person.code,
      managerName: person.name,
      approvedAt: new Date(this.clock()).toISOString(),
    };
    this.db
      .prepare(
        'INSERT INTO approvals (id, action, cart_key, amount_minor, manager_code, cashier_code, note, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        approval.id,
        approval.action,
        approval.cartKey,
        approval.amountMinor,
        approval.managerCode,
        this.signedIn?.code ?? null,
        args.note ?? null,
        approval.approvedAt,
      );
    return approval;
  }

  /** npm start's demo people; their PINs are shown on the sign-in screen. Skips anyone already there. */
  seedDemoPeople(people: readonly AddCashierArgs[]): void {
    const known = new Set(this.roster.list().map((c) => c.code));
    for (const person of people) if (!known.has(person.code)) this.roster.add(person, { demo: true });
  }

  /**
   * What pay() records: the signed-in cashier's code (a terminal with no roster yet keeps
   * the code it was given), once a discount above the limit has a manager's approval.
   */
  /** Someone on the roster is signed in (a till with nobody on its roster yet works as its first user). */
  requireSignedIn(what: string): void {
    if (this.roster.count() > 0 && this.signedIn === null) throw new TerminalError('not_signed_in', `Sign in with your PIN to ${what}.`);
  }

  /** `benefitMinor`: the senior citizen / PWD discounts in the cart, already checked against the law's rule; they need no manager. */
  prepareSale(args: PayArgs, benefitMinor = 0): PayArgs {
    let cashier = args.cashier;
    if (this.roster.count() > 0) {
      if (this.signedIn === null) throw new TerminalError('not_signed_in', 'Sign in with your PIN before taking payment.');
      cashier = this.signedIn.code;
    }
    const discountMinor = args.lines.reduce((sum, l) => sum + (l.discountMinor ?? 0), 0) - benefitMinor;
    if (discountMinor > 0 && discountMinor > this.discountLimitMinor(args)) {
      const approved = this.db
        .prepare("SELECT MAX(amount_minor) FROM approvals WHERE cart_key = ? AND action = 'discount'")
        .pluck()
        .get(args.cartKey) as number | null;
      if (approved === null || approved < discountMinor) {
        throw new TerminalError('approval_required', `A discount of ${discountMinor} centavos is above the limit: a manager must approve it.`);
      }
    }
    return { ...args, cashier };
  }

  private discountLimitMinor(args: PayArgs): number {
    const gross = args.lines.reduce((sum, l) => sum + extendedPriceMinor(qtyToMilli(l.qty) ?? 0, l.unitPriceMinor), 0);
    return Math.floor((gross * this.settings.settings().discountApprovalPercent) / 100);
  }

  /**
   * The manager desk's data (the queue export): only a signed-in manager. A terminal with
   * nobody on its roster yet has no one to ask, as with pay().
   */
  requireSignedInManager(what: string): void {
    if (this.roster.count() > 0) this.requireManager(what);
  }

  /**
   * What may change where sales go or what a cashier may do (settings, pairing again,
   * unpairing, voiding a queued write): a manager signed in at this till, checked by the
   * core whatever the screen shows. Refused with `manager_required`.
   */
  requireManagerHere(what: string): Cashier {
    const person = this.signedIn;
    if (person?.role === 'manager') return person;
    const who = person === null ? 'Nobody is signed in' : `${person.name} is signed in as a ${person.role}`;
    const first = this.roster.count() === 0 ? ' This till has nobody on its roster yet: add its first manager, sign in as them, then try again.' : '';
    throw new TerminalError('manager_required', `${who}: a manager must sign in at this till to ${what}.${first}`);
  }

  /** Whether anyone on the roster is a manager (a never-paired till without one may be paired by its installer). */
  hasManager(): boolean {
    return this.roster.list().some((person) => person.role === 'manager');
  }

  private requireManager(what: string): Cashier {
    const person = this.signedIn;
    if (person === null) throw new TerminalError('not_signed_in', `Sign in as a manager to ${what}.`);
    if (person.role !== 'manager') throw new TerminalError('not_allowed', `Only a manager may ${what}.`);
    return person;
  }

  /** Wrong PINs make the pad rest a while (WRONG_PIN_LIMIT): 4 digits are guessed fast otherwise. */
  private byPin(pin: string): Cashier | null {
    // Nobody to guess: at first setup an installer's tries must not rest the pad before the
    // first manager exists (probe finding 5). Said, with the way out, and not counted.
    if (this.roster.count() === 0) {
      throw new TerminalError(
        'no_people_yet',
        'This till has nobody on its roster yet: add its first manager (the sign-in screen offers "Create the first manager"; addCashier with role manager), then sign in with their PIN.',
      );
    }
    const now = this.clock();
    const recent = this.wrongPins.recent.all(now - WRONG_PIN_WINDOW_MS) as number[];
    const last = recent.at(-1);
    if (last !== undefined && recent.length >= WRONG_PIN_LIMIT) {
      const rest = Math.min(WRONG_PIN_REST_MS * 2 ** (recent.length - WRONG_PIN_LIMIT), WRONG_PIN_LONGEST_REST_MS);
      if (now < last + rest)
        throw new TerminalError('pin_locked', `Too many wrong PINs: the PIN pad rests for ${restLeft(last + rest - now)}. Try again then.`);
    }
    const person = this.roster.byPin(pin);
    if (person !== null) return person;
    this.db.transaction(() => {
      this.wrongPins.forget.run(now - WRONG_PIN_WINDOW_MS);
      this.wrongPins.add.run(now);
    })();
    return null;
  }
}
