import { parseArgs } from 'node:util';
import { Value } from 'typebox/value';
import { StoreCreateSchema } from '../protocol';
import { insertStore } from './businesses';
import { BRANCH_CODE_PATTERN } from '../protocol/invoice-profile';
import { CONTROLS } from '../protocol/unseen-characters';
import { businessByCode, storeByCode } from './place-codes';
import type { BackOfficeDb } from './db/database';
import { Problem } from './problem';

export const STORE_HELP = `counter-server store add --code <code> --name <name> [--business MAIN]
  Adds a store (a branch) to the business, so tills can be registered to it (terminal add --store <code>).`;

export const BRANCH_HELP = `counter-server store branch --store <code> --address <address> --branch-code <00001> [--business MAIN]
  A branch's own address and the branch code of the business's TIN (its last group: 00001),
  as its tills' invoices, return slips and readings print them, with the store's name. Without
  them a store prints the business's address and TIN. --address "" --branch-code "" clears them.`;

type Out = (text: string) => void;

/** `counter-server store add`: 0 when added, 2 (and why) when an option is missing, wrong, or the store exists. */
export async function storeAddCommand(store: BackOfficeDb, args: string[], out: Out, err: Out): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { code: { type: 'string' }, name: { type: 'string' }, business: { type: 'string', default: 'MAIN' } },
  });
  const input = { businessCode: values.business, code: values.code ?? '', name: values.name?.trim() ?? '' };
  if (!Value.Check(StoreCreateSchema, input)) {
    err(`A store needs --code (letters, digits, - or _; at most 32) and --name\n${STORE_HELP}\n`);
    return 2;
  }
  try {
    const added = await store.db.transaction().execute((trx) => insertStore(trx, input));
    out(`Store ${added.code} (${added.name}) of ${added.businessCode}: ${added.id}\n`);
    return 0;
  } catch (error) {
    if (error instanceof Problem) {
      err(`${error.detail}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * `counter-server store branch`: a branch prints its own address and TIN branch code (found by a
 * walk: every store printed the head office's, "VAT REG TIN …-00000", and its address).
 */
export async function storeBranchCommand(store: BackOfficeDb, args: string[], out: Out, err: Out): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      address: { type: 'string' },
      'branch-code': { type: 'string' },
      business: { type: 'string', default: 'MAIN' },
    },
  });
  const address = values.address?.trim();
  const branchCode = values['branch-code']?.trim();
  if (values.store === undefined || address === undefined || branchCode === undefined) {
    err(`A branch needs --store, --address and --branch-code\n${BRANCH_HELP}\n`);
    return 2;
  }
  if (branchCode !== '' && !new RegExp(BRANCH_CODE_PATTERN).test(branchCode)) {
    err(`--branch-code is the TIN's last group, 3 to 5 digits (00001), not "${branchCode}"\n`);
    return 2;
  }
  if ((address === '') !== (branchCode === '')) {
    err(`Give both --address and --branch-code, or clear both ("")\n`);
    return 2;
  }
  if (address.length > 300 || new RegExp(`[${CONTROLS}]`, 'u').test(address)) {
    err(`--address is one line of at most 300 characters\n`);
    return 2;
  }
  const business = await businessByCode(store.db, values.business);
  const found = business ? await storeByCode(store.db, business.id, values.store) : undefined;
  if (!business || !found) {
    err(`There is no store ${values.store} of business ${values.business}.\n`);
    return 2;
  }
  await store.db
    .updateTable('stores')
    .set({ address: address === '' ? null : address, tin_branch_code: branchCode === '' ? null : branchCode })
    .where('id', '=', found.id)
    .execute();
  out(
    address === ''
      ? `Store ${found.code} prints the business's address and TIN again.\n`
      : `Store ${found.code} prints ${address} and TIN branch code ${branchCode}; its tills take it within a minute.\n`,
  );
  return 0;
}
