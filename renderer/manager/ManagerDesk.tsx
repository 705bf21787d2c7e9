import { useEffect, useMemo, useRef, useState } from 'react';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { RefundScreen, type RefundDraft } from './RefundScreen';
import { ShiftScreen } from './ShiftScreen';
import { StockScreen } from './StockScreen';
import { SyncQueueScreen } from './SyncQueueScreen';
import { TillScreen } from './TillScreen';
import './manager.css';
import type { Cart } from '../cart';

type Tab = 'queue' | 'refund' | 'shift' | 'stock' | 'till';

/**
 * What the desk keeps while the manager is at the till (the cashier's screen, the desk closed):
 * the tab they were on and a refund half filled in, so coming back finds both as they were.
 * Held by the app for as long as the page lives; never the PIN.
 */
export interface DeskMemory {
  /** Whose desk it was: another manager signing in starts from a clean desk. */
  manager: string | null;
  tab: Tab;
  refundDraft: RefundDraft | null;
}

export const newDeskMemory = (): DeskMemory => ({ manager: null, tab: 'queue', refundDraft: null });

/** The memory of this manager's desk: as they left it, or a clean one when the desk was someone else's. */
export function deskMemoryOf(memory: DeskMemory, manager: string): DeskMemory {
  if (memory.manager !== manager) Object.assign(memory, newDeskMemory(), { manager });
  return memory;
}
const TABS: { tab: Tab; label: string }[] = [
  { tab: 'queue', label: 'Sync queue' },
  { tab: 'refund', label: 'Refund' },
  { tab: 'shift', label: 'Shift' },
  { tab: 'stock', label: 'Stock' },
  { tab: 'till', label: 'Till' },
];

/** The store manager's side of the counter: what has not reached the back office, refunds, shifts, stock, the till's pairing. */
export function ManagerDesk({
  api,
  status,
  memory: kept,
  heldCarts,
}: {
  api: TerminalApi;
  status: TerminalStatus;
  memory?: DeskMemory;
  /** The carts held at this till's counter (the app's CartStore): the Z reading's question names them. */
  heldCarts?: () => Promise<Cart[]>;
}) {
  // Without the app's memory (a desk on its own), the desk keeps its own while it is open.
  const [own] = useState(newDeskMemory);
  const memory = kept ?? own;
  const [tab, setTabShown] = useState<Tab>(memory.tab);
  const setTab = (next: Tab) => {
    memory.tab = next;
    setTabShown(next);
  };
  // A refund half filled in outlives a visit to another tab (the Shift tab its refusal sent the manager to) and to the till.
  const refundDraft = useMemo(
    () => ({
      get current() {
        return memory.refundDraft;
      },
      set current(draft: RefundDraft | null) {
        memory.refundDraft = draft;
      },
    }),
    [memory],
  );
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
        {TABS.map((t) => {
          const badge = badgeOf(t.tab, status);
          return (
            <button
              key={t.tab}
              type="button"
              className={t.tab === tab ? 'active' : ''}
              aria-current={t.tab === tab ? 'page' : undefined}
              // The badge read in words ("Sync queue, 2 need attention"), not run into the tab's name ("Sync queue2").
              aria-label={badge ? `${t.label}, ${badge.said}` : undefined}
              onClick={() => setTab(t.tab)}
              data-testid={`manager-tab-${t.tab}`}
            >
              {t.label}
              {badge && <span className="badge">{badge.shown}</span>}
            </button>
          );
        })}
      </nav>
      {tab === 'queue' && <SyncQueueScreen api={api} status={status} />}
      {tab === 'refund' && <RefundScreen api={api} status={status} draft={refundDraft} />}
      {tab === 'shift' && <ShiftScreen api={api} status={status} {...(heldCarts ? { heldCarts } : {})} />}
      {tab === 'stock' && <StockScreen api={api} status={status} />}
      {tab === 'till' && <TillScreen api={api} status={status} />}
    </main>
  );
}

/** What a tab's badge shows, and says to a screen reader: entries needing attention, a till a manager must pair again. */
function badgeOf(tab: Tab, status: TerminalStatus): { shown: string; said: string } | null {
  if (tab === 'queue' && status.needsAttention > 0)
    return { shown: String(status.needsAttention), said: `${status.needsAttention} ${status.needsAttention === 1 ? 'needs' : 'need'} attention` };
  if (tab === 'till' && (status.offlineCause === 'token_revoked' || status.offlineCause === 'token_refused'))
    return { shown: '!', said: 'a manager must pair it again' };
  return null;
}
