import { uuidv7 } from 'uuidv7';
import type { TestBackOffice } from './back-office';

/**
 * The back office's side of revoking a till and pairing it again (issue #9, finding 12),
 * through its admin routes as an administrator would use them:
 *   POST /v1/admin/terminals/{terminalId}/revoke       -> every call with its token answers 401 `terminal_revoked`
 *   POST /v1/admin/terminals/{terminalId}/pairing-code -> a new one-time code for the SAME terminal
 */

async function adminPost(backOffice: TestBackOffice, url: string, payload: unknown): Promise<unknown> {
  const answer = await backOffice.app.inject({
    method: 'POST',
    url,
    headers: backOffice.adminHeaders(uuidv7()),
    payload: payload as Record<string, unknown>,
  });
  if (answer.statusCode >= 300) throw new Error(`${url} answered ${answer.statusCode}: ${answer.body}`);
  return JSON.parse(answer.body) as unknown;
}

export async function revokeTerminal(backOffice: TestBackOffice, terminalId: string): Promise<void> {
  await adminPost(backOffice, `/v1/admin/terminals/${terminalId}/revoke`, { reason: 'lost at the counter (test)' });
}

export async function pairingCodeForSameTerminal(backOffice: TestBackOffice, terminalId: string): Promise<{ pairingCode: string }> {
  const body = (await adminPost(backOffice, `/v1/admin/terminals/${terminalId}/pairing-code`, {})) as { pairingCode: string };
  return { pairingCode: body.pairingCode };
}

/** The back office's id of a terminal, by its code (T01...). */
export async function terminalIdOf(backOffice: TestBackOffice, terminalCode: string): Promise<string> {
  const row = await backOffice.store.db.selectFrom('terminals').select('id').where('code', '=', terminalCode).executeTakeFirstOrThrow();
  return row.id;
}
