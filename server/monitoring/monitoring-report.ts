import { sql } from 'kysely';
import { CLOCK_OFF_LIMIT_SECONDS, type MonitoringReport, type TerminalStatus } from '../../protocol';
import type { BackOfficeDb } from '../db/database';
import { seriesContinuity, terminalReceiptContinuity, voidedReturnSlips } from './series-continuity';
import type { WatchSettings } from './watch-settings';

export const WINDOW_HOURS = 24;

/**
 * Every idempotent write, by route pattern: what replay_log and the request counts are keyed
 * by, listed in the report even before its first use. The routes that take an
 * Idempotency-Key (build() collects them as they are registered: tests/server/monitoring.test.ts
 * holds this list to them).
 */
export const WRITE_ENDPOINTS = [
  'POST /v1/sales',
  'POST /v1/sales/:id/refund',
  'POST /v1/purchase-receipts',
  'POST /v1/purchase-receipts/:id/approve',
  'POST /v1/purchase-receipts/:id/discard',
  'POST /v1/transfers',
  'POST /v1/transfers/:id/send',
  'POST /v1/transfers/:id/receive',
  'POST /v1/transfers/:id/discard',
  'POST /v1/inventory-corrections',
  'POST /v1/supplier-returns',
  'POST /v1/correction-drafts',
  'POST /v1/correction-drafts/:id/approve',
  'POST /v1/correction-drafts/:id/discard',
  'POST /v1/stock-counts',
  'POST /v1/stock-counts/:id/lines',
  'POST /v1/stock-counts/:id/import',
  'POST /v1/stock-counts/:id/approve',
  'POST /v1/stock-counts/:id/discard',
  'POST /v1/admin/businesses',
  'POST /v1/admin/stores',
  'POST /v1/admin/terminals',
  'POST /v1/admin/terminals/:terminalId/revoke',
  'POST /v1/admin/terminals/:terminalId/pairing-code',
];

/**
 * Requests per endpoint are the first-time answers still stored (they are kept for the
 * idempotency TTL, 24 h by default), counted by the route each answered: one walk of the
 * index on (expires_at, created_at, endpoint), never the table (a response created in the
 * window expires after window start + TTL).
 */
async function replaysPerEndpoint(store: BackOfficeDb, since: string, ttlSeconds: number) {
  const replays = await store.db
    .selectFrom('replay_log')
    .select(['endpoint', (eb) => eb.fn.countAll<number>().as('n')])
    .where('replayed_at', '>=', since)
    .groupBy('endpoint')
    .execute();
  const replayed = new Map(replays.map((r) => [r.endpoint, Number(r.n)]));
  const endpoints = [...new Set([...WRITE_ENDPOINTS, ...replayed.keys()])];
  // A walk of one index (migration 0005): the route each stored answer answered.
  const expiresFrom = new Date(Date.parse(since) + ttlSeconds * 1000).toISOString();
  const answered = await store.db
    .selectFrom('idempotency_responses')
    .select(['endpoint', (eb) => eb.fn.countAll<number>().as('n')])
    .where('expires_at', '>=', expiresFrom)
    .where('created_at', '>=', since)
    .groupBy('endpoint')
    .execute();
  const requests = new Map(answered.map((r) => [r.endpoint, Number(r.n)]));
  for (const endpoint of requests.keys()) if (endpoint !== null && !endpoints.includes(endpoint)) endpoints.push(endpoint);
  return endpoints.map((endpoint) => ({ endpoint, requests: requests.get(endpoint) ?? 0, replays: replayed.get(endpoint) ?? 0 }));
}

export async function terminalStatuses(store: BackOfficeDb, watch: WatchSettings, now: Date): Promise<TerminalStatus[]> {
  const rows = await store.db
    .selectFrom('terminals as t')
    .innerJoin('businesses as b', 'b.id', 't.business_id')
    .innerJoin('stores as s', 's.id', 't.store_id')
    .select([
      'b.code as business_code',
      's.code as store_code',
      't.code',
      't.name',
      't.paired_at',
      't.last_contact_at',
      't.queue_depth',
      't.oldest_pending_at',
      't.pending_value_minor',
      't.needs_attention',
      't.app_version',
      't.revoked_at',
      't.clock_offset_ms',
    ])
    .orderBy('b.code')
    // T9 before T10 before T100: by length, then by text.
    .orderBy(sql`length(t.code)`)
    .orderBy('t.code')
    .execute();
  const ageSeconds = (at: string | null) => (at === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 1000)));
  return rows.map((t) => {
    // A paired terminal that never reported counts from its pairing.
    const contactAge = ageSeconds(t.last_contact_at ?? t.paired_at);
    const pendingAge = (t.queue_depth ?? 0) > 0 ? ageSeconds(t.oldest_pending_at) : null;
    const clockOffsetSeconds = t.clock_offset_ms === null ? null : Math.round(Number(t.clock_offset_ms) / 1000);
    return {
      businessCode: t.business_code,
      storeCode: t.store_code,
      terminalCode: t.code,
      name: t.name,
      paired: t.paired_at !== null,
      lastContactAt: t.last_contact_at,
      queueDepth: t.queue_depth === null ? null : Number(t.queue_depth),
      oldestPendingAt: t.oldest_pending_at,
      oldestPendingAgeSeconds: pendingAge,
      pendingValueMinor: t.pending_value_minor === null ? null : Number(t.pending_value_minor),
      needsAttention: t.needs_attention === null ? null : Number(t.needs_attention),
      appVersion: t.app_version,
      revoked: t.revoked_at !== null,
      revokedAt: t.revoked_at,
      // A revoked till is expected to be silent: it shows as revoked, not as stale.
      stale: t.revoked_at === null && contactAge !== null && contactAge > watch.staleTerminalMinutes * 60,
      oldPending: pendingAge !== null && pendingAge > watch.oldPendingHours * 3600,
      clockOffsetSeconds,
      clockOff: clockOffsetSeconds !== null && Math.abs(clockOffsetSeconds) > CLOCK_OFF_LIMIT_SECONDS,
    };
  });
}

/**
 * GET /v1/admin/monitoring: what PROTOCOL.md promises, computed from the rows themselves in
 * SQL, through indexes, from checkpoints: the time and memory a report takes follow the
 * rows added since the last one, the number of series and terminals, not the history.
 */
const running = new WeakMap<BackOfficeDb, Promise<MonitoringReport>>();

/**
 * Reports asked for while one is being computed (the fleet page refreshing in several
 * browsers, an alerting scraper) share it instead of each doing the same work again.
 */
export function monitoringReport(store: BackOfficeDb, watch: WatchSettings, now = new Date(), ttlSeconds = 86_400): Promise<MonitoringReport> {
  const current = running.get(store);
  if (current) return current;
  const report = computeReport(store, watch, now, ttlSeconds).finally(() => running.delete(store));
  running.set(store, report);
  return report;
}

async function computeReport(store: BackOfficeDb, watch: WatchSettings, now: Date, ttlSeconds: number): Promise<MonitoringReport> {
  const businesses = await store.db.selectFrom('businesses').select(['id', 'code']).execute();
  const codeOf = new Map(businesses.map((b) => [b.id, b.code]));
  const { series, duplicateNumbers } = await seriesContinuity(store, (id) => codeOf.get(id) ?? id, now);
  const terminalReceipts = await terminalReceiptContinuity(store, now);
  const returnSlipsVoided = await voidedReturnSlips(store);
  const replays = await replaysPerEndpoint(store, new Date(now.getTime() - WINDOW_HOURS * 3_600_000).toISOString(), ttlSeconds);
  const terminals = await terminalStatuses(store, watch, now);
  const sum = <T>(items: T[], of: (item: T) => number) => items.reduce((total, item) => total + of(item), 0);
  return {
    generatedAt: now.toISOString(),
    windowHours: WINDOW_HOURS,
    totals: {
      duplicateNumbers: duplicateNumbers.length,
      seriesGaps: sum(series, (s) => s.gaps),
      terminalReceiptGaps: sum(terminalReceipts, (t) => t.gaps),
      terminalReceiptDuplicates: sum(terminalReceipts, (t) => t.duplicates),
      terminalReceiptsVoided: sum(terminalReceipts, (t) => t.voided),
      replays: sum(replays, (r) => r.replays),
      staleTerminals: terminals.filter((t) => t.stale).length,
      clockOffTerminals: terminals.filter((t) => t.clockOff).length,
    },
    duplicateNumbers,
    series,
    terminalReceipts,
    voidedReturnSlips: returnSlipsVoided,
    replays,
    terminals,
  };
}
