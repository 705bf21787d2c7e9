import { useEffect, useState, type FormEvent } from 'react';
import type { TerminalApi, TerminalStatus } from '../terminal/terminal-api';
import { errorText } from './error-text';
import { backOfficeAddress } from './server-address';

/** The address offered when neither the installer nor an earlier pairing gave one: a back office on this computer. */
const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

/**
 * First start of a terminal: the back office address and the one-time pairing code. The
 * address starts as the installer's preset (the desktop's admin file, `status.installerServer`,
 * read-only when locked) or the one the status names, else a back office on this computer.
 * Once people are on the till's roster (or it was paired before), the core wants a manager
 * signed in to pair it: the screen then asks for a manager's PIN and signs them in first.
 */
export function PairingScreen({ api, status }: { api: TerminalApi; status: TerminalStatus }) {
  const preset = status.installerServer;
  const locked = preset?.locked === true;
  // A locked preset the admin file spoilt cannot be paired at all (the desktop bridge refuses it): say why, up front.
  const lockProblem = locked ? (preset.problem ?? null) : null;
  const [serverUrl, setServerUrl] = useState((locked ? preset.url : null) ?? status.serverUrl ?? DEFAULT_SERVER_URL);
  const [pairingCode, setPairingCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [managerPin, setManagerPin] = useState('');
  const [rosterExists, setRosterExists] = useState(false);

  useEffect(() => {
    api.signInHelp().then(
      (help) => setRosterExists(!help.firstRun),
      () => setRosterExists(false),
    );
  }, [api]);

  const { assumed } = backOfficeAddress(serverUrl);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      if (managerPin !== '') {
        const person = await api.signIn({ pin: managerPin });
        setManagerPin('');
        if (person.role !== 'manager')
          throw new Error(`manager_required: ${person.name} is not a manager: a manager must sign in to pair this till.`);
      }
      await api.pair({ serverUrl: backOfficeAddress(serverUrl).url, pairingCode: pairingCode.trim() });
    } catch (caught) {
      setError(errorText(caught, 'Pairing failed. Check the address and the code.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="pairing">
      <form className="pairing-card" onSubmit={submit} data-testid="pairing-form">
        <h1>Pair this terminal</h1>
        <p data-testid="pairing-help">
          Ask the store manager for a pairing code. For a new till: counter-server terminal add --name “Till 1” --store MAIN. For a till that already
          has its terminal (its code lost, used or expired): counter-server terminal pairing-code --terminal T01, with its own terminal code.
        </p>
        <label>
          Back office address
          <input data-testid="pairing-server-url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} readOnly={locked} required />
        </label>
        {locked && lockProblem === null && (
          <p className="muted" data-testid="pairing-address-locked">
            This address is set by the administrator and locked: only this back office can pair this till.
          </p>
        )}
        {lockProblem !== null && (
          <p className="error" role="alert" data-testid="pairing-locked-problem">
            This till cannot be paired: {lockProblem}.
          </p>
        )}
        {assumed !== null && (
          <p className="muted" data-testid="pairing-address-assumed">
            {assumed}
          </p>
        )}
        <label>
          Pairing code
          <input
            data-testid="pairing-code"
            value={pairingCode}
            onChange={(e) => setPairingCode(e.target.value)}
            autoFocus
            required
            autoComplete="off"
          />
        </label>
        {rosterExists && (
          <label>
            Manager PIN
            <input
              data-testid="pairing-manager-pin"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              value={managerPin}
              onChange={(e) => setManagerPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
            />
          </label>
        )}
        {error && (
          <p className="error" role="alert" data-testid="pairing-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || lockProblem !== null} data-testid="pairing-submit">
          {busy ? 'Pairing…' : 'Pair'}
        </button>
      </form>
    </main>
  );
}
