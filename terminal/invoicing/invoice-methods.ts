import type { TerminalDb } from '../store/terminal-db';
import { terminalApiArgs, type TerminalApi } from '../terminal-api';
import { checkArgs } from '../terminal-error';
import { bnpcWeekAtTill, capsOf, timezoneOf } from './benefits-at-till';
import type { InvoiceProfileStore } from './invoice-profile-store';
import type { BnpcWeekArgs } from './invoice-schemas';

type InvoiceApi = Pick<TerminalApi, 'invoiceProfile' | 'bnpcWeek'>;

/** The TerminalApi methods of the sales invoice, each checking its argument at the seam. */
export function invoiceApi(db: TerminalDb, profiles: InvoiceProfileStore, open: () => void): InvoiceApi {
  return {
    async invoiceProfile() {
      open();
      return profiles.read();
    },
    async bnpcWeek(raw) {
      open();
      const { idNumber } = checkArgs<BnpcWeekArgs>(terminalApiArgs.bnpcWeek, raw, 'bnpcWeek');
      const profile = profiles.read();
      return { ...bnpcWeekAtTill(db, idNumber, new Date(), timezoneOf(profile)), ...capsOf(profile) };
    },
  };
}
