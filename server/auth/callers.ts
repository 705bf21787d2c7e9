import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BackOfficeDb } from '../db/database';
import { compiledOnce } from '../db/hot-statements';
import { Problem } from '../problem';
import { hashSecret, sameSecret } from './tokens';
import { businessTime } from '../business-time';

export interface TerminalCaller {
  kind: 'terminal';
  terminalId: string;
  terminalCode: string;
  businessId: string;
  businessCode: string;
  timezone: string;
  storeId: string;
  storeCode: string;
  /** Set when an admin revoked this terminal: every call is refused with terminal_revoked. */
  revokedAt: string | null;
  /** The hash of the token it called with: its writes check it again inside their transaction. */
  tokenHash: string;
}

export interface AdminCaller {
  kind: 'admin';
}

declare module 'fastify' {
  interface FastifyRequest {
    terminal?: TerminalCaller;
  }
}

const unauthorized = (detail: string) => new Problem(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'www-authenticate': 'Bearer' });

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/** Every terminal request looks its token up: the query is compiled once, not built per request. */
const terminalByTokenHash = compiledOnce((db) =>
  db
    .selectFrom('terminals as t')
    .innerJoin('businesses as b', 'b.id', 't.business_id')
    .innerJoin('stores as s', 's.id', 't.store_id')
    .select([
      't.id',
      't.code',
      'b.id as business_id',
      'b.code as business_code',
      'b.timezone',
      's.id as store_id',
      's.code as store_code',
      't.revoked_at',
    ])
    .where('t.token_hash', '=', '(token hash)'),
);

/**
 * Every terminal request looks its token up; a till sending a backlog asks again every few
 * milliseconds. The callers found are kept TOKEN_CACHE_MS per store (at most
 * TOKEN_CACHE_SIZE), and forgotten at once when this process revokes or pairs a terminal
 * (forgetTerminalTokens). What another process changes (the CLI's `terminal revoke`,
 * another instance) is seen by reads within TOKEN_CACHE_MS; a WRITE is checked again inside
 * its own transaction (idempotency/group-entry.ts), so no sale of a revoked or
 * re-paired token is recorded after the revocation commits.
 */
export const TOKEN_CACHE_MS = 1000;
const TOKEN_CACHE_SIZE = 10_000;
/** Per store: the callers kept, and how many times they were forgotten (a lookup that began before is not kept). */
const tokenCaches = new WeakMap<BackOfficeDb, { callers: Map<string, { caller: TerminalCaller; until: number }>; forgotten: number }>();

export async function findTerminalByToken(store: BackOfficeDb, token: string): Promise<TerminalCaller | null> {
  const tokenHash = hashSecret(token);
  let cache = tokenCaches.get(store);
  if (!cache) tokenCaches.set(store, (cache = { callers: new Map(), forgotten: 0 }));
  const now = Date.now();
  const cached = cache.callers.get(tokenHash);
  if (cached && cached.until > now) return cached.caller;
  const forgotten = cache.forgotten;
  const [row] = await terminalByTokenHash(store.db, [tokenHash]);
  if (!row) return null;
  const caller: TerminalCaller = {
    kind: 'terminal',
    terminalId: row.id,
    terminalCode: row.code,
    businessId: row.business_id,
    businessCode: row.business_code,
    timezone: row.timezone,
    storeId: row.store_id,
    storeCode: row.store_code,
    revokedAt: row.revoked_at,
    tokenHash,
  };
  // Read before a revocation or a pairing of this process was committed: not kept.
  if (cache.forgotten !== forgotten) return caller;
  if (cache.callers.size >= TOKEN_CACHE_SIZE) cache.callers.clear();
  cache.callers.set(tokenHash, { caller, until: now + TOKEN_CACHE_MS });
  return caller;
}

/** After this process revoked or paired a terminal (committed): the next request of any till looks its token up again. */
export function forgetTerminalTokens(store: BackOfficeDb): void {
  const cache = tokenCaches.get(store);
  if (!cache) return;
  cache.callers.clear();
  cache.forgotten += 1;
}

export const tokenReplacedProblem = () => unauthorized('This terminal token is not known or was replaced: pair the terminal again.');

/** `timeZone`: the terminal's business's, on whose clock the moment is said. */
export const terminalRevokedProblem = (revokedAt: string, timeZone: string) =>
  new Problem(
    401,
    'terminal_revoked',
    'Terminal revoked',
    `This terminal was revoked at ${businessTime(revokedAt, timeZone)}: ask the back office for a new pairing code.`,
    undefined,
    {
      'www-authenticate': 'Bearer error="invalid_token"',
    },
  );

/**
 * preHandler for terminal routes: a paired terminal's token, or 401. The server's own admin or
 * metrics token is known and not a till's: 403 saying so (401 "pair the terminal again" sent
 * a back-office script looking for a pairing it does not need).
 */
export function requireTerminal(store: BackOfficeDb, { adminToken, metricsToken }: ServerTokens) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = bearer(request);
    if (!token) throw unauthorized('Send the terminal token as "Authorization: Bearer <token>".');
    const terminal = await findTerminalByToken(store, token);
    if (!terminal && [adminToken, metricsToken].some((own) => own !== null && sameSecret(token, own)))
      throw new Problem(
        403,
        'forbidden',
        'Forbidden',
        "This is a till's route: it takes the terminal token a till got when it was paired, not the server's admin or metrics token.",
      );
    if (!terminal) throw tokenReplacedProblem();
    if (terminal.revokedAt !== null) throw terminalRevokedProblem(terminal.revokedAt, terminal.timezone);
    request.terminal = terminal;
  };
}

/** The server's own tokens, as its settings hold them (ServerSettings). */
export interface ServerTokens {
  adminToken: string | null;
  metricsToken: string | null;
}

/**
 * preHandler for the admin API: the server's POS_ADMIN_TOKEN. A token the server knows for
 * something else, a terminal's or the metrics token, is 403 forbidden: it is known, and not
 * enough (401 would send its holder looking for a typo).
 */
export function requireAdmin(store: BackOfficeDb, { adminToken, metricsToken }: ServerTokens) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    // The guard (server/auth/admin-guard.ts) is decorated on the app by build().
    const guard = request.server.adminGuard;
    guard?.refuseIfBlocked(request);
    const token = bearer(request);
    if (token && adminToken !== null && sameSecret(token, adminToken)) return;
    await guard?.failed(request);
    // Someone tried the admin API without the right token: worth a line an operator can alert on.
    request.log.warn({ ip: request.ip, path: request.url.split('?')[0], tokenSent: token !== null }, 'admin token refused');
    if (adminToken === null && !token) throw unauthorized('The admin API is disabled: set POS_ADMIN_TOKEN on the server.');
    if (!token) throw unauthorized('Send the admin token as "Authorization: Bearer <token>".');
    if (metricsToken !== null && sameSecret(token, metricsToken)) {
      throw new Problem(403, 'forbidden', 'Forbidden', 'The metrics token reads GET /metrics and nothing else: use the admin token.');
    }
    if (await findTerminalByToken(store, token)) {
      throw new Problem(403, 'forbidden', 'Forbidden', 'A terminal token cannot use the admin API.');
    }
    throw unauthorized(adminToken === null ? 'The admin API is disabled: set POS_ADMIN_TOKEN on the server.' : 'The admin token is not valid.');
  };
}

/** GET /metrics: the metrics token (POS_METRICS_TOKEN), which opens nothing else, or the admin token. */
export function requireMetricsReader(store: BackOfficeDb, tokens: ServerTokens) {
  const admin = requireAdmin(store, tokens);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(request);
    if (token && tokens.metricsToken !== null && sameSecret(token, tokens.metricsToken)) return;
    await admin(request, reply);
  };
}

export function terminalOf(request: FastifyRequest): TerminalCaller {
  if (!request.terminal) throw unauthorized('This route needs a terminal token.');
  return request.terminal;
}

/**
 * preHandler for the routes both the back office and a till use (a count's lines): the
 * admin token, or a paired terminal's token (set as request.terminal, limited to its store
 * by the route). Anything else is counted by the admin guard like any admin-API failure.
 */
export function requireAdminOrTerminal(store: BackOfficeDb, tokens: ServerTokens) {
  const admin = requireAdmin(store, tokens);
  const terminal = requireTerminal(store, tokens);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(request);
    if (token && !(tokens.adminToken !== null && sameSecret(token, tokens.adminToken)) && (await findTerminalByToken(store, token)))
      return terminal(request, reply);
    return admin(request, reply);
  };
}
