import type { Tx } from '../db/database';
import { DEFAULT_BUSINESS_CODE } from '../businesses';
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
  const row = await trx
    .selectFrom('stores as s')
    .innerJoin('businesses as b', 'b.id', 's.business_id')
    .select(['b.id as business_id', 'b.timezone', 's.id as store_id'])
    .where('b.code', '=', code)
    .where('s.code', '=', storeCode)
    .executeTakeFirst();
  if (!row) throw notFound(`Store ${code}/${storeCode}`);
  return { businessId: row.business_id, businessCode: code, timezone: row.timezone, storeId: row.store_id, storeCode };
}
