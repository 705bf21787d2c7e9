import { extendedPriceMinor, qtyToMilli } from '../../protocol/sale-total';
import type { CatalogCache } from '../catalog/catalog-cache';
import type { PayArgs } from '../terminal-api';

/**
 * A sale's lines on the catalog's terms, whatever the caller sent (the screen sends the
 * catalog's own; a script calling the till's API need not: found by a black-box probe, a
 * cashier's ₱245.00 of sardines sold at ₱0.10, VAT-exempt, with no manager asked):
 * - a product's tax is the catalog's (its price holds the VAT, so what is due does not
 *   change; the VAT breakdown and the senior citizen's 20% are then the product's own);
 * - a price under the catalog's is a discount like any other: `belowCatalogMinor` counts
 *   towards the cashier's limit, past which a manager approves it (CashierDesk.prepareSale).
 * A product the catalog does not have (not pulled yet, or gone since) is taken as sent; a
 * price above the catalog's too (a price lowered while the cart was open: the customer was
 * shown the price they pay, and the back office flags the difference).
 */
export function onCatalogTerms(args: PayArgs, catalog: CatalogCache): { args: PayArgs; belowCatalogMinor: number } {
  let belowCatalogMinor = 0;
  const lines = args.lines.map((line) => {
    const terms = catalog.terms(line.sku);
    if (terms === null) return line;
    const milli = qtyToMilli(line.qty) ?? 0;
    belowCatalogMinor += Math.max(0, extendedPriceMinor(milli, terms.priceMinor) - extendedPriceMinor(milli, line.unitPriceMinor));
    if ((line.taxCode ?? null) === terms.taxCode) return line;
    const { taxCode: _sent, ...rest } = line;
    return terms.taxCode === null ? rest : { ...rest, taxCode: terms.taxCode };
  });
  return { args: { ...args, lines }, belowCatalogMinor };
}
