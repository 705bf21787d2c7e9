import { sql } from 'kysely';
import { HIGHEST_LOCAL_NUMBER } from '../../protocol/local-number';
import type { Tx } from '../db/database';
import { dialectOf } from '../db/hot-statements';
import { RECEIPT_PREFIX_SQL, receiptNumberSql } from '../db/migrations/0004-hardening';
import { Problem } from '../problem';

/**
 * A till's receipt or return number the back office already holds for ANOTHER document of
 * that till (its content differs: not the same document under a second key, which stays
 * `local_number_conflict`). The till numbered it again: it was restored from a copy of its
 * folder, or the folder was copied to a second PC. The answer names the last number of that
 * series the back office holds for the terminal (`lastLocalNumber`): the till numbers the
 * document after it and sends it again under the same key, printed number kept as
 * `printedAs` (docs/PROTOCOL.md, "A till restored from a copy of its folder").
 */
export class LocalNumberReused extends Problem {
  constructor(what: 'Receipt' | 'Return', localNumber: string, recordedAs: string, lastLocalNumber: string) {
    super(
      409,
      'local_number_reused',
      `${what} number used before`,
      `${what} ${localNumber} of this terminal was already recorded as ${recordedAs}, for another ${what === 'Receipt' ? 'sale' : 'refund'}: ` +
        `this till numbered it again (restored from a copy of its folder, or the folder copied to another PC). ` +
        `The last ${what.toLowerCase()} number of this terminal here is ${lastLocalNumber}: the till numbers it after that and sends it again.`,
      undefined,
      {},
      { lastLocalNumber },
    );
  }
}

/**
 * The highest number of a till's series the back office holds for the terminal: the series is
 * the number without its trailing digits ("T03-" of "T03-000012", "T03-R" of "T03-R000004")
 * and the number those digits, read as monitoring reads them (RECEIPT_PREFIX_SQL,
 * receiptNumberSql; on sales through the sales_receipt_numbers index). A number past
 * HIGHEST_LOCAL_NUMBER is not counted, as monitoring counts none (a till never gets there, and
 * the till could not number after it): one stored before such numbers were refused
 * (protocol/local-number.ts) is not named the series' last. A rare read: only on a reused number.
 */
export async function lastLocalNumberOf(trx: Tx, table: 'sales' | 'refunds', terminalId: string, localNumber: string): Promise<string> {
  const prefixSql = sql.raw<string>(RECEIPT_PREFIX_SQL);
  const numberSql = sql.raw<number>(receiptNumberSql(dialectOf(trx)));
  const row = await trx
    .selectFrom(table)
    .select('local_number')
    .where('terminal_id', '=', terminalId)
    .where(prefixSql, '=', localNumber.replace(/\d+$/, ''))
    .where(numberSql, 'is not', null)
    .where(numberSql, '<=', HIGHEST_LOCAL_NUMBER)
    .orderBy(numberSql, 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.local_number ?? localNumber;
}
