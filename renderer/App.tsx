import { useMemo } from 'react';
import { CartStore } from './cart-store';
import { CashierScreen } from './screens/CashierScreen';
import { PairingScreen } from './screens/PairingScreen';
import { StatusBar } from './screens/StatusBar';
import { connectToTerminal } from './terminal-connection';
import { useTerminalStatus } from './use-terminal-status';

export function App() {
  const connection = useMemo(() => connectToTerminal(), []);
  const cartStore = useMemo(() => new CartStore(), []);
  const status = useTerminalStatus(connection);
  return (
    <div className="app">
      <StatusBar status={status} />
      {status === null ? (
        <main className="waiting">Connecting to the terminal…</main>
      ) : status.paired ? (
        <CashierScreen api={connection.api} status={status} cartStore={cartStore} />
      ) : (
        <PairingScreen api={connection.api} />
      )}
    </div>
  );
}
