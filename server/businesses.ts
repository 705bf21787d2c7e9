import { rowId } from './db/row-ids';
import type { Tx } from './db/database';
import type { BackOfficeDb } from './db/database';
import { isValidTimeZone } from './numbering/series-format';
import { notFound, Problem } from './problem';

export const DEFAULT_BUSINESS_CODE = 'MAIN';
export const DEFAULT_STORE_CODE = 'MAIN';

/** The tax codes a new business starts with (Philippine VAT: the seed's shop). */
const STARTER_TAXES = [
  { code: 'VAT12', name: 'VAT 12%', rate_basis_points: 1200, inclusive: 1 },
  { code: 'VAT_EXEMPT', name: 'VAT-exempt', rate_basis_points: 0, inclusive: 1 },
  { code: 'ZERO_RATED', name: 'Zero-rated', rate_basis_points: 0, inclusive: 1 },
];

export interface NewBusiness {
  code: string;
  name: string;
  currency?: string | undefined;
  timezone?: string | undefined;
}

export async function insertBusiness(trx: Tx, input: NewBusiness, now = new Date()) {
  const timezone = input.timezone ?? 'Asia/Manila';
  if (!isValidTimeZone(timezone)) {
    throw new Problem(400, 'validation_failed', 'Invalid business', `"${timezone}" is not an IANA time zone.`, [
      { path: '/timezone', message: 'unknown time zone' },
    ]);
  }
  const existing = await trx.selectFrom('businesses').select('id').where('code', '=', input.code).executeTakeFirst();
  if (existing) throw new Problem(409, 'conflict', 'Business exists', `A business with code ${input.code} already exists.`);
  const business = { id: rowId(), code: input.code, name: input.name, currency: input.currency ?? 'PHP', timezone, created_at: now.toISOString() };
  await trx.insertInto('businesses').values(business).execute();
  await trx
    .insertInto('taxes')
    .values(STARTER_TAXES.map((t) => ({ ...t, business_id: business.id })))
    .execute();
  return business;
}

export async function insertStore(trx: Tx, input: { businessCode: string; code: string; name: string }, now = new Date()) {
  const business = await trx.selectFrom('businesses').select('id').where('code', '=', input.businessCode).executeTakeFirst();
  if (!business) throw notFound(`Business ${input.businessCode}`);
  const existing = await trx
    .selectFrom('stores')
    .select('id')
    .where('business_id', '=', business.id)
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (existing) throw new Problem(409, 'conflict', 'Store exists', `Business ${input.businessCode} already has a store ${input.code}.`);
  const store = { id: rowId(), business_id: business.id, code: input.code, name: input.name, created_at: now.toISOString() };
  await trx.insertInto('stores').values(store).execute();
  return store;
}

/** First start: the business MAIN with its store MAIN, so a new install can sell at once. */
export async function ensureDefaultBusiness(store: BackOfficeDb): Promise<void> {
  const existing = await store.db.selectFrom('businesses').select('id').where('code', '=', DEFAULT_BUSINESS_CODE).executeTakeFirst();
  if (existing) return;
  try {
    await store.db.transaction().execute(async (trx) => {
      await insertBusiness(trx, { code: DEFAULT_BUSINESS_CODE, name: 'Main business' });
      await insertStore(trx, { businessCode: DEFAULT_BUSINESS_CODE, code: DEFAULT_STORE_CODE, name: 'Main store' });
    });
  } catch (error) {
    // Two instances starting together: the other one created it.
    const created = await store.db.selectFrom('businesses').select('id').where('code', '=', DEFAULT_BUSINESS_CODE).executeTakeFirst();
    if (!created) throw error;
  }
}
