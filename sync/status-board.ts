import type { Outbox } from './outbox/outbox';
import type { TerminalSettings } from './store/terminal-settings';
import type { OfflineCause, TerminalStatus } from './terminal-api';

type Listener = (status: TerminalStatus) => void;

/**
 * What the screens show about the link to the back office. Connectivity is learnt from
 * every call the core makes (sales, heartbeats, catalog pulls); queue figures are read
 * from the outbox each time, so they are never stale.
 */
export class StatusBoard {
  private online = false;
  private cause: OfflineCause | null = null;
  private tokenRevoked = false;
  private lastSyncAt: string | null = null;
  private drain: { done: number; total: number } | null = null;
  private readonly listeners = new Set<Listener>();
  private lastPublished = '';

  constructor(
    private readonly settings: TerminalSettings,
    private readonly outbox: Outbox,
    private readonly stuckAfterAttempts: number,
  ) {}

  /** The back office answered (any status but 401): it is reachable and knows us. */
  reached(): void {
    this.online = true;
    this.cause = null;
    this.tokenRevoked = false;
  }

  unreachable(cause: OfflineCause): void {
    this.online = false;
    this.cause = cause;
  }

  revoked(): void {
    this.online = false;
    this.tokenRevoked = true;
  }

  paired(): void {
    this.tokenRevoked = false;
  }

  get isTokenRevoked(): boolean {
    return this.tokenRevoked;
  }

  synced(at: string): void {
    this.lastSyncAt = at;
  }

  setDrain(drain: { done: number; total: number } | null): void {
    this.drain = drain;
  }

  status(): TerminalStatus {
    const pairing = this.settings.pairing();
    const stats = this.outbox.stats();
    const head = this.outbox.head();
    const offlineCause: OfflineCause | null = pairing === null ? 'not_paired' : this.tokenRevoked ? 'token_revoked' : this.online ? null : this.cause;
    return {
      paired: pairing !== null,
      serverUrl: pairing?.serverUrl ?? null,
      terminalCode: pairing?.terminalCode ?? null,
      storeCode: pairing?.storeCode ?? null,
      businessCode: pairing?.businessCode ?? null,
      online: pairing !== null && !this.tokenRevoked && this.online,
      offlineCause,
      pending: stats.pending,
      oldestPendingAt: stats.oldestPendingAt,
      needsAttention: stats.needsAttention,
      drain: this.drain,
      lastSyncAt: this.lastSyncAt,
      stuckHead:
        head !== null && head.attempts >= this.stuckAfterAttempts
          ? { entryId: head.id, attempts: head.attempts, since: head.firstAttemptAt ?? new Date().toISOString() }
          : null,
    };
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pushes the status to the screens when it differs from what they last got. */
  publish(): void {
    if (this.listeners.size === 0) return;
    const status = this.status();
    const text = JSON.stringify(status);
    if (text === this.lastPublished) return;
    this.lastPublished = text;
    for (const listener of this.listeners) listener(status);
  }
}
