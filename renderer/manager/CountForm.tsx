import { useRef, useState, type FormEvent } from 'react';
import type { CountedLine, DeskDocument } from '../../terminal/stock/stock-desk-schemas';
import { readStockQuantity } from './stock-quantity';
import { syncWords } from './sync-words';
import { businessClock } from '../../terminal/invoicing/document-dates';
import { quantityText } from '../../protocol/sold-by';

/** A key per scan, minted when the form is ready for it: submitting it twice (a double tap) queues the line once. */
const newKey = () => crypto.randomUUID();

/**
 * Scan (or type) a code, Enter: one counted line, queued at once under its own key. Below
 * it, every line this till counted for the count, read from the till's own database: they
 * add up per product at the back office, so what was scanned already stays in view, after
 * a restart too, and a shelf is not counted twice.
 */
export function CountForm({
  count,
  counted,
  scan,
  onProblem,
  timeZone,
}: {
  count: DeskDocument;
  /** The business's (TerminalStatus.timeZone): when each line was counted, on the shop's clock. */
  timeZone: string;
  counted: CountedLine[];
  /** Queues one counted line; resolves true once it is queued. */
  scan(workKey: string, code: string, qty: number): Promise<boolean>;
  onProblem(text: string): void;
}) {
  const [code, setCode] = useState('');
  const [qty, setQty] = useState('1');
  const [key, setKey] = useState(newKey);
  const codeField = useRef<HTMLInputElement | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') return onProblem('Scan or type the code of what was counted.');
    const read = readStockQuantity(qty);
    if ('problem' in read) return onProblem(read.problem);
    // Refused (an unknown code): it stays in view, selected, so the next scan takes its place
    // instead of running on after it ("1234548000070156…", a walk found every scan refused after one).
    if (!(await scan(key, code.trim(), read.qty))) return codeField.current?.select();
    setKey(newKey());
    setCode('');
    setQty('1');
  };
  return (
    <form className="count-form" onSubmit={(event) => void submit(event)} data-testid="count-form" data-count={count.id}>
      <p>{count.label}</p>
      <div className="inline-form">
        <label className="field">
          Quantity
          <input value={qty} onChange={(event) => setQty(event.target.value)} inputMode="decimal" size={5} data-testid="count-qty" />
        </label>
        <label className="field">
          Code (scan or type)
          <input ref={codeField} value={code} onChange={(event) => setCode(event.target.value)} autoFocus data-testid="count-code" />
        </label>
        <button type="submit" data-testid="count-add">
          Count
        </button>
      </div>
      <h4>Counted at this till for this count</h4>
      {counted.length === 0 ? (
        <p className="muted" data-testid="count-scanned-none">
          Nothing yet.
        </p>
      ) : (
        <table className="stock-lines" data-testid="count-scanned">
          <thead>
            <tr>
              <th>Product</th>
              <th className="amount">Counted</th>
              <th>When</th>
              <th>Sync</th>
            </tr>
          </thead>
          <tbody>
            {counted.map((line, index) => (
              <tr key={`${line.workId}-${index}`} data-testid="count-scanned-line" data-sku={line.sku ?? ''} data-state={line.syncState}>
                <td>
                  <span data-testid="count-scanned-name">{line.name ?? line.code}</span> <small>{line.code}</small>
                </td>
                <td className="amount" data-testid="count-scanned-qty">
                  {quantityText(line.soldBy, line.qty)}
                </td>
                <td>{businessClock(line.countedAt, timeZone, true)}</td>
                <td>{syncWords(line.syncState)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}
