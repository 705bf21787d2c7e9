import { sql, type Kysely } from 'kysely';
import type { Database } from './db/tables';
import { Problem } from './problem';

/**
 * A business's or a store's code as a person types it: CAINTA, Cainta and cainta are the same
 * store. Codes are ASCII letters, digits, - and _ (protocol/admin.ts), so only A-Z fold; SQL's
 * lower() does the same to the stored code on SQLite and PostgreSQL alike.
 */
export const foldCode = (code: string) => code.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/** `lower(column) = folded code`, for a where clause on either database. */
export const codeMatches = (column: string, code: string) => sql<boolean>`lower(${sql.ref(column)}) = ${foldCode(code)}`;

/**
 * Of the rows whose code matches whatever its case, the one meant: the only one, or the one
 * spelled exactly so. Two spelled otherwise (a database from before codes were one whatever
 * their case, holding CAINTA and cainta) are not guessed between: refused naming both.
 */
export function oneByCode<Row extends { code: string }>(rows: Row[], code: string, what: string): Row | undefined {
  if (rows.length <= 1) return rows[0];
  const exact = rows.find((row) => row.code === code);
  if (exact) return exact;
  const codes = rows.map((row) => row.code).sort();
  throw new Problem(
    409,
    'conflict',
    'Code is ambiguous',
    `${what} ${codes.join(' and ')} differ only in case; type the code exactly as one of them is spelled.`,
  );
}

type Reader = Kysely<Database>;

export interface BusinessFound {
  id: string;
  code: string;
  timezone: string;
}

/** The business a person named by its code, whatever its case (undefined when there is none). */
export async function businessByCode(db: Reader, code: string): Promise<BusinessFound | undefined> {
  const rows = await db.selectFrom('businesses').select(['id', 'code', 'timezone']).where(codeMatches('code', code)).execute();
  return oneByCode(rows, code, 'Businesses');
}

/** A store of the business named by its code, whatever its case (undefined when there is none). */
export async function storeByCode(db: Reader, businessId: string, code: string): Promise<{ id: string; code: string } | undefined> {
  const rows = await db.selectFrom('stores').select(['id', 'code']).where('business_id', '=', businessId).where(codeMatches('code', code)).execute();
  return oneByCode(rows, code, 'Stores');
}

/**
 * The stores a filter names by code alone, in any business: in each business the one meant
 * (as storeByCode), so MAIN's store CAINTA and another business's cainta are both listed,
 * while a business holding both CAINTA and cainta answers for the exact spelling only, and
 * refuses any other spelling naming both.
 */
export async function storeIdsByCode(db: Reader, code: string): Promise<string[]> {
  const rows = await db.selectFrom('stores').select(['id', 'code', 'business_id']).where(codeMatches('code', code)).execute();
  const byBusiness = new Map<string, typeof rows>();
  for (const row of rows) byBusiness.set(row.business_id, [...(byBusiness.get(row.business_id) ?? []), row]);
  return [...byBusiness.values()].map((stores) => oneByCode(stores, code, 'Stores')!.id);
}
