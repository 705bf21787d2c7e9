import { databaseKindOf } from './db/database';

/** The server's settings, all from the environment (README: "Server settings"). */
export interface ServerSettings {
  port: number;
  host: string;
  databaseUrl: string;
  adminToken: string | null;
  idempotencyTtlSeconds: number;
  cleanupIntervalSeconds: number;
  logLevel: string;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const databaseUrl = env.DATABASE_URL || 'sqlite:./data/server.db';
  databaseKindOf(databaseUrl);
  const adminToken = env.POS_ADMIN_TOKEN?.trim() || null;
  if (adminToken !== null && adminToken.length < 16) {
    throw new Error('POS_ADMIN_TOKEN must be at least 16 characters long');
  }
  return {
    port: integer(env, 'PORT', 8787, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    adminToken,
    idempotencyTtlSeconds: integer(env, 'POS_IDEMPOTENCY_TTL_SECONDS', 86_400, 1, 365 * 86_400),
    cleanupIntervalSeconds: integer(env, 'POS_CLEANUP_INTERVAL_SECONDS', 3_600, 1, 86_400),
    logLevel: env.LOG_LEVEL || 'info',
  };
}
