import { useEffect, useState, type FormEvent } from 'react';
import type { DeskDocument, StockDesk, StockWork } from '../../terminal/stock/stock-desk-schemas';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { errorText } from '../error-text';
import { readStockQuantity } from './stock-quantity';

/** A key per form, minted when the form opens: submitting it twice (a double tap) queues the work once. */
const newKey = () => crypto.randomUUID();

/**
 * The manager's stock desk at the till: the store's open counts, deliveries and transfers
 * (as last fetched: it works offline), counting by scanning, receiving a delivery or a
 * transfer with what arrived, sending a transfer. Everything queues like a sale and shows
 * in the sync queue; the back office's number comes back when it answers.
 */
export function StockScreen({ api, status }: { api: TerminalApi; status: TerminalStatus }) {
  const [desk, setDesk] = useState<StockDesk>({ fetchedAt: null, documents: [] });
  const [work, setWork] = useState<StockWork[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = async () => {
    setDesk(await api.stockDesk());
    setWork(await api.stockWork());
  };
  useEffect(() => {
    void reload().catch((caught: unknown) => setError(errorText(caught, 'The stock desk could not be read.')));
    // The sync state and numbers move as the queue drains (or an entry is refused, or voided): read them again then.
  }, [status.pending, status.lastSyncAt, status.needsAttention]);

  async function run(action: () => Promise<string>, fallback: string) {
    setError(null);
    setNotice(null);
    try {
      setNotice(await action());
      await reload();
    } catch (caught) {
      setError(errorText(caught, fallback));
    }
  }

  const refresh = () =>
    void run(async () => {
      const fresh = await api.refreshStockDesk();
      return `Fetched from the back office: ${fresh.documents.length} open.`;
    }, 'The back office could not be reached; the last list is shown.');

  // A delivery or transfer this till already received or sent is done here, whatever the list
  // of the last fetch says; unless that work was voided in the sync queue (never sent, or
  // refused and put aside): then it is still to do, and shows again.
  const done = new Set(work.filter((w) => w.kind !== 'count_lines' && w.syncState !== 'voided').map((w) => w.documentId));
  const counts = desk.documents.filter((d) => d.kind === 'count');
  const receipts = desk.documents.filter((d) => d.kind === 'receipt' && !done.has(d.id));
  const transfers = desk.documents.filter((d) => d.kind === 'transfer' && !done.has(d.id));
  return (
    <section className="stock-screen" data-testid="stock-screen">
      <h2>Stock</h2>
      <p>
        <button type="button" onClick={refresh} data-testid="stock-refresh">
          Refresh from the back office
        </button>{' '}
        <span data-testid="stock-fetched-at">{desk.fetchedAt ? `List of ${new Date(desk.fetchedAt).toLocaleString()}` : 'Not fetched yet'}</span>
      </p>
      {notice && (
        <p className="notice" data-testid="stock-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="stock-error">
          {error}
        </p>
      )}
      <h3>Counts</h3>
      {counts.length === 0 && <p>No count is open for this store.</p>}
      {counts.map((count) => (
        <CountForm key={count.id} api={api} count={count} onDone={(text) => void run(async () => text, '')} onError={setError} />
      ))}
      <h3>Deliveries</h3>
      {receipts.length === 0 && <p>No delivery is waiting.</p>}
      {receipts.map((doc) => (
        <ArrivalForm
          key={doc.id}
          doc={doc}
          onError={setError}
          button="Receive delivery"
          submit={(workKey, lines) =>
            run(async () => {
              await api.receiveDelivery({ workKey, receiptId: doc.id, lines });
              return `${doc.label}: received, queued for the back office.`;
            }, 'The delivery was not recorded.')
          }
        />
      ))}
      <h3>Transfers</h3>
      {transfers.length === 0 && <p>No transfer to send or receive.</p>}
      {transfers.map((doc) =>
        doc.direction === 'out' ? (
          <SendForm
            key={doc.id}
            doc={doc}
            submit={(workKey) =>
              run(async () => {
                await api.sendTransfer({ workKey, transferId: doc.id });
                return `${doc.number ?? doc.label}: sent, queued for the back office.`;
              }, 'The transfer was not recorded.')
            }
          />
        ) : (
          <ArrivalForm
            key={doc.id}
            doc={doc}
            onError={setError}
            button="Receive transfer"
            submit={(workKey, lines) =>
              run(async () => {
                await api.receiveTransfer({ workKey, transferId: doc.id, lines });
                return `${doc.number ?? doc.label}: received, queued for the back office.`;
              }, 'The transfer was not recorded.')
            }
          />
        ),
      )}
      <h3>Done at this till</h3>
      <table data-testid="stock-work">
        <thead>
          <tr>
            <th>What</th>
            <th>Number</th>
            <th>By</th>
            <th>Sync</th>
          </tr>
        </thead>
        <tbody>
          {work.map((w) => (
            <tr key={w.id} data-testid="stock-work-row" data-kind={w.kind} data-state={w.syncState}>
              <td>{w.kind.replace('_', ' ')}</td>
              <td data-testid="stock-work-number">{w.number ?? '—'}</td>
              <td>{w.createdBy}</td>
              <td>{w.syncState}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Scan (or type) a code, Enter: one counted line, queued at once under its own key. */
function CountForm({
  api,
  count,
  onDone,
  onError,
}: {
  api: TerminalApi;
  count: DeskDocument;
  onDone(text: string): void;
  onError(text: string): void;
}) {
  const [code, setCode] = useState('');
  const [qty, setQty] = useState('1');
  const [key, setKey] = useState(newKey);
  const [scanned, setScanned] = useState<string[]>([]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') return onError('Scan or type the code of what was counted.');
    const read = readStockQuantity(qty);
    if ('problem' in read) return onError(read.problem);
    const amount = read.qty;
    try {
      await api.countScan({ workKey: key, countId: count.id, lines: [{ code: code.trim(), qty: amount }] });
      setScanned((before) => [...before, `${code.trim()} × ${amount}`]);
      setKey(newKey());
      setCode('');
      setQty('1');
      onDone(`Counted ${code.trim()} × ${amount}.`);
    } catch (caught) {
      onError(errorText(caught, 'The counted line was not recorded.'));
    }
  };
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} data-testid="count-form">
      <p>{count.label}</p>
      <label>
        Quantity <input value={qty} onChange={(event) => setQty(event.target.value)} inputMode="decimal" size={5} data-testid="count-qty" />
      </label>{' '}
      <label>
        Code <input value={code} onChange={(event) => setCode(event.target.value)} autoFocus data-testid="count-code" />
      </label>{' '}
      <button type="submit" data-testid="count-add">
        Count
      </button>
      <ul data-testid="count-scanned">
        {scanned.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
    </form>
  );
}

/** A delivery or a transfer arriving: each line's quantity as it arrived (all of it unless changed). */
function ArrivalForm({
  doc,
  button,
  submit,
  onError,
}: {
  doc: DeskDocument;
  button: string;
  submit(workKey: string, lines: { sku: string; qtyReceived: number }[]): Promise<void>;
  onError(text: string): void;
}) {
  const [key] = useState(newKey);
  const [arrived, setArrived] = useState<Record<string, string>>(() => Object.fromEntries(doc.lines.map((l) => [l.sku, String(l.qty)])));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const lines: { sku: string; qtyReceived: number }[] = [];
    // Every line read first: one that is not a quantity stops the whole form, nothing queued.
    for (const line of doc.lines) {
      const read = readStockQuantity(arrived[line.sku] ?? String(line.qty));
      if ('problem' in read) return onError(`${line.sku}: ${read.problem}`);
      if (read.qty !== line.qty) lines.push({ sku: line.sku, qtyReceived: read.qty });
    }
    void submit(key, lines);
  };
  return (
    <form className="inline-form" onSubmit={onSubmit} data-testid={`arrival-${doc.id}`}>
      <p>
        <strong>{doc.number ?? doc.label}</strong> {doc.number ? doc.label : ''}
      </p>
      {doc.lines.map((line) => (
        <label key={line.sku}>
          {line.sku} (sent {line.qty}){' '}
          <input
            value={arrived[line.sku] ?? ''}
            onChange={(event) => setArrived((before) => ({ ...before, [line.sku]: event.target.value }))}
            inputMode="decimal"
            size={5}
            data-testid={`arrived-${line.sku}`}
          />{' '}
        </label>
      ))}
      <button type="submit" data-testid="arrival-submit">
        {button}
      </button>
    </form>
  );
}

function SendForm({ doc, submit }: { doc: DeskDocument; submit(workKey: string): Promise<void> }) {
  const [key] = useState(newKey);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(key);
      }}
      data-testid={`send-${doc.id}`}
    >
      <p>
        <strong>{doc.number ?? ''}</strong> {doc.label}: {doc.lines.map((l) => `${l.sku} × ${l.qty}`).join(', ')}
      </p>
      <button type="submit">Send transfer</button>
    </form>
  );
}
