import type { PairingCodeIssued, TerminalRevoked } from '../../protocol';
import { hashSecret, newPairingCode, normalizePairingCode } from '../auth/tokens';
import type { BackOfficeDb, Tx } from '../db/database';
import { withTransactionRetries } from '../idempotency/retry-transaction';
import { businessByCode, codeMatches, storeByCode } from '../place-codes';
import { notFound } from '../problem';
import { PAIRING_CODE_TTL_MS } from './pairing';
import { Refused } from '../refused';

/**
 * A lost or stolen till: its token stops working at once (401 terminal_revoked) and any
 * pairing code still open for it is cancelled, so whoever holds the till cannot pair it
 * again either. The sales it already sent stay recorded. Revoking a revoked terminal
 * changes nothing and answers the first revocation's time.
 */
export async function revokeTerminal(trx: Tx, terminalId: string, reason: string, now = new Date()): Promise<TerminalRevoked> {
  const terminal = await trx.selectFrom('terminals').select(['id', 'code', 'revoked_at']).where('id', '=', terminalId).executeTakeFirst();
  if (!terminal) throw notFound(`Terminal ${terminalId}`);
  if (terminal.revoked_at !== null) return { terminalId: terminal.id, terminalCode: terminal.code, revokedAt: terminal.revoked_at };
  const revokedAt = now.toISOString();
  await trx
    .updateTable('terminals')
    .set({ revoked_at: revokedAt, revoked_reason: reason.trim(), pairing_code_hash: null, pairing_expires_at: null })
    .where('id', '=', terminal.id)
    .execute();
  return { terminalId: terminal.id, terminalCode: terminal.code, revokedAt };
}

/**
 * A new one-time pairing code for the same terminal row (valid 24 h, replacing any open
 * one). The current token keeps working until the code is used: pairing swaps the token
 * and lifts a revocation (server/terminals/pairing.ts), and the terminal keeps its id, so
 * the till's idempotency keys, receipt numbers and sales stay its own.
 */
export async function issuePairingCode(trx: Tx, terminalId: string, now = new Date()): Promise<PairingCodeIssued> {
  const terminal = await trx.selectFrom('terminals').select(['id', 'code']).where('id', '=', terminalId).executeTakeFirst();
  if (!terminal) throw notFound(`Terminal ${terminalId}`);
  const pairingCode = newPairingCode();
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS).toISOString();
  await trx
    .updateTable('terminals')
    .set({ pairing_code_hash: hashSecret(normalizePairingCode(pairingCode)), pairing_expires_at: expiresAt })
    .where('id', '=', terminal.id)
    .execute();
  return { terminalId: terminal.id, terminalCode: terminal.code, pairingCode, expiresAt };
}

export interface TerminalName {
  id?: string | undefined;
  businessCode?: string | undefined;
  storeCode?: string | undefined;
  terminalCode?: string | undefined;
}

/** The CLI names a terminal by its id, or by business (default MAIN), store (optional) and terminal code. */
export async function findTerminalId(store: BackOfficeDb, name: TerminalName): Promise<string> {
  let query = store.db.selectFrom('terminals as t').select('t.id');
  if (name.id !== undefined) query = query.where('t.id', '=', name.id);
  else {
    if (name.terminalCode === undefined)
      throw new Refused('Name the terminal: --id <terminalId>, or --terminal <code> [--business MAIN] [--store <code>]');
    // Codes as a person types them, whatever their case (server/place-codes.ts): --store cainta is CAINTA, t03 is T03.
    const business = await businessByCode(store.db, name.businessCode ?? 'MAIN');
    const shop = business && name.storeCode !== undefined ? await storeByCode(store.db, business.id, name.storeCode) : undefined;
    if (!business || (name.storeCode !== undefined && !shop)) throw notFoundAs(name);
    query = query.where('t.business_id', '=', business.id).where(codeMatches('t.code', name.terminalCode));
    if (shop) query = query.where('t.store_id', '=', shop.id);
  }
  const found = await query.executeTakeFirst();
  if (!found) throw notFoundAs(name);
  return found.id;
}

function notFoundAs(name: TerminalName): Refused {
  const described = name.id ?? `${name.businessCode ?? 'MAIN'}/${name.storeCode ? `${name.storeCode}/` : ''}${name.terminalCode}`;
  return new Refused(`Terminal ${described} was not found.`);
}

/** The CLI's `terminal revoke` and `terminal pairing-code`: each in a transaction of its own. */
export const revokeTerminalNow = (store: BackOfficeDb, terminalId: string, reason: string) =>
  withTransactionRetries(() => store.db.transaction().execute((trx) => revokeTerminal(trx, terminalId, reason)));

export const issuePairingCodeNow = (store: BackOfficeDb, terminalId: string) =>
  withTransactionRetries(() => store.db.transaction().execute((trx) => issuePairingCode(trx, terminalId)));
