import { useState, type FormEvent } from 'react';
import type { DeskDocument } from '../../terminal/stock/stock-desk-schemas';
import { readStockQuantity } from './stock-quantity';
import { quantityText } from '../../protocol/sold-by';

/** A key per form, minted when the form opens: submitting it twice (a double tap) queues the work once. */
const newKey = () => crypto.randomUUID();

/**
 * A delivery or a transfer arriving, laid out like its paper note: one row per line, the
 * product's name (its SKU small), what was sent, and what arrived (all of it unless changed).
 */
export function ArrivalForm({
  doc,
  button,
  submit,
  onProblem,
}: {
  doc: DeskDocument;
  button: string;
  submit(workKey: string, lines: { sku: string; qtyReceived: number }[]): Promise<unknown>;
  onProblem(text: string): void;
}) {
  const [key] = useState(newKey);
  const [arrived, setArrived] = useState<Record<string, string>>(() => Object.fromEntries(doc.lines.map((l) => [l.sku, String(l.qty)])));
  // The quantities a manager was warned of and pressed again for: recorded as typed.
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const lines: { sku: string; qtyReceived: number }[] = [];
    const tooMany: string[] = [];
    // Every line read first: one that is not a quantity stops the whole form, nothing queued.
    for (const line of doc.lines) {
      const read = readStockQuantity(arrived[line.sku] ?? String(line.qty));
      if ('problem' in read) return onProblem(`${line.name ?? line.sku}: ${read.problem}`);
      if (read.qty !== line.qty) lines.push({ sku: line.sku, qtyReceived: read.qty });
      if (read.qty > 2 * line.qty)
        tooMany.push(`${line.name ?? line.sku}: ${quantityText(line.soldBy, read.qty)} arrived of ${quantityText(line.soldBy, line.qty)} sent`);
    }
    // More than twice what was sent is more often a slip of the keys (485 for 4.85 kg) than a delivery: asked once.
    const asTyped = JSON.stringify(lines);
    if (tooMany.length > 0 && confirmed !== asTyped) {
      setConfirmed(asTyped);
      return onProblem(
        `${tooMany.join('; ')}: more than twice what was sent. Check what was typed, then press ${button} again to record it as it is.`,
      );
    }
    void submit(key, lines);
  };
  return (
    <form className="arrival-form" onSubmit={onSubmit} data-testid={`arrival-${doc.id}`}>
      <p>
        <strong>{doc.number ?? doc.label}</strong> {doc.number ? doc.label : ''}
      </p>
      <table className="stock-lines">
        <thead>
          <tr>
            <th>Product</th>
            <th className="amount">Sent</th>
            <th className="amount">Arrived</th>
          </tr>
        </thead>
        <tbody>
          {doc.lines.map((line) => (
            <tr key={line.sku} data-testid="arrival-line" data-sku={line.sku}>
              <td>
                <label htmlFor={`arrived-${doc.id}-${line.sku}`}>
                  <span data-testid="arrival-name">{line.name ?? line.sku}</span> <small>{line.sku}</small>
                </label>
              </td>
              <td className="amount" data-testid="arrival-sent">
                {quantityText(line.soldBy, line.qty)}
              </td>
              <td className="amount">
                <input
                  id={`arrived-${doc.id}-${line.sku}`}
                  value={arrived[line.sku] ?? ''}
                  onChange={(event) => setArrived((before) => ({ ...before, [line.sku]: event.target.value }))}
                  inputMode="decimal"
                  size={6}
                  data-testid={`arrived-${line.sku}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="inline-form">
        <button type="submit" aria-label={`${button}: ${doc.number ? `${doc.number}, ` : ''}${doc.label}`} data-testid="arrival-submit">
          {button}
        </button>
      </p>
    </form>
  );
}
