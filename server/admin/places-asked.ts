import type { BackOfficeDb } from '../db/database';
import { businessByCode, storeByCode, storeIdsByCode } from '../place-codes';

/** The filter of an admin list: a business's and a store's code, as typed. */
export interface PlacesQuery {
  businessCode?: string | undefined;
  storeCode?: string | undefined;
}

/**
 * The business and stores a list's codes name (the exact spelling, or 409 when two differ only
 * in case): `undefined` where no code was given, `null` when a code names nothing (an empty list).
 * A store code without a business takes, in each business, the store that code names there.
 */
export async function placesAsked(
  store: BackOfficeDb,
  query: PlacesQuery,
): Promise<{ businessId: string | undefined; storeIds: string[] | undefined } | null> {
  const business = query.businessCode ? await businessByCode(store.db, query.businessCode) : undefined;
  if (query.businessCode && !business) return null;
  let storeIds: string[] | undefined;
  if (query.storeCode) {
    if (business) {
      const shop = await storeByCode(store.db, business.id, query.storeCode);
      storeIds = shop ? [shop.id] : [];
    } else storeIds = await storeIdsByCode(store.db, query.storeCode);
    if (storeIds.length === 0) return null;
  }
  return { businessId: business?.id, storeIds };
}
