import type { Kysely } from 'kysely';
import type { StoreBranch, StoreBranchInput } from '../protocol';
import type { Database } from './db/tables';
import { businessByCode, storeByCode } from './place-codes';
import { notFound, Problem } from './problem';

type Db = Kysely<Database>;

/** A store of a business named by its codes (any case), or 404 naming what is not there. */
async function storeNamed(db: Db, businessCode: string, storeCode: string) {
  const business = await businessByCode(db, businessCode);
  if (!business) throw notFound(`Business ${businessCode}`);
  const found = await storeByCode(db, business.id, storeCode);
  if (!found) throw notFound(`Store ${storeCode} of business ${business.code}`);
  return { business, store: found };
}

/** What a store's tills print at the head of their documents: its own address and TIN branch code, or null (the business's). */
export async function storeBranchOf(db: Db, businessCode: string, storeCode: string): Promise<StoreBranch> {
  const { business, store } = await storeNamed(db, businessCode, storeCode);
  const row = await db
    .selectFrom('stores')
    .select(['code', 'name', 'address', 'tin_branch_code'])
    .where('id', '=', store.id)
    .executeTakeFirstOrThrow();
  return { businessCode: business.code, storeCode: row.code, name: row.name, address: row.address, branchCode: row.tin_branch_code };
}

/**
 * A branch's own address and TIN branch code (RR 16-2018: a branch's invoices carry its address
 * and the branch code of the business's TIN), both or neither: an address with the head office's
 * "-00000", or a branch code under the head office's address, would print a document that is
 * neither. Its tills take it with their next profile pull (GET /v1/terminals/profile, each minute).
 */
export async function saveStoreBranch(db: Db, businessCode: string, storeCode: string, typed: StoreBranchInput): Promise<StoreBranch> {
  // Stored as the CLI and the fleet form store it: " 12 Rizal St. " is printed "12 Rizal St.".
  // An address of only spaces once trimmed (a no-break space) is none: refused below unless the code is cleared too.
  const address = typed.address?.trim() || null;
  const input = { address, branchCode: typed.branchCode };
  if ((input.address === null) !== (input.branchCode === null)) {
    const missing = input.address === null ? '/address' : '/branchCode';
    throw new Problem(
      400,
      'validation_failed',
      'Both or neither',
      'A branch prints its own address with its own TIN branch code: give both, or clear both (null).',
      [{ path: missing, message: 'is needed with the other (both, or neither)' }],
    );
  }
  const { business, store } = await storeNamed(db, businessCode, storeCode);
  await db.transaction().execute(async (trx) => {
    // Holds the business's row to the commit (as a store added does), so two branches saved at once with one code cannot both find none.
    await trx
      .updateTable('businesses')
      .set((eb) => ({ code: eb.ref('code') }))
      .where('id', '=', business.id)
      .execute();
    // Two branches printing one TIN branch code: the BIR could not tell their invoices apart.
    const sharing =
      input.branchCode === null
        ? undefined
        : await trx
            .selectFrom('stores')
            .select('code')
            .where('business_id', '=', business.id)
            .where('tin_branch_code', '=', input.branchCode)
            .where('id', '!=', store.id)
            .executeTakeFirst();
    if (sharing)
      throw new Problem(
        409,
        'conflict',
        'Branch code in use',
        `Store ${sharing.code} of business ${business.code} prints TIN branch code ${input.branchCode} already: each branch has its own.`,
      );
    await trx.updateTable('stores').set({ address: input.address, tin_branch_code: input.branchCode }).where('id', '=', store.id).execute();
  });
  return storeBranchOf(db, businessCode, storeCode);
}

/** Every store of a business, as its tills print it (the fleet's Branches page lists them). */
export async function storeBranchesOf(db: Db, businessId: string, businessCode: string): Promise<StoreBranch[]> {
  const rows = await db
    .selectFrom('stores')
    .select(['code', 'name', 'address', 'tin_branch_code'])
    .where('business_id', '=', businessId)
    .orderBy('code')
    .execute();
  return rows.map((row) => ({ businessCode, storeCode: row.code, name: row.name, address: row.address, branchCode: row.tin_branch_code }));
}
