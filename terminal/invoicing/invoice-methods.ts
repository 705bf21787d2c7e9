import { bnpcWeekOf, type BnpcWeek } from '../../protocol';
import type { TerminalDb } from '../store/terminal-db';
import type { TerminalApi } from '../terminal-api';
import { bnpcWeekAtTill, capsOf, timezoneOf } from './benefits-at-till';
import type { InvoiceProfileStore } from './invoice-profile-store';
import type { BnpcWeekArgs } from './invoice-schemas';

type InvoiceApi = Pick<TerminalApi, 'invoiceProfile' | 'bnpcWeek'>;

/** The TerminalApi methods of the sales invoice (their arguments are checked by the hosts: callTerminalMethod). */
/** `requireSignedIn`: a person's purchases are read by someone signed in only (role signed_in in the method table). */
/** `elsewhere`: the person's week at the other tills, from the back office (null: it cannot say now; bnpc-week-elsewhere.ts). */
export function invoiceApi(
  db: TerminalDb,
  profiles: InvoiceProfileStore,
  open: () => void,
  requireSignedIn: () => void,
  elsewhere: (idNumber: string, weekStartsAt: string) => Promise<BnpcWeek | null>,
): InvoiceApi {
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
      const now = new Date();
      const here = bnpcWeekAtTill(db, idNumber, now, timezoneOf(profile));
      // Online, the caps count every till of the business: theirs from the back office, this till's own here.
      const there = await elsewhere(idNumber.trim(), bnpcWeekOf(now.toISOString(), timezoneOf(profile)).startsAt);
      return {
        purchasesMinor: here.purchasesMinor + (there?.purchasesMinor ?? 0),
        discountMinor: here.discountMinor + (there?.discountMinor ?? 0),
        ...capsOf(profile),
        counted: there === null ? ('this_till' as const) : ('every_till' as const),
      };
    },
  };
}
