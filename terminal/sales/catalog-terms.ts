import type { CatalogCache } from '../catalog/catalog-cache';
import type { PayArgs } from '../terminal-api';

/**
 * A sale's lines with the catalog's tax, whatever the caller sent (the screen sends the
 * catalog's own; a script calling the till's API need not: found by a black-box probe, a
 * product sold "VAT_EXEMPT" that the catalog taxes). Its price holds the VAT, so what is due
 * does not change; the VAT breakdown and a senior citizen's 20% are then the product's own.
 * A product the catalog does not have (not pulled yet, or gone since) is taken as sent.
 *
 * The price is taken as sent: a cart keeps the price a product had when it was scanned, and
 * a catalog pull may change it before the cart is paid (a price under the catalog's is not a
 * discount the till can ask a manager for). The back office flags a price that is not the
 * catalog's (`price_differs`).
 */
export function onCatalogTerms(args: PayArgs, catalog: CatalogCache): PayArgs {
  const lines = args.lines.map((line) => {
    const terms = catalog.terms(line.sku);
    if (terms === null || (line.taxCode ?? null) === terms.taxCode) return line;
    const { taxCode: _sent, ...rest } = line;
    return terms.taxCode === null ? rest : { ...rest, taxCode: terms.taxCode };
  });
  return { ...args, lines };
}
