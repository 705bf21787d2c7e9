import type { Tax } from '../../protocol/catalog';
import type { TerminalDb } from '../store/terminal-db';
import { terminalApiArgs, type TerminalApi } from '../terminal-api';
import { checkArgs } from '../terminal-error';
import type { AddCashierArgs, ApproveArgs, ResetPinArgs, SignInArgs } from './cashier-api';
import type { CashierDesk } from './cashier-desk';

type CashierApi = Pick<
  TerminalApi,
  'signIn' | 'signOut' | 'currentCashier' | 'signInHelp' | 'listCashiers' | 'addCashier' | 'resetPin' | 'approve' | 'listTaxes'
>;

/** The TerminalApi methods of the cashier desk, each checking its argument at the seam. */
export function cashierApi(desk: CashierDesk, db: TerminalDb, open: () => void): CashierApi {
  return {
    async signIn(raw) {
      open();
      return desk.signIn(checkArgs<SignInArgs>(terminalApiArgs.signIn, raw, 'signIn'));
    },
    async signOut() {
      open();
      desk.signOut();
    },
    async currentCashier() {
      open();
      return desk.currentCashier();
    },
    async signInHelp() {
      open();
      return desk.signInHelp();
    },
    async listCashiers() {
      open();
      return desk.listCashiers();
    },
    async addCashier(raw) {
      open();
      return desk.addCashier(checkArgs<AddCashierArgs>(terminalApiArgs.addCashier, raw, 'addCashier'));
    },
    async resetPin(raw) {
      open();
      desk.resetPin(checkArgs<ResetPinArgs>(terminalApiArgs.resetPin, raw, 'resetPin'));
    },
    async approve(raw) {
      open();
      return desk.approve(checkArgs<ApproveArgs>(terminalApiArgs.approve, raw, 'approve'));
    },
    /** The catalog's taxes, for the VAT breakdown on screen and on the receipt. */
    async listTaxes() {
      open();
      const rows = db.prepare('SELECT code, name, rate_basis_points AS rateBasisPoints, inclusive FROM taxes ORDER BY code').all() as (Omit<
        Tax,
        'inclusive'
      > & { inclusive: number })[];
      return rows.map((t) => ({ ...t, inclusive: t.inclusive === 1 }));
    },
  };
}
