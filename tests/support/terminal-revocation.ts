import { hashSecret, newPairingCode, normalizePairingCode } from '../../server/auth/tokens';
import { PAIRING_CODE_TTL_MS } from '../../server/terminals/pairing';
import type { TestBackOffice } from './back-office';

/**
 * The back office's side of revoking a till and pairing it again (issue #9, finding 12):
 *   POST /v1/admin/terminals/{terminalId}/revoke       -> every call with its token answers 401 `terminal_revoked`
 *   POST /v1/admin/terminals/{terminalId}/pairing-code -> a new one-time code for the SAME terminal
 * When this back office has the routes, they are used. Until they are merged in, the same
 * effect is written to the terminals table directly (`simulated: true`): the token's hash is
 * dropped (401), and a new code's hash is set on the same row, so the real POST
 * /v1/terminals/pair answers with the same terminalId and a new token.
 */

export interface AdminStep {
  /** The routes were not there and the database was changed as they would change it. */
  simulated: boolean;
}

/** Fastify's own 404 for a route that does not exist (not a "no such terminal" answer). */
function routeMissing(status: number, body: string): boolean {
  if (status !== 404) return false;
  try {
    return String((JSON.parse(body) as { detail?: unknown }).detail ?? '').startsWith('There is no ');
  } catch {
    return false;
  }
}

export async function revokeTerminal(backOffice: TestBackOffice, terminalId: string): Promise<AdminStep> {
  const answer = await backOffice.app.inject({ method: 'POST', url: `/v1/admin/terminals/${terminalId}/revoke`, headers: backOffice.adminHeaders(), payload: {} });
  if (!routeMissing(answer.statusCode, answer.body)) {
    if (answer.statusCode >= 300) throw new Error(`revoke answered ${answer.statusCode}: ${answer.body}`);
    return { simulated: false };
  }
  const updated = await backOffice.store.db.updateTable('terminals').set({ token_hash: null }).where('id', '=', terminalId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new Error(`no terminal ${terminalId}`);
  return { simulated: true };
}

export async function pairingCodeForSameTerminal(backOffice: TestBackOffice, terminalId: string): Promise<AdminStep & { pairingCode: string }> {
  const answer = await backOffice.app.inject({ method: 'POST', url: `/v1/admin/terminals/${terminalId}/pairing-code`, headers: backOffice.adminHeaders(), payload: {} });
  if (!routeMissing(answer.statusCode, answer.body)) {
    if (answer.statusCode >= 300) throw new Error(`pairing-code answered ${answer.statusCode}: ${answer.body}`);
    return { simulated: false, pairingCode: (JSON.parse(answer.body) as { pairingCode: string }).pairingCode };
  }
  const pairingCode = newPairingCode();
  const updated = await backOffice.store.db
    .updateTable('terminals')
    .set({ pairing_code_hash: hashSecret(normalizePairingCode(pairingCode)), pairing_expires_at: new Date(Date.now() + PAIRING_CODE_TTL_MS).toISOString() })
    .where('id', '=', terminalId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new Error(`no terminal ${terminalId}`);
  return { simulated: true, pairingCode };
}

/** The back office's id of a terminal, by its code (T01...). */
export async function terminalIdOf(backOffice: TestBackOffice, terminalCode: string): Promise<string> {
  const row = await backOffice.store.db.selectFrom('terminals').select('id').where('code', '=', terminalCode).executeTakeFirstOrThrow();
  return row.id;
}
