import type { TillProfile } from '../protocol';
import { missingInvoiceDetails } from './invoicing/invoice-details';
import { documentTimeZone } from './invoicing/document-dates';
import type { Outbox } from './sync/outbox';
import type { TerminalSettings } from './store/terminal-settings';
import type { OfflineCause, SyncStall, TerminalStatus } from './terminal-api';

type Listener = (status: TerminalStatus) => void;

/**
 * What the screens show about the link to the back office. Connectivity is learnt from
 * every call the core makes (sales, heartbeats, catalog pulls); queue figures are read
 * from the outbox each time, so they are never stale.
 */
export class StatusBoard {
  private online = false;
  private cause: OfflineCause | null = null;
  /** Why the token was refused, if it was: revoked by an admin, or not known any more (its terminal paired again elsewhere). */
  private tokenRefusal: 'token_revoked' | 'token_refused' | null = null;
  private lastSyncAt: string | null = null;
  /** What the drain under way has sent; null when none runs. */
  private drainDone: number | null = null;
  private stall: SyncStall | null = null;
  /** When the back office last answered anything (ms): a probe that fails after that is stale news. */
  private lastAnswerAt = 0;
  private readonly listeners = new Set<Listener>();
  private lastPublished = '';

  constructor(
    private readonly settings: TerminalSettings,
    private readonly outbox: Outbox,
    private readonly stuckAfterAttempts: number,
    /** The invoice profile as last pulled: what it lacks is on the status bar. */
    private readonly invoiceProfile: () => TillProfile | null,
    /** The catalog's products without a tax code (CatalogCache.untaxedProducts). */
    private readonly untaxedProducts: () => { count: number; names: string[] } = () => ({ count: 0, names: [] }),
  ) {}

  /** The back office answered (any status but 401): it is reachable and knows us. */
  reached(): void {
    this.online = true;
    this.cause = null;
    this.tokenRefusal = null;
    this.lastAnswerAt = Date.now();
  }

  /** The link probe got the back office's /health: reachable, which says nothing about the token. */
  reachable(): void {
    this.online = true;
    this.cause = null;
    this.lastAnswerAt = Date.now();
  }

  /**
   * The link probe started at `startedAt` failed. Ignored if something else heard the
   * back office since then (a slow probe must not flip a working link to offline).
   */
  probeFailed(cause: OfflineCause, startedAt: number): void {
    if (this.lastAnswerAt > startedAt) return;
    this.unreachable(cause);
  }

  unreachable(cause: OfflineCause): void {
    this.online = false;
    this.cause = cause;
  }

  /** `code`: the back office's 401 code; `unauthorized` is a token it does not know (paired again), not a revocation. */
  revoked(code = 'terminal_revoked'): void {
    this.online = false;
    this.tokenRefusal = code === 'unauthorized' ? 'token_refused' : 'token_revoked';
  }

  paired(): void {
    this.tokenRefusal = null;
  }

  get isTokenRevoked(): boolean {
    return this.tokenRefusal !== null;
  }

  synced(at: string): void {
    this.lastSyncAt = at;
  }

  /** `done`: what the drain under way has sent (its total is that plus what waits, counted when read); null: no drain. */
  setDrain(done: number | null): void {
    this.drainDone = done;
  }

  /** The sync worker tripped and will try again; `since` is kept from the first trip of a run of them. */
  stalled(stall: SyncStall): void {
    this.stall = { ...stall, since: this.stall?.since ?? stall.since };
  }

  resumed(): void {
    this.stall = null;
  }

  get syncStalled(): SyncStall | null {
    return this.stall;
  }

  status(): TerminalStatus {
    const pairing = this.settings.pairing();
    const stats = this.outbox.stats();
    const head = this.outbox.head();
    const offlineCause: OfflineCause | null = pairing === null ? 'not_paired' : (this.tokenRefusal ?? (this.online ? null : this.cause));
    const online = pairing !== null && this.tokenRefusal === null && this.online;
    // A drain runs only while the back office is reached and the worker is not stalled (offline,
    // "0 of 5" said a drain ran that did not); its total is what it sent plus what waits now,
    // so sales rung up meanwhile count (the round's own figure went stale: probe finding 4).
    const drain =
      this.drainDone !== null && online && this.stall === null && stats.pending > 0
        ? { done: this.drainDone, total: this.drainDone + stats.pending }
        : null;
    return {
      paired: pairing !== null,
      serverUrl: pairing?.serverUrl ?? null,
      terminalCode: pairing?.terminalCode ?? null,
      storeCode: pairing?.storeCode ?? null,
      businessCode: pairing?.businessCode ?? null,
      online,
      offlineCause,
      pending: stats.pending,
      oldestPendingAt: stats.oldestPendingAt,
      needsAttention: stats.needsAttention,
      drain,
      lastSyncAt: this.lastSyncAt,
      stuckHead:
        head !== null && head.attempts >= this.stuckAfterAttempts
          ? { entryId: head.id, attempts: head.attempts, since: head.firstAttemptAt ?? new Date().toISOString() }
          : null,
      syncStalled: this.stall,
      // Unpaired, the status says so: there is no back office to set them in yet.
      invoiceDetailsMissing: pairing === null ? [] : missingInvoiceDetails(this.invoiceProfile(), this.untaxedProducts()),
      timeZone: documentTimeZone(this.invoiceProfile()),
    };
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Pushes the status to the screens when it differs from what they last got. Never throws:
   * it follows writes that are already committed (a sale, a settled round), and a status
   * that cannot be read now (the database failing) is pushed by the next call that can.
   */
  publish(): void {
    if (this.listeners.size === 0) return;
    let status: TerminalStatus;
    try {
      status = this.status();
    } catch {
      return;
    }
    const text = JSON.stringify(status);
    if (text === this.lastPublished) return;
    this.lastPublished = text;
    for (const listener of this.listeners) listener(status);
  }
}
