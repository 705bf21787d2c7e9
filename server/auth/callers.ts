import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BackOfficeDb } from '../db/database';
import { Problem } from '../problem';
import { hashSecret, sameSecret } from './tokens';

export interface TerminalCaller {
  kind: 'terminal';
  terminalId: string;
  terminalCode: string;
  businessId: string;
  businessCode: string;
  timezone: string;
  storeId: string;
  storeCode: string;
}

export interface AdminCaller {
  kind: 'admin';
}

declare module 'fastify' {
  interface FastifyRequest {
    terminal?: TerminalCaller;
  }
}

const unauthorized = (detail: string) =>
  new Problem(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'www-authenticate': 'Bearer' });

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export async function findTerminalByToken(store: BackOfficeDb, token: string): Promise<TerminalCaller | null> {
  const row = await store.db
    .selectFrom('terminals as t')
    .innerJoin('businesses as b', 'b.id', 't.business_id')
    .innerJoin('stores as s', 's.id', 't.store_id')
    .select(['t.id', 't.code', 'b.id as business_id', 'b.code as business_code', 'b.timezone', 's.id as store_id', 's.code as store_code'])
    .where('t.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row) return null;
  return {
    kind: 'terminal',
    terminalId: row.id,
    terminalCode: row.code,
    businessId: row.business_id,
    businessCode: row.business_code,
    timezone: row.timezone,
    storeId: row.store_id,
    storeCode: row.store_code,
  };
}

/** preHandler for terminal routes: a paired terminal's token, or 401. */
export function requireTerminal(store: BackOfficeDb) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = bearer(request);
    if (!token) throw unauthorized('Send the terminal token as "Authorization: Bearer <token>".');
    const terminal = await findTerminalByToken(store, token);
    if (!terminal) throw unauthorized('This terminal token is not known or was revoked: pair the terminal again.');
    request.terminal = terminal;
  };
}

/** preHandler for the admin API: the server's POS_ADMIN_TOKEN; a terminal token is 403. */
export function requireAdmin(store: BackOfficeDb, adminToken: string | null) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = bearer(request);
    if (!token) throw unauthorized('Send the admin token as "Authorization: Bearer <token>".');
    if (adminToken !== null && sameSecret(token, adminToken)) return;
    if (await findTerminalByToken(store, token)) {
      throw new Problem(403, 'forbidden', 'Forbidden', 'A terminal token cannot use the admin API.');
    }
    throw unauthorized(adminToken === null ? 'The admin API is disabled: set POS_ADMIN_TOKEN on the server.' : 'The admin token is not valid.');
  };
}

export function terminalOf(request: FastifyRequest): TerminalCaller {
  if (!request.terminal) throw unauthorized('This route needs a terminal token.');
  return request.terminal;
}
