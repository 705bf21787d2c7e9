import { parseArgs } from 'node:util';
import { Value } from 'typebox/value';
import { StoreCreateSchema } from '../protocol';
import { insertStore } from './businesses';
import type { BackOfficeDb } from './db/database';
import { Problem } from './problem';

export const STORE_HELP = `counter-server store add --code <code> --name <name> [--business MAIN]
  Adds a store (a branch) to the business, so tills can be registered to it (terminal add --store <code>).`;

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
