import type { TillProfile } from '../../protocol';
import type { TerminalDb } from '../store/terminal-db';
import { CashierRoster } from '../cashiers/cashier-roster';
import { TerminalSettings } from '../store/terminal-settings';
import { InvoiceProfileStore } from './invoice-profile-store';
import { issuerOf, machineOf } from './sales-invoice';
import { documentTime, documentTimeZone } from './document-dates';

/** What the electronic journal's copy of a return slip or a reading needs beyond the document: its head, and people's names. */
export interface DocumentContext {
  /** Who issues it and on which machine, then the store and terminal: as its printed form carries them (renderer/DocumentIssuer.tsx). */
  head: string[];
  /** A cashier's or manager's name from their code, as the printed form names them (the code when they left the roster). */
  nameOf(code: string): string;
  /** A moment as the document prints it: the business's wall clock (documentTime). */
  timeOf(iso: string): string;
  /** That clock's time zone (the profile's; Asia/Manila until the till has one). */
  timeZone: string;
}

/**
 * Before the profile is pulled, the head says what is missing. Read from the till's own
 * tables: the pairing's codes (TerminalSettings.storedPlace), the roster for names.
 */
export function documentContextOf(db: TerminalDb, issuedUnder?: TillProfile): DocumentContext {
  // A document kept with the profile it was issued under (a Z reading) prints that one's head, as on its first print.
  const profile = issuedUnder ?? new InvoiceProfileStore(db).read()?.profile ?? null;
  const place = new TerminalSettings(db).storedPlace();
  const roster = new CashierRoster(db);
  return {
    head: [
      ...issuerOf(profile, place?.businessCode ?? '').filter((line) => line !== ''),
      ...machineOf(profile),
      `Store ${place?.storeCode ?? '?'} · Terminal ${place?.terminalCode ?? '?'}`,
    ],
    nameOf: (code) => roster.nameOf(code) ?? code,
    timeOf: (iso) => documentTime(iso, documentTimeZone(profile)),
    timeZone: documentTimeZone(profile),
  };
}
