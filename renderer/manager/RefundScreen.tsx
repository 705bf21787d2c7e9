import { usePrintedBy } from './use-printed-by';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LocalRefund, RefundableSale } from '../../terminal/refunds/refund-schemas';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { qtyToMilli } from '../../protocol/sale-total';
import { TENDER_NAMES } from '../../protocol/sales';
import { refundAmountMinor } from '../../protocol/refund-amounts';
import { errorText } from '../error-text';
import { formatPeso } from '../money';
import { PinField } from './PinField';
import { refundLineProblem, refundQuantitiesRefusal } from './refund-quantity';
import { printDocument } from './print-document';
import { ReturnSlip } from './ReturnSlip';
import { useFocusOn } from './focus-on';
import { pinShapeProblem } from '../../terminal/cashiers/cashier-api';
import { REFUND_REASON_TOO_SHORT, refundReasonLongEnough } from '../../terminal/refunds/refund-reason';
import { quantityText, readsAsWeight } from '../../protocol/sold-by';

const TENDER_WORDS: Record<string, string> = { ...TENDER_NAMES, other: `${TENDER_NAMES.other} (GCash, Maya, check)` };

/** How a line was sold: as the catalog says, else by its quantity (1.5 sold reads as a weight, and so does the 0 refunded of it). */
const asSold = (line: RefundableSale['lines'][number]) => (readsAsWeight(line.soldBy, line.soldQty) ? 'weight' : 'piece');

/** "Paid: Card ₱100.00 · Cash ₱100.00 (change ₱15.00)", as the sale's receipt printed its tenders. */
function paidWithWords(sale: Pick<RefundableSale, 'paidWith' | 'changeMinor'>): string {
  if (sale.paidWith.length === 0) return 'Paid: nothing recorded on this till.';
  const tenders = sale.paidWith.map((p) => `${TENDER_WORDS[p.method] ?? p.method} ${formatPeso(p.amountMinor)}`).join(' · ');
  return `Paid: ${tenders}${sale.changeMinor > 0 ? ` (change ${formatPeso(sale.changeMinor)})` : ''}.`;
}

/** What the chosen quantities give back, by the same rule the core commits (protocol/refund-amounts). */
function refundPreviewMinor(sale: RefundableSale, qty: Record<string, string>): number {
  return sale.lines.reduce((sum, l) => {
    const milli = qtyToMilli(Number(qty[l.sku] ?? '0'));
    const soldMilli = qtyToMilli(l.soldQty) ?? 0;
    const beforeMilli = qtyToMilli(l.refundedQty) ?? 0;
    if (milli === undefined || milli <= 0 || beforeMilli + milli > soldMilli) return sum;
    return sum + refundAmountMinor({ qtyMilli: soldMilli, valueMinor: l.valueMinor }, beforeMilli, milli);
  }, 0);
}

/**
 * What the refund form holds, kept by the manager's desk while another tab is open: a refusal
 * that says to open the shift or pay cash in sends the manager to the Shift tab, and the
 * form is still filled in when they come back (the walk found it wiped). Never the PIN;
 * the same refund key, so a refund that did go through is given back once.
 */
export interface RefundDraft {
  number: string;
  sale: RefundableSale | null;
  qty: Record<string, string>;
  /** SKUs that come back damaged (expired, opened): paid back, not back on the shelf. */
  notRestocked: Record<string, boolean>;
  reason: string;
  moneyBack: 'cash' | 'original_tender';
  refundKey: string;
}

/** Find the receipt, choose what comes back, a manager approves: committed, queued after its sale, printed. */
export function RefundScreen({ api, status, draft }: { api: TerminalApi; status: TerminalStatus; draft?: { current: RefundDraft | null } }) {
  // Who issues the printed document (registered name, TIN, MIN…) and the roster's names.
  const printedBy = usePrintedBy(api, status);
  // What the last visit left, read once, as the tab opens.
  const [kept] = useState(() => draft?.current ?? null);
  const [number, setNumber] = useState(kept?.number ?? '');
  const [sale, setSale] = useState<RefundableSale | null>(kept?.sale ?? null);
  const [qty, setQty] = useState<Record<string, string>>(kept?.qty ?? {});
  const [notRestocked, setNotRestocked] = useState<Record<string, boolean>>(kept?.notRestocked ?? {});
  const [reason, setReason] = useState(kept?.reason ?? '');
  const [moneyBack, setMoneyBack] = useState<'cash' | 'original_tender'>(kept?.moneyBack ?? 'cash');
  const [pin, setPin] = useState('');
  const [refundKey, setRefundKey] = useState(kept?.refundKey ?? '');
  const [done, setDone] = useState<LocalRefund | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const doneId = done?.id;
  // The slip that shows once the refund is done has the keyboard: the form (and its focused field) is gone.
  const slipHeading = useRef<HTMLHeadingElement | null>(null);
  useFocusOn(slipHeading, doneId);
  const doneSaleId = done?.saleId;

  // Kept for the next visit to this tab; a refund done (or no sale found) leaves nothing to keep.
  useEffect(() => {
    if (draft) draft.current = sale ? { number, sale, qty, notRestocked, reason, moneyBack, refundKey } : null;
  }, [draft, number, sale, qty, notRestocked, reason, moneyBack, refundKey]);
  // Back on the tab: the sale as it stands now (another refund may have been made meanwhile), what was typed kept.
  const keptSaleNumber = kept?.sale?.localNumber;
  useEffect(() => {
    if (!keptSaleNumber) return;
    api.lookupReceipt({ number: keptSaleNumber }).then(
      (fresh) => setSale((shown) => (shown?.localNumber === keptSaleNumber && fresh !== null && fresh.syncState !== 'voided' ? fresh : shown)),
      () => undefined,
    );
  }, [api, keptSaleNumber]);

  // The slip shows the back office's return number as soon as the refund is synced.
  useEffect(() => {
    if (!doneId || !doneSaleId) return;
    api.lookupReceipt({ number: doneSaleId }).then(
      (s) => {
        const fresh = s?.refunds.find((r) => r.id === doneId);
        if (fresh) setDone(fresh);
      },
      () => undefined,
    );
  }, [api, status, doneId, doneSaleId]);

  async function find(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      const found = await api.lookupReceipt({ number: number.trim() });
      if (found === null) setError(`No sale ${number.trim()} on this terminal.`);
      // A sale voided from the sync queue was never recorded: there is nothing to give back against (the core refuses it too).
      if (found?.syncState === 'voided') {
        setError(`Sale ${found.localNumber} was voided from the sync queue: it was never recorded, so it cannot be refunded.`);
        setSale(null);
        return;
      }
      setSale(found);
      setQty({});
      setNotRestocked({});
      // A sale paid by card or another tender goes back that way unless the manager chooses cash (found by a walk: a
      // card sale's refund was set to cash from the drawer); a sale paid in cash goes back in cash.
      if (found) setMoneyBack(found.paidWith.some((p) => p.method !== 'cash') ? 'original_tender' : 'cash');
      // Minted once per refund form: pressing "Refund" twice gives back the same refund.
      setRefundKey(crypto.randomUUID());
    } catch (caught) {
      setError(errorText(caught, 'The receipt could not be looked up.'));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!sale || busy) return;
    // Each line's problem is shown on it as typed; all of them, named, stop the refund before the PIN is spent.
    const refused = refundQuantitiesRefusal(sale.lines, qty);
    if (refused !== null) return setError(refused);
    const lines = sale.lines
      .map((l) => ({ sku: l.sku, qty: Number(qty[l.sku] ?? '0'), ...(notRestocked[l.sku] ? { restock: false } : {}) }))
      .filter((l) => l.qty > 0);
    if (lines.length === 0) return setError('Choose at least one item to refund.');
    // The form checks itself (noValidate): the browser's own bubbles said less, and not by the line.
    // 3 characters or more, as a queue void's reason (found by a probe: "ab" was printed on the slip); the core refuses it too.
    if (!refundReasonLongEnough(reason)) return setError(REFUND_REASON_TOO_SHORT);
    const shape = pinShapeProblem(pin);
    if (shape !== null) return setError(`The manager's PIN: ${shape}`);
    setBusy(true);
    setError(null);
    try {
      const refund = await api.refund({ refundKey, saleId: sale.saleId, lines, reason: reason.trim(), approval: { managerPin: pin }, moneyBack });
      setDone(refund);
      setSale(null);
      setPin('');
      setReason('');
    } catch (caught) {
      setError(errorText(caught, 'The refund was not recorded.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel refund-screen" aria-label="Refund" data-testid="refund-screen">
      <h2 className="no-print">Refund</h2>
      <form className="inline-form no-print" onSubmit={find}>
        <label className="field">
          Receipt or invoice number
          <input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="T01-000123" data-testid="refund-lookup" />
        </label>
        <button type="submit" data-testid="refund-find">
          Find
        </button>
      </form>
      {error && (
        <p className="error no-print" role="alert" data-testid="refund-error">
          {error}
        </p>
      )}
      {/* There before a sale is found, so a screen reader reads out the one found (a live region that appears with its words is not read). */}
      <div role="status" className="no-print" data-testid="refund-found">
        {sale && (
          <p>
            Sale <strong>{sale.localNumber}</strong>{' '}
            {sale.invoiceNumber ? `(${sale.invoiceNumber})` : '(not at the back office yet: the refund will follow it)'} ·{' '}
            {printedBy.timeOf(sale.occurredAt)} · {formatPeso(sale.totalMinor)}
          </p>
        )}
      </div>
      {/* A customer back for a copy of a return slip: the sale's earlier returns, each slip shown again to print (a reprint, marked so). */}
      {sale && sale.refunds.length > 0 && (
        <section className="no-print earlier-returns" aria-label="Earlier returns of this sale" data-testid="refund-earlier">
          <h3>Earlier returns of this sale</h3>
          <ul>
            {sale.refunds.map((r) => (
              <li key={r.id}>
                {r.localNumber} · {printedBy.timeOf(r.occurredAt)} · {formatPeso(r.totalMinor)}{' '}
                <button type="button" onClick={() => setDone(r)} data-testid={`refund-show-slip-${r.localNumber}`}>
                  Show slip
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {sale && (
        <form onSubmit={submit} className="no-print" data-testid="refund-form" noValidate>
          <table className="refund-lines">
            <thead>
              <tr>
                <th>Item</th>
                <th className="num">Sold</th>
                <th className="num">Refunded</th>
                <th className="num">Give back</th>
                <th>Back to stock</th>
              </tr>
            </thead>
            <tbody>
              {sale.lines.map((l) => {
                const problem = refundLineProblem(l, qty[l.sku]);
                return (
                  <tr key={l.sku}>
                    <td>{l.name ?? l.sku}</td>
                    <td className="num" data-testid={`refund-sold-${l.sku}`}>
                      {quantityText(asSold(l), l.soldQty)}
                    </td>
                    <td className="num" data-testid={`refund-refunded-${l.sku}`}>
                      {quantityText(asSold(l), l.refundedQty)}
                    </td>
                    <td className="num refund-qty">
                      <input
                        type="number"
                        min={0}
                        max={l.refundableQty}
                        step="any"
                        // Empty, not "0": a 1 typed after a click into a "0" read 10 (the walk found it).
                        value={qty[l.sku] ?? ''}
                        placeholder="0"
                        disabled={l.refundableQty === 0}
                        onChange={(e) => {
                          setQty((q) => ({ ...q, [l.sku]: e.target.value }));
                          // A refusal of the quantities is for them as they were: mended, it goes.
                          setError(null);
                        }}
                        data-testid={`refund-qty-${l.sku}`}
                        aria-label={`Give back how many ${l.name ?? l.sku}`}
                        aria-invalid={problem !== null}
                        aria-describedby={problem !== null ? `refund-qty-problem-${l.sku}` : undefined}
                      />
                      {problem !== null && (
                        <small className="error" id={`refund-qty-problem-${l.sku}`} data-testid={`refund-qty-problem-${l.sku}`}>
                          {problem.charAt(0).toUpperCase() + problem.slice(1)}
                        </small>
                      )}
                    </td>
                    <td>
                      {/* Unticked: it came back damaged, expired or opened; paid back all the same, not counted on the shelf again.
                          Nothing left to give back: no box (a ticked "Yes" read as if what came back earlier had gone back on the shelf). */}
                      {l.refundableQty === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        <label className="restock">
                          <input
                            type="checkbox"
                            checked={!notRestocked[l.sku]}
                            onChange={(e) => setNotRestocked((d) => ({ ...d, [l.sku]: !e.target.checked }))}
                            data-testid={`refund-restock-${l.sku}`}
                            aria-label={`${l.name ?? l.sku} goes back on the shelf`}
                          />{' '}
                          {notRestocked[l.sku] ? 'No: damaged' : 'Yes'}
                        </label>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="refund-preview" aria-live="polite" aria-atomic="true">
            {sale.lines.some((l) => refundLineProblem(l, qty[l.sku]) !== null) ? (
              <span data-testid="refund-preview-blocked">Gives back nothing yet: mend the quantity marked above.</span>
            ) : (
              <>
                Gives back <strong data-testid="refund-preview">{formatPeso(refundPreviewMinor(sale, qty))}</strong>
              </>
            )}
          </p>
          <fieldset className="money-back" data-testid="refund-money-back">
            <legend>Money goes back</legend>
            {/* Found by a walk: the manager chose between cash and "the way it was paid" without seeing how that was. */}
            <p className="muted" data-testid="refund-paid-with">
              {paidWithWords(sale)}
            </p>
            <label>
              <input
                type="radio"
                name="money-back"
                checked={moneyBack === 'cash'}
                onChange={() => setMoneyBack('cash')}
                data-testid="refund-money-back-cash"
              />{' '}
              In cash, from the drawer
            </label>
            <label>
              <input
                type="radio"
                name="money-back"
                checked={moneyBack === 'original_tender'}
                onChange={() => setMoneyBack('original_tender')}
                data-testid="refund-money-back-original"
              />{' '}
              The way it was paid (card or other tender)
            </label>
          </fieldset>
          <label className="field">
            Reason
            <input value={reason} onChange={(e) => setReason(e.target.value)} required data-testid="refund-reason" />
          </label>
          <PinField value={pin} onChange={setPin} testId="refund-pin" />
          <button type="submit" className="primary" disabled={busy} data-testid="refund-submit">
            {busy ? 'Recording…' : 'Refund'}
          </button>
        </form>
      )}
      {done && (
        <>
          <ReturnSlip refund={done} headingRef={slipHeading} {...printedBy} />
          <button
            type="button"
            className="no-print"
            onClick={() => void printDocument(() => api.recordPrint({ kind: 'refund', id: done.id }), printedBy.timeZone)}
            data-testid="refund-print"
          >
            Print return slip
          </button>
        </>
      )}
    </section>
  );
}
