import { syncWords } from './sync-words';
import { useEffect, useState } from 'react';
import type { CountedLine, DeskDocument, StockDesk, StockWork } from '../../terminal/stock/stock-desk-schemas';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { errorText } from '../error-text';
import { ArrivalForm } from './ArrivalForm';
import { CountForm } from './CountForm';
import { documentTime } from '../../terminal/invoicing/document-dates';
import { quantityText } from '../../protocol/sold-by';

/** A key per form, minted when the form opens: submitting it twice (a double tap) queues the work once. */
const newKey = () => crypto.randomUUID();

/** In place of "none open" while the list was never fetched: nothing is known yet. */
const NOT_FETCHED = 'Not known yet: the list has not been fetched from the back office (Refresh, once it answers).';

/** One message at a time: a new one (good news or a refusal) takes the old one's place. */
type Message = { kind: 'notice' | 'error'; text: string } | null;

const WORK_KIND: Record<StockWork['kind'], string> = {
  count_lines: 'Counted',
  receipt_approval: 'Delivery received',
  transfer_send: 'Transfer sent',
  transfer_receive: 'Transfer received',
};

/** What a product is called on the desk: its name where the catalog has it, else its SKU. */
const linesInWords = (doc: DeskDocument) => doc.lines.map((l) => `${l.name ?? l.sku} × ${quantityText(l.soldBy, l.qty)}`).join(', ');

/**
 * The manager's stock desk at the till: the store's open counts, deliveries and transfers
 * (as last fetched: it works offline), counting by scanning, receiving a delivery or a
 * transfer with what arrived, sending a transfer. Everything queues like a sale and shows
 * in the sync queue; the back office's number comes back when it answers.
 */
export function StockScreen({ api, status }: { api: TerminalApi; status: TerminalStatus }) {
  const [desk, setDesk] = useState<StockDesk>({ fetchedAt: null, documents: [] });
  const [work, setWork] = useState<StockWork[]>([]);
  const [counted, setCounted] = useState<Record<string, CountedLine[]>>({});
  const [message, setMessage] = useState<Message>(null);
  const say = (kind: 'notice' | 'error', text: string) => setMessage({ kind, text });

  const reload = async () => {
    const fresh = await api.stockDesk();
    setDesk(fresh);
    setWork(await api.stockWork());
    // What this till counted for each open count: from its own database, so a restart or another tab forgets none of it.
    const counts = fresh.documents.filter((d) => d.kind === 'count');
    setCounted(Object.fromEntries(await Promise.all(counts.map(async (c) => [c.id, await api.countedLines({ countId: c.id })] as const))));
  };
  useEffect(() => {
    void reload().catch((caught: unknown) => say('error', errorText(caught, 'The stock desk could not be read.')));
    // The sync state and numbers move as the queue drains (or an entry is refused, or voided): read them again then.
  }, [status.pending, status.lastSyncAt, status.needsAttention]);

  /** Runs one action; its outcome is the one message shown. Resolves true when it went through. */
  async function run(action: () => Promise<string>, fallback: string): Promise<boolean> {
    setMessage(null);
    try {
      say('notice', await action());
    } catch (caught) {
      say('error', errorText(caught, fallback));
      return false;
    }
    // Not awaited: the form that asked clears itself at once, with the notice (awaited, a quantity
    // typed for the next scan while the desk was read again was overwritten or run into the
    // last one: "100" counted as "1100").
    void reload().catch((caught: unknown) => say('error', errorText(caught, 'The stock desk could not be read.')));
    return true;
  }

  // Opened while the back office answers: the list fetched at once, quietly (a walk found the desk
  // saying "No count is open" from a list never fetched). Offline, the last list stays, said as such.
  const online = status.online;
  useEffect(() => {
    if (!online) return;
    api.refreshStockDesk().then(
      () => reload(),
      () => undefined,
    );
    // Once per opening of the tab (or as it comes back online), not at every status change.
  }, [online]);

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
    <section className="panel stock-screen" aria-label="Stock" data-testid="stock-screen">
      <h2>Stock</h2>
      <p className="stock-head">
        <button type="button" onClick={refresh} data-testid="stock-refresh">
          Refresh from the back office
        </button>{' '}
        <span data-testid="stock-fetched-at">{desk.fetchedAt ? `List of ${documentTime(desk.fetchedAt, status.timeZone)}` : 'Not fetched yet'}</span>
      </p>
      {message?.kind === 'notice' && (
        <p className="notice" data-testid="stock-notice">
          {message.text}
        </p>
      )}
      {message?.kind === 'error' && (
        <p className="error" role="alert" data-testid="stock-error">
          {message.text}
        </p>
      )}
      <h3>Counts</h3>
      {counts.length === 0 && <p>{desk.fetchedAt ? 'No count is open for this store.' : NOT_FETCHED}</p>}
      {counts.map((count) => (
        <CountForm
          key={count.id}
          count={count}
          counted={counted[count.id] ?? []}
          timeZone={status.timeZone}
          onProblem={(text) => say('error', text)}
          scan={(workKey, code, qty) =>
            run(async () => {
              const queued = await api.countScan({ workKey, countId: count.id, lines: [{ code, qty }] });
              return `Counted ${queued.what}.`;
            }, 'The counted line was not recorded.')
          }
        />
      ))}
      <h3>Deliveries</h3>
      {receipts.length === 0 && <p>{desk.fetchedAt ? 'No delivery is waiting.' : NOT_FETCHED}</p>}
      {receipts.map((doc) => (
        <ArrivalForm
          key={doc.id}
          doc={doc}
          onProblem={(text) => say('error', text)}
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
      {transfers.length === 0 && <p>{desk.fetchedAt ? 'No transfer to send or receive.' : NOT_FETCHED}</p>}
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
            onProblem={(text) => say('error', text)}
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
      {work.length === 0 && <p className="muted">Nothing yet: counts, deliveries and transfers done here are listed with their sync.</p>}
      <table className="queue-table" data-testid="stock-work" hidden={work.length === 0}>
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
              <td data-testid="stock-work-what">
                {WORK_KIND[w.kind]}
                {w.what === '' ? '' : `: ${w.what}`}
              </td>
              <td data-testid="stock-work-number">{w.number ?? '—'}</td>
              <td>{w.createdBy}</td>
              <td>{syncWords(w.syncState)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SendForm({ doc, submit }: { doc: DeskDocument; submit(workKey: string): Promise<unknown> }) {
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
        <strong>{doc.number ?? ''}</strong> {doc.label}: {linesInWords(doc)}
      </p>
      <button type="submit" aria-label={`Send transfer: ${doc.number ? `${doc.number}, ` : ''}${doc.label}`}>
        Send transfer
      </button>
    </form>
  );
}
