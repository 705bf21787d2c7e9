import { useEffect, useState, type FormEvent } from 'react';
import type { Cashier } from '../../terminal/cashiers/cashier-api';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { errorText } from '../error-text';
import { ManagerDesk } from './ManagerDesk';

/**
 * Only a signed-in manager sees the manager desk. Anyone else gets a PIN field: a manager
 * signs in there (taking over the till, as signing in at the counter does). The core
 * checks it again for what the desk reads and does (exportQueue, PINs on every action).
 */
export function ManagerGate({ api, status }: { api: TerminalApi; status: TerminalStatus }) {
  const [person, setPerson] = useState<Cashier | null | undefined>(undefined);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.currentCashier().then(setPerson, () => setPerson(null));
  }, [api]);

  async function signIn(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const signedIn = await api.signIn({ pin });
      setPerson(signedIn);
      if (signedIn.role !== 'manager') setError(`${signedIn.name} is not a manager: the manager desk stays closed. (not_allowed)`);
    } catch (caught) {
      setError(errorText(caught, 'Signing in did not work.'));
    }
    setPin('');
  }

  if (person === undefined) return <main className="waiting">Loading…</main>;
  if (person?.role === 'manager') return <ManagerDesk api={api} status={status} />;
  return (
    <main className="pairing">
      <form className="pairing-card sign-in" onSubmit={(e) => void signIn(e)} data-testid="manager-gate">
        <h1>Manager desk</h1>
        <p className="muted" data-testid="manager-gate-who">
          {person === null ? 'Nobody is signed in.' : `${person.name} (${person.role}) is signed in.`} Only a manager may open the sync queue, refunds
          and shifts: a manager signs in here with their PIN.
        </p>
        <label>
          Manager PIN
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
            data-testid="manager-gate-pin"
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="manager-gate-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" data-testid="manager-gate-sign-in">
          Sign in <kbd>Enter</kbd>
        </button>
      </form>
    </main>
  );
}
