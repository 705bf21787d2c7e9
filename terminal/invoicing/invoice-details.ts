import type { TillProfile } from '../../protocol';

/**
 * What a sales invoice must show about its seller and machine (docs/compliance.md) that the
 * till's profile lacks, in the words the status bar says them to a cashier, who tells a
 * manager: an invoice printed meanwhile says "not set in the back office" in their place.
 * Empty when the till can issue a complete invoice.
 */
export function missingInvoiceDetails(profile: TillProfile | null, untaxed: { count: number; names: string[] } = { count: 0, names: [] }): string[] {
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
  const more = untaxed.count - untaxed.names.length;
  const named = `${untaxed.names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  // A VAT-registered business's product without a tax code prints as VAT-exempt: said until the catalog gives it one.
  missing.push([
    (business?.vatRegistered ?? false) && untaxed.count > 0,
    `the tax code of ${untaxed.count === 1 ? '1 product' : `${untaxed.count} products`} (${named}: printed as VAT-exempt until set)`,
  ]);
  return missing.filter(([lacking]) => lacking).map(([, words]) => words);
}
