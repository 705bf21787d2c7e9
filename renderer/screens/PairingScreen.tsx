import { useState, type FormEvent } from 'react';
import type { TerminalApi } from '../../sync/terminal-api';
import { errorText } from '../error-text';

/** First start of a terminal: the back office address and the one-time pairing code. */
export function PairingScreen({ api }: { api: TerminalApi }) {
  const [serverUrl, setServerUrl] = useState('http://127.0.0.1:8787');
  const [pairingCode, setPairingCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.pair({ serverUrl: serverUrl.trim(), pairingCode: pairingCode.trim() });
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
        <p>Ask the store manager for a pairing code (back office: “counter-server terminal add”).</p>
        <label>
          Back office address
          <input data-testid="pairing-server-url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} required />
        </label>
        <label>
          Pairing code
          <input data-testid="pairing-code" value={pairingCode} onChange={(e) => setPairingCode(e.target.value)} autoFocus required autoComplete="off" />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="pairing-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid="pairing-submit">
          {busy ? 'Pairing…' : 'Pair'}
        </button>
      </form>
    </main>
  );
}
