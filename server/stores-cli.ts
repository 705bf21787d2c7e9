import { parseArgs } from 'node:util';
import { Value } from 'typebox/value';
import { StoreBranchInputSchema, StoreCreateSchema } from '../protocol';
import { insertStore } from './businesses';
import { BRANCH_CODE_PATTERN } from '../protocol/invoice-profile';
import { saveStoreBranch } from './store-branch';
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
  const input = { address: address === '' ? null : address, branchCode: branchCode === '' ? null : branchCode };
  if (!Value.Check(StoreBranchInputSchema, input)) {
    err(`--address is one line of at most 300 characters, as printed (no tab, line break or invisible character)\n`);
    return 2;
  }
  try {
    const saved = await saveStoreBranch(store.db, values.business, values.store, input);
    out(
      saved.address === null
        ? `Store ${saved.storeCode} prints the business's address and TIN again.\n`
        : `Store ${saved.storeCode} prints ${saved.address} and TIN branch code ${saved.branchCode}; its tills take it within a minute.\n`,
    );
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    err(error.status === 404 ? `There is no store ${values.store} of business ${values.business}.\n` : `${error.detail}\n`);
    return 2;
  }
  return 0;
}
