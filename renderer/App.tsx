import { useMemo } from 'react';
import { CartStore } from './cart-store';
import './cashier/cashier.css';
import { CashierGate } from './cashier/CashierGate';
import { OfflineBanner } from './cashier/OfflineBanner';
import { useCounterSetup } from './cashier/use-counter-setup';
import { ManagerGate } from './manager/ManagerGate';
import { newDeskMemory } from './manager/ManagerDesk';
import { useHashView, ViewSwitch } from './manager/use-hash-view';
import { useOneWindow } from './one-window';
import { PairingScreen } from './PairingScreen';
import { StatusBar } from './StatusBar';
import { connectToTerminal } from './terminal-connection';
import { useTerminalStatus } from './use-terminal-status';

export function App() {
  const connection = useMemo(() => connectToTerminal(), []);
  const cartStore = useMemo(() => new CartStore(), []);
  // The manager desk's tab and half-filled refund, kept while the manager is at the till.
  const deskMemory = useMemo(() => newDeskMemory(), []);
  const status = useTerminalStatus(connection);
  const view = useHashView();
  const { settings } = useCounterSetup(connection.api, status);
  const screens = useOneWindow();
  if (screens.use !== 'here')
    return (
      <div className="app">
        {screens.use === 'checking' ? (
          <main className="waiting">Opening the till…</main>
        ) : (
          <main className="waiting">
            <section className="pairing-card" role="alert">
              <h1>The till is open in another tab</h1>
              <p>
                This till&apos;s screens are in use in another tab or window of this browser. Use them there: two would overwrite each other&apos;s
                cart.
              </p>
              <button type="button" className="primary" onClick={screens.takeOver}>
                Use the till here instead
              </button>
            </section>
          </main>
        )}
      </div>
    );
  return (
    <div className="app">
      <StatusBar status={status} />
      {/* The banner above the Manager link: the link sits at the end of the cashier's own row, never on a row of its own. */}
      {status?.paired && <OfflineBanner status={status} warningHours={settings?.offlineWarningHours ?? 24} />}
      {status?.paired && <ViewSwitch view={view} />}
      {status === null ? (
        <main className="waiting">Connecting to the terminal…</main>
      ) : status.paired && view === 'manager' ? (
        <ManagerGate api={connection.api} status={status} cartStore={cartStore} deskMemory={deskMemory} />
      ) : status.paired ? (
        <CashierGate api={connection.api} status={status} cartStore={cartStore} />
      ) : (
        <PairingScreen api={connection.api} status={status} />
      )}
    </div>
  );
}
