import { useEffect, useRef, useState } from 'react';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { RefundScreen } from './RefundScreen';
import { ShiftScreen } from './ShiftScreen';
import { StockScreen } from './StockScreen';
import { SyncQueueScreen } from './SyncQueueScreen';
import { TillScreen } from './TillScreen';
import './manager.css';

type Tab = 'queue' | 'refund' | 'shift' | 'stock' | 'till';
const TABS: { tab: Tab; label: string }[] = [
  { tab: 'queue', label: 'Sync queue' },
  { tab: 'refund', label: 'Refund' },
  { tab: 'shift', label: 'Shift' },
  { tab: 'stock', label: 'Stock' },
  { tab: 'till', label: 'Till' },
];

/** The store manager's side of the counter: what has not reached the back office, refunds, shifts, stock, the till's pairing. */
export function ManagerDesk({ api, status }: { api: TerminalApi; status: TerminalStatus }) {
  const [tab, setTab] = useState<Tab>('queue');
  const desk = useRef<HTMLElement | null>(null);
  // Opened (a manager signed in at the gate, or the desk reached from the till): its screen's heading has the keyboard.
  useEffect(() => {
    const heading = desk.current?.querySelector<HTMLElement>('h2');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, []);
  return (
    <main className="manager" ref={desk}>
      <nav className="manager-tabs no-print" aria-label="Manager">
        {TABS.map((t) => (
          <button
            key={t.tab}
            type="button"
            className={t.tab === tab ? 'active' : ''}
            onClick={() => setTab(t.tab)}
            data-testid={`manager-tab-${t.tab}`}
          >
            {t.label}
            {t.tab === 'queue' && status.needsAttention > 0 && <span className="badge">{status.needsAttention}</span>}
            {t.tab === 'till' && (status.offlineCause === 'token_revoked' || status.offlineCause === 'token_refused') && (
              <span className="badge">!</span>
            )}
          </button>
        ))}
      </nav>
      {tab === 'queue' && <SyncQueueScreen api={api} status={status} />}
      {tab === 'refund' && <RefundScreen api={api} status={status} />}
      {tab === 'shift' && <ShiftScreen api={api} status={status} />}
      {tab === 'stock' && <StockScreen api={api} status={status} />}
      {tab === 'till' && <TillScreen api={api} status={status} />}
    </main>
  );
}
