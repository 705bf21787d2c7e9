import { databaseKindOf } from './db/database';
import { readWatchSettings, type WatchSettings } from './monitoring/watch-settings';
import { Refused } from './refused';

/**
 * The server's settings, all from the environment (README: "The back office server"), every
 * one read and checked here, at start: a wrong one is Refused (exit 2) before anything runs.
 */
export interface ServerSettings {
  port: number;
  host: string;
  databaseUrl: string;
  adminToken: string | null;
  /** POS_METRICS_TOKEN: reads GET /metrics and nothing else (a Prometheus scraper need not hold the admin token). */
  metricsToken: string | null;
  idempotencyTtlSeconds: number;
  cleanupIntervalSeconds: number;
  logLevel: LogLevel;
  /**
   * POS_TRUST_PROXY: whose X-Forwarded-* headers to believe (Fastify's trustProxy): unset
   * or "false" none, "true" any, a number the hops, else addresses/CIDRs, comma-separated.
   * Behind a TLS proxy this is what makes the fleet cookie Secure.
   */
  trustProxy: boolean | number | string[];
  /** Fleet-page sign-in attempts per minute per client address (POS_LOGIN_ATTEMPTS_PER_MINUTE). */
  loginAttemptsPerMinute: number;
  /** Admin-API requests without a valid admin token per minute per address before it is shut out (POS_ADMIN_FAILURES_PER_MINUTE). */
  adminFailuresPerMinute: number;
  /**
   * POS_REQUEST_TIMEOUT_MS: how long a request may take to arrive in full, headers and body
   * (a batch of 512 KiB over a poor link included); past it the answer is 408
   * request_timeout and the connection is closed, so a client that stops sending half way
   * does not hold a connection for ever.
   */
  requestTimeoutMs: number;
  /** POS_STALE_TERMINAL_MINUTES and POS_OLD_PENDING_HOURS: when the monitoring report and /fleet flag a till. */
  watch: WatchSettings;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Refused(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

export function readTrustProxy(raw: string | undefined): boolean | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const addresses = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const address of addresses) {
    if (!/^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(address) && !['loopback', 'linklocal', 'uniquelocal'].includes(address)) {
      throw new Refused(`POS_TRUST_PROXY must be true, false, a hop count, or addresses/CIDRs separated by commas (got "${address}")`);
    }
  }
  return addresses;
}

/** pino's levels, the noisiest first. */
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The quieter of two levels: a route's own level replaces the logger's, so it must never log more than LOG_LEVEL asks. */
export const quieterOf = (a: LogLevel, b: LogLevel): LogLevel => (LOG_LEVELS.indexOf(a) >= LOG_LEVELS.indexOf(b) ? a : b);

function logLevelOf(raw: string | undefined): LogLevel {
  const level = raw?.trim() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new Refused(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${level}")`);
  return level as LogLevel;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const databaseUrl = env.DATABASE_URL || 'sqlite:./data/server.db';
  databaseKindOf(databaseUrl);
  const adminToken = env.POS_ADMIN_TOKEN?.trim() || null;
  if (adminToken !== null && adminToken.length < 16) {
    throw new Refused('POS_ADMIN_TOKEN must be at least 16 characters long');
  }
  const metricsToken = env.POS_METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && (metricsToken.length < 16 || metricsToken === adminToken)) {
    throw new Refused('POS_METRICS_TOKEN must be at least 16 characters long, and not the admin token');
  }
  return {
    port: integer(env, 'PORT', 8787, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    adminToken,
    metricsToken,
    idempotencyTtlSeconds: integer(env, 'POS_IDEMPOTENCY_TTL_SECONDS', 86_400, 1, 365 * 86_400),
    cleanupIntervalSeconds: integer(env, 'POS_CLEANUP_INTERVAL_SECONDS', 3_600, 1, 86_400),
    logLevel: logLevelOf(env.LOG_LEVEL),
    trustProxy: readTrustProxy(env.POS_TRUST_PROXY),
    loginAttemptsPerMinute: integer(env, 'POS_LOGIN_ATTEMPTS_PER_MINUTE', 10, 1, 10_000),
    adminFailuresPerMinute: integer(env, 'POS_ADMIN_FAILURES_PER_MINUTE', 30, 1, 100_000),
    requestTimeoutMs: integer(env, 'POS_REQUEST_TIMEOUT_MS', 120_000, 1_000, 3_600_000),
    watch: readWatchSettings(env),
  };
}
