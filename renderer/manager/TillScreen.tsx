import { useState, type FormEvent } from 'react';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { errorText } from '../error-text';
import { backOfficeAddress } from '../server-address';

/**
 * Which back office this till belongs to, and a manager's two ways to change it: pair it
 * again with a new code (after the back office revoked it, or to move it), and unpair it.
 * The core checks again that a manager is signed in, and refuses what could record a sale
 * twice (queue_unsettled); its sentence is shown as is.
 */
export function TillScreen({ api, status }: { api: TerminalApi; status: TerminalStatus }) {
  const [serverUrl, setServerUrl] = useState(status.serverUrl ?? '');
  const [pairingCode, setPairingCode] = useState('');
  const [confirmUnpair, setConfirmUnpair] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(action: () => Promise<string>, fallback: string) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await action());
    } catch (caught) {
      setError(errorText(caught, fallback));
    } finally {
      setBusy(false);
    }
  }

  const { assumed } = backOfficeAddress(serverUrl);

  const pairAgain = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const before = status.terminalCode;
      const after = await api.pair({ serverUrl: backOfficeAddress(serverUrl).url, pairingCode: pairingCode.trim() });
      setPairingCode('');
      return after.terminalCode === before
        ? `Paired again as ${after.terminalCode ?? 'the same terminal'}: the queued sales are sent again under their own keys, and the back office keeps each once.`
        : `Paired as terminal ${after.terminalCode ?? '?'} (${after.businessCode ?? '?'}/${after.storeCode ?? '?'}): the catalog is fetched afresh.`;
    }, 'Pairing did not work. Check the address and the code.');
  };

  const unpair = () =>
    void run(async () => {
      await api.unpair();
      setConfirmUnpair(false);
      return 'This till is unpaired. Its sales and queue stay here until it is paired again.';
    }, 'The till was not unpaired.');

  return (
    <section className="till-screen" data-testid="till-screen">
      <h2>This till</h2>
      <p data-testid="till-identity">
        Terminal <strong>{status.terminalCode ?? '—'}</strong> · store {status.storeCode ?? '—'} · business {status.businessCode ?? '—'} · back office{' '}
        {status.serverUrl ?? '—'}
      </p>
      {status.offlineCause === 'token_refused' && (
        <p className="warning" data-testid="till-revoked">
          The back office no longer accepts this till&apos;s token: terminal {status.terminalCode} was paired again, on another till or with a newer
          code. Its sales are kept here and keep queuing. Ask the back office for a new pairing code for this till (a terminal of its own if another
          till now uses {status.terminalCode}), then pair again below: whatever is queued is sent once, under its own keys.
        </p>
      )}
      {status.offlineCause === 'token_revoked' && (
        <p className="warning" data-testid="till-revoked">
          The back office revoked this till. Its sales are kept here and keep queuing. Ask the back office for a new pairing code for terminal{' '}
          {status.terminalCode}, then pair again below: whatever is queued is sent once, under its own keys.
        </p>
      )}
      <form className="inline-form" onSubmit={pairAgain} data-testid="till-pair-form">
        <label className="field">
          Back office address
          <input value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} required data-testid="till-server-url" />
          {assumed !== null && (
            <small className="muted" data-testid="till-address-assumed">
              {assumed}
            </small>
          )}
        </label>
        <label className="field">
          New pairing code
          <input value={pairingCode} onChange={(e) => setPairingCode(e.target.value)} required autoComplete="off" data-testid="till-pairing-code" />
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="till-pair-submit">
          {busy ? 'Pairing…' : 'Pair again'}
        </button>
      </form>
      <p className="muted">
        A code for this same terminal keeps the catalog and the queue. A code for another terminal replaces the catalog, and is refused while a sale
        was sent without an answer.
      </p>
      {confirmUnpair ? (
        <p className="inline-form">
          <span className="warning">Unpair this till? It stops sending and cannot take payment until it is paired again.</span>
          <button type="button" className="danger" disabled={busy} onClick={unpair} data-testid="till-unpair-confirm">
            Unpair
          </button>
          <button type="button" onClick={() => setConfirmUnpair(false)}>
            Keep it paired
          </button>
        </p>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirmUnpair(true)} data-testid="till-unpair">
          Unpair this till…
        </button>
      )}
      {notice && (
        <p className="notice" role="status" data-testid="till-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="till-error">
          {error}
        </p>
      )}
    </section>
  );
}
