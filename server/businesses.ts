import { sql } from 'kysely';
import { rowId } from './db/row-ids';
import type { BackOfficeDb, DatabaseKind, Tx } from './db/database';
import { isValidTimeZone } from './numbering/series-format';
import { businessByCode, storeByCode } from './place-codes';
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

/**
 * PostgreSQL: the advisory lock every business creation takes, to its commit, before it
 * looks for the code whatever its case, so two created at once as ACME and acme cannot both
 * find none (nothing in the schema holds codes one whatever their case). SQLite needs none:
 * its writer is one, and BEGIN IMMEDIATE takes it before the look.
 */
const BUSINESS_CREATION_LOCK = 'counter: business creation';

export async function insertBusiness(trx: Tx, kind: DatabaseKind, input: NewBusiness, now = new Date()) {
  const timezone = input.timezone ?? 'Asia/Manila';
  if (!isValidTimeZone(timezone)) {
    throw new Problem(400, 'validation_failed', 'Invalid business', `"${timezone}" is not an IANA time zone.`, [
      { path: '/timezone', message: 'unknown time zone' },
    ]);
  }
  // One business per code whatever its case: MAIN and main would split a shop's tills and stock.
  if (kind === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${BUSINESS_CREATION_LOCK}, 0))`.execute(trx);
  const existing = await businessByCode(trx, input.code);
  if (existing) {
    const spelled = existing.code === input.code ? '' : ` (as ${existing.code}: codes are one whatever their case)`;
    throw new Problem(409, 'conflict', 'Business exists', `A business with code ${input.code} already exists${spelled}.`);
  }
  const business = { id: rowId(), code: input.code, name: input.name, currency: input.currency ?? 'PHP', timezone, created_at: now.toISOString() };
  await trx.insertInto('businesses').values(business).execute();
  await trx
    .insertInto('taxes')
    .values(STARTER_TAXES.map((t) => ({ ...t, business_id: business.id })))
    .execute();
  return business;
}

export async function insertStore(trx: Tx, input: { businessCode: string; code: string; name: string }, now = new Date()) {
  const business = await businessByCode(trx, input.businessCode);
  if (!business) throw notFound(`Business ${input.businessCode}`);
  // Holds the business's row to the commit (an update locks it on PostgreSQL; SQLite's writer
  // is one already), so two stores added at once as CAINTA and cainta cannot both find none.
  await trx
    .updateTable('businesses')
    .set((eb) => ({ code: eb.ref('code') }))
    .where('id', '=', business.id)
    .execute();
  // One store per code whatever its case: a till registered to "cainta" would never see CAINTA's deliveries.
  const existing = await storeByCode(trx, business.id, input.code);
  if (existing) {
    const spelled = existing.code === input.code ? '' : ` (as ${existing.code}: store codes are one whatever their case)`;
    throw new Problem(409, 'conflict', 'Store exists', `Business ${business.code} already has a store ${input.code}${spelled}.`);
  }
  const store = { id: rowId(), business_id: business.id, code: input.code, name: input.name, created_at: now.toISOString() };
  await trx.insertInto('stores').values(store).execute();
  return { ...store, businessCode: business.code };
}

/** First start: the business MAIN with its store MAIN, so a new install can sell at once. */
export async function ensureDefaultBusiness(store: BackOfficeDb): Promise<void> {
  const existing = await store.db.selectFrom('businesses').select('id').where('code', '=', DEFAULT_BUSINESS_CODE).executeTakeFirst();
  if (existing) return;
  try {
    await store.db.transaction().execute(async (trx) => {
      await insertBusiness(trx, store.kind, { code: DEFAULT_BUSINESS_CODE, name: 'Main business' });
      await insertStore(trx, { businessCode: DEFAULT_BUSINESS_CODE, code: DEFAULT_STORE_CODE, name: 'Main store' });
    });
  } catch (error) {
    // Two instances starting together: the other one created it.
    const created = await store.db.selectFrom('businesses').select('id').where('code', '=', DEFAULT_BUSINESS_CODE).executeTakeFirst();
    if (!created) throw error;
  }
}
