import type { TillProfile } from '../../protocol';

/**
 * What a sales invoice must show about its seller and machine (docs/compliance.md) that the
 * till's profile lacks, in the words the status bar says them to a cashier, who tells a
 * manager: an invoice printed meanwhile says "not set in the back office" in their place.
 * Empty when the till can issue a complete invoice.
 */
export function missingInvoiceDetails(profile: TillProfile | null): string[] {
  const business = profile?.business ?? null;
  const machine = profile?.machine ?? null;
  const blank = (text: string | undefined) => text === undefined || text.trim() === '';
  const missing: [boolean, string][] = [
    [blank(business?.registeredName), 'registered name'],
    [blank(business?.tin), 'TIN'],
    [blank(business?.address), 'business address'],
    [blank(machine?.min), 'MIN'],
    [blank(machine?.serialNumber), 'serial number'],
    [blank(machine?.permitNumber) || blank(machine?.permitDate), 'PTU No. and date issued'],
    // All of it or none: the back office keeps the supplier whole (its name, address, TIN and accreditation).
    [(business?.posSupplier ?? null) === null, "POS supplier's name, TIN and accreditation"],
  ];
  return missing.filter(([lacking]) => lacking).map(([, words]) => words);
}
