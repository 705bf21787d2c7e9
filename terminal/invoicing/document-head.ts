import type { TerminalDb } from '../store/terminal-db';
import { InvoiceProfileStore } from './invoice-profile-store';
import { issuerOf, machineOf } from './sales-invoice';

/**
 * Who issues a document and on which machine, as the electronic journal keeps it above a
 * return slip or a reading (their printed forms carry the same head: renderer/DocumentIssuer.tsx).
 * Before the profile is pulled, the lines say what is missing.
 */
export function documentHeadOf(db: TerminalDb): string[] {
  const profile = new InvoiceProfileStore(db).read()?.profile ?? null;
  return [...issuerOf(profile, '').filter((line) => line !== ''), ...machineOf(profile)];
}
