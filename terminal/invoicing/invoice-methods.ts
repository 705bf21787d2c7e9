import type { TerminalDb } from '../store/terminal-db';
import type { TerminalApi } from '../terminal-api';
import { bnpcWeekAtTill, capsOf, timezoneOf } from './benefits-at-till';
import type { InvoiceProfileStore } from './invoice-profile-store';
import type { BnpcWeekArgs } from './invoice-schemas';

type InvoiceApi = Pick<TerminalApi, 'invoiceProfile' | 'bnpcWeek'>;

/** The TerminalApi methods of the sales invoice (their arguments are checked by the hosts: callTerminalMethod). */
/** `requireSignedIn`: a person's purchases are read by someone signed in only (role signed_in in the method table). */
export function invoiceApi(db: TerminalDb, profiles: InvoiceProfileStore, open: () => void, requireSignedIn: () => void): InvoiceApi {
  return {
    async invoiceProfile() {
      open();
      return profiles.read();
    },
    async bnpcWeek(raw) {
      open();
      requireSignedIn();
      const { idNumber }: BnpcWeekArgs = raw;
      const profile = profiles.read();
      return { ...bnpcWeekAtTill(db, idNumber, new Date(), timezoneOf(profile)), ...capsOf(profile) };
    },
  };
}
