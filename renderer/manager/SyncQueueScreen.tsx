import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { QueueCounts } from '../../terminal/manager/queue-schemas';
import type { QueueItem, QueueState, TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { errorText } from '../error-text';
import { useNow } from '../use-terminal-status';
import { downloadJson } from './print-document';
import { QueueRow } from './QueueRow';
import { useFocusOn } from './focus-on';
import { usePrintedBy } from './use-printed-by';

const FILTERS: { state: QueueState | 'all'; label: string }[] = [
  { state: 'all', label: 'All' },
  { state: 'pending', label: 'Pending' },
  { state: 'sending', label: 'Sending' },
  { state: 'needs_attention', label: 'Needs attention' },
  { state: 'synced', label: 'Synced' },
  { state: 'voided', label: 'Voided' },
];

/**
 * Every queued write and where it stands: how old, how many attempts, the back office's
 * last refusal, when it goes again, and the receipt or return number it carries.
 */
export function SyncQueueScreen({ api, status }: { api: TerminalApi; status: TerminalStatus }) {
  const now = useNow(5_000);
  const { nameOf } = usePrintedBy(api, status);
  const [filter, setFilter] = useState<QueueState | 'all'>('all');
  const [items, setItems] = useState<QueueItem[]>([]);
  const [counts, setCounts] = useState<QueueCounts | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const tabsId = useId();
  const tabs = useRef<HTMLDivElement | null>(null);
  // A void done takes its form (and the focused field) away: the queue's heading has the keyboard, the message is announced.
  const [voided, setVoided] = useState(0);
  useFocusOn(heading, voided || null);

  const load = useCallback(async () => {
    const [nextItems, nextCounts] = await Promise.all([
      api.queueItems({ ...(filter === 'all' ? {} : { state: filter }), newestFirst: true, limit: 200 }),
      api.queueCounts(),
    ]);
    setItems(nextItems);
    setCounts(nextCounts);
  }, [api, filter]);

  // Each status push may mean an entry moved: read the queue again.
  useEffect(() => {
    load().catch((caught: unknown) => setError(errorText(caught, 'The queue could not be read.')));
  }, [load, status]);

  /** Runs a manager's action; true when it was done (a refused one leaves its form as typed). */
  async function act(what: () => Promise<unknown>, done: string): Promise<boolean> {
    setError(null);
    setMessage(null);
    try {
      await what();
      setMessage(done);
      await load();
      return true;
    } catch (caught) {
      setError(errorText(caught, 'That did not work.'));
      return false;
    }
  }

  async function exportQueue() {
    const file = await api.exportQueue();
    downloadJson(`counter-queue-${status.terminalCode ?? 'terminal'}-${file.exportedAt.slice(0, 19).replace(/[:T]/g, '-')}.json`, file);
  }

  /** ← → Home End move between the filters and show the one reached, as a tab list does for a screen reader. */
  function onTabKey(event: KeyboardEvent) {
    const at = FILTERS.findIndex((f) => f.state === filter);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: FILTERS.length - 1 }[event.key];
    const next = to === undefined ? undefined : FILTERS[(to + FILTERS.length) % FILTERS.length];
    if (!next) return;
    event.preventDefault();
    setFilter(next.state);
    tabs.current?.querySelector<HTMLElement>(`[data-testid="queue-filter-${next.state}"]`)?.focus();
  }

  // Only while sending, as in the status bar: offline or stalled, "0 of 2" would say a drain runs that does not.
  const drain = status.online && !status.syncStalled ? status.drain : null;
  return (
    <section className="panel queue-screen" aria-label="Sync queue" data-testid="queue-screen">
      <header className="queue-head">
        <h2 ref={heading}>Sync queue</h2>
        <div className="queue-actions">
          <button
            type="button"
            onClick={() => void act(() => api.retryAll(), 'Everything waiting is being sent again.')}
            data-testid="queue-retry-all"
          >
            Retry all
          </button>
          <button type="button" onClick={() => void act(exportQueue, 'Queue and diagnostics exported.')} data-testid="queue-export">
            Export queue (JSON)
          </button>
        </div>
      </header>
      {drain && drain.total > 0 && (
        <div className="drain" data-testid="queue-drain">
          <progress max={drain.total} value={drain.done} />
          <span>
            Sending backlog: {drain.done} of {drain.total}
          </span>
        </div>
      )}
      <div className="queue-filters" role="tablist" aria-label="Entries by state" ref={tabs} onKeyDown={onTabKey}>
        {FILTERS.map((f) => (
          <button
            key={f.state}
            type="button"
            role="tab"
            id={`${tabsId}-${f.state}`}
            aria-selected={filter === f.state}
            aria-controls={`${tabsId}-entries`}
            tabIndex={filter === f.state ? 0 : -1}
            className={`filter filter-${f.state} ${filter === f.state ? 'active' : ''} ${counts !== null && f.state !== 'all' && counts[f.state] === 0 ? 'none' : ''}`}
            onClick={() => setFilter(f.state)}
            data-testid={`queue-filter-${f.state}`}
          >
            {f.label}{' '}
            <span className="count" data-testid={`queue-count-${f.state}`}>
              {counts === null ? '…' : f.state === 'all' ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[f.state]}
            </span>
          </button>
        ))}
      </div>
      <div id={`${tabsId}-entries`} role="tabpanel" aria-labelledby={`${tabsId}-${filter}`} data-testid="queue-entries">
        {message && (
          <p className="notice" role="status" data-testid="queue-message">
            {message}
          </p>
        )}
        {error && (
          <p className="error" role="alert" data-testid="queue-error">
            {error}
          </p>
        )}
        {items.length === 0 ? (
          <p className="empty">Nothing here.</p>
        ) : (
          <table className="queue-table">
            <thead>
              <tr>
                <th>Document</th>
                <th>State</th>
                <th>Age</th>
                <th className="num">Attempts</th>
                <th>Last error</th>
                {/* A synced entry has no next try: the column says when it reached the back office (a walk read "Next try: synced 10:00 PM"). */}
                <th>Next try, or sent</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <QueueRow
                  key={item.id}
                  item={item}
                  now={now}
                  nameOf={nameOf}
                  timeZone={status.timeZone}
                  onFormRefusal={() => setError(null)}
                  onRetry={() => act(() => api.retry({ id: item.id }), `${item.documentNumber} is being sent again.`)}
                  onVoid={async (reason, managerPin) => {
                    const done = await act(
                      () => api.voidQueueEntry({ id: item.id, reason, approval: { managerPin } }),
                      `${item.documentNumber} was voided.`,
                    );
                    if (done) setVoided((n) => n + 1);
                    return done;
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
