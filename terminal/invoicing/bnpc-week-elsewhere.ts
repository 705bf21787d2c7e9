import { Compile } from 'typebox/compile';
import { BnpcWeekElsewhereSchema, type BnpcWeek } from '../../protocol';
import type { BackOfficeClient, Connection } from '../sync/back-office-client';

const ElsewhereCheck = Compile(BnpcWeekElsewhereSchema);

/**
 * What a senior citizen or PWD had of the 5% this week at the business's other tills
 * (GET /v1/terminals/bnpc-week), or null when the back office cannot say now: no answer
 * within `timeoutMs` (offline, the till counts its own sales alone, as it always could), a
 * back office of a version without the route (404), or a week other than the till's (its
 * time zone not pulled yet). The till adds its own sales, sent or not: the back office
 * leaves them out.
 */
export async function bnpcWeekElsewhere(
  client: BackOfficeClient,
  connection: Connection,
  idNumber: string,
  weekStartsAt: string,
  timeoutMs: number,
): Promise<BnpcWeek | null> {
  const outcome = await client.send(connection, 'GET', `/v1/terminals/bnpc-week?idNumber=${encodeURIComponent(idNumber)}`, { timeoutMs });
  if (outcome.kind !== 'answer' || outcome.status !== 200 || !ElsewhereCheck.Check(outcome.body)) return null;
  if (outcome.body.weekStartsAt !== weekStartsAt) return null;
  return { purchasesMinor: outcome.body.purchasesMinor, discountMinor: outcome.body.discountMinor };
}
