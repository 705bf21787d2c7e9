import type { Tx } from '../db/database';
import { DEFAULT_BUSINESS_CODE } from '../businesses';
import { businessByCode, storeByCode } from '../place-codes';
import { notFound } from '../problem';

/** A store as a document names it: by business and store code. */
export interface StorePlace {
  businessId: string;
  businessCode: string;
  timezone: string;
  storeId: string;
  storeCode: string;
}

export async function findStore(trx: Tx, businessCode: string | undefined, storeCode: string): Promise<StorePlace> {
  const code = businessCode ?? DEFAULT_BUSINESS_CODE;
  // Codes as a person types them, whatever their case (server/place-codes.ts).
  const business = await businessByCode(trx, code);
  const store = business && (await storeByCode(trx, business.id, storeCode));
  if (!business || !store) throw notFound(`Store ${code}/${storeCode}`);
  return { businessId: business.id, businessCode: business.code, timezone: business.timezone, storeId: store.id, storeCode: store.code };
}
