import type { Tax } from '../../protocol/catalog';
import type { TerminalDb } from '../store/terminal-db';
import type { TerminalApi } from '../terminal-api';
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
      return desk.signIn(raw);
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
      return desk.addCashier(raw);
    },
    async resetPin(raw) {
      open();
      desk.resetPin(raw);
    },
    async approve(raw) {
      open();
      return desk.approve(raw);
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
