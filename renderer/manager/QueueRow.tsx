import { useRef, useState } from 'react';
import type { QueueItem } from '../../terminal/terminal-api';
import { ageOf } from '../waiting-age';
import { PinField } from './PinField';
import { pinShapeProblem } from '../../terminal/cashiers/cashier-api';
import { businessClock } from '../../terminal/invoicing/document-dates';
import { queueErrorText } from './queue-error-text';

const STATE_TEXT: Record<QueueItem['state'], string> = {
  pending: 'pending',
  sending: 'sending',
  needs_attention: 'needs attention',
  synced: 'synced',
  voided: 'voided',
};

/** What a queued write is, in the shop's words (the stock desk's work is queued like sales). */
const KIND_TEXT: Record<string, string> = {
  sale: 'sale',
  refund: 'refund',
  count_lines: 'counted lines',
  receipt_approval: 'delivery received',
  transfer_send: 'transfer sent',
  transfer_receive: 'transfer received',
};

/** When the worker will send it again (on the business's clock), or when it reached the back office: a refusal waits for a manager's retry. */
function nextTry(item: QueueItem, timeZone: string): string {
  const timeOf = (iso: string) => businessClock(iso, timeZone, true);
  if (item.state === 'synced') return item.syncedAt ? `sent ${timeOf(item.syncedAt)}` : 'sent';
  if (item.state === 'needs_attention') return 'on retry';
  if (item.state === 'pending') return item.waitingFor ? 'after its sale' : item.nextAttemptAt ? timeOf(item.nextAttemptAt) : 'now';
  return '—';
}

interface Props {
  item: QueueItem;
  now: number;
  onRetry(): Promise<unknown>;
  /** Resolves true once voided; false when refused (a cashier's PIN): the form stays open, as typed. */
  onVoid(reason: string, managerPin: string): Promise<boolean>;
  /** A person's name from their code (the roster's), as the printed documents name them. */
  nameOf(code: string): string;
  /** The business's (TerminalStatus.timeZone): when it was voided, on the shop's clock. */
  timeZone: string;
  /** The void form refused what was typed itself: the screen's last refusal (a cashier's PIN) is over, one message at a time. */
  onFormRefusal(): void;
}

/** One queued write; a void asks for a reason and a manager's PIN right in the row. */
export function QueueRow({ item, now, onRetry, onVoid, nameOf, timeZone, onFormRefusal }: Props) {
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const voidButton = useRef<HTMLButtonElement | null>(null);
  // What the form itself can tell before the core is asked (found by a probe: "no" did nothing, no PIN read "That did not work.").
  const [refusal, setRefusal] = useState<string | null>(null);
  const open = item.state === 'pending' || item.state === 'needs_attention';
  // Sent once without a final answer: the back office may hold it, so the core refuses a void (and so does the screen).
  // Attempts that never left the till (connection refused) do not count: the core does not mark them.
  const voidable = open && !item.sentWithoutAnswer;
  return (
    <>
      <tr data-testid="queue-row" data-state={item.state} data-document={item.documentNumber}>
        <td>
          <strong>{item.documentNumber}</strong> <small data-testid="queue-kind">{KIND_TEXT[item.kind] ?? item.kind}</small>
          {item.waitingFor && (
            <div className="muted" data-testid="queue-waiting">
              {item.waitingFor}
            </div>
          )}
          {item.sentWithoutAnswer && item.state !== 'synced' && (
            <div className="muted" data-testid="queue-in-doubt">
              Sent without a final answer: the back office may have it. It is sent again under the same key; it cannot be voided.
            </div>
          )}
          {item.voided && (
            <div className="muted" data-testid="queue-voided">
              Voided by {nameOf(item.voided.by)} at {businessClock(item.voided.at, timeZone, true)}: {item.voided.reason}
            </div>
          )}
        </td>
        <td className={`sync-${item.state}`}>{STATE_TEXT[item.state]}</td>
        <td>{ageOf(item.createdAt, now)}</td>
        <td className="num">{item.attempts}</td>
        <td data-testid="queue-error-code">
          {item.lastErrorCode && item.state !== 'voided' && (
            <>
              <code>{item.lastErrorCode}</code>{' '}
              <span className="muted" title={item.lastErrorMessage ?? undefined}>
                {queueErrorText(item.lastErrorCode, item.lastErrorMessage)}
              </span>
            </>
          )}
        </td>
        <td data-testid="queue-next-try">{nextTry(item, timeZone)}</td>
        <td className="row-actions">
          {open && (
            <>
              <button type="button" onClick={() => void onRetry()} data-testid="queue-retry" aria-label={`Retry ${item.documentNumber} now`}>
                Retry now
              </button>
              {voidable && (
                <button
                  type="button"
                  className="danger"
                  ref={voidButton}
                  onClick={() => setVoiding((v) => !v)}
                  data-testid="queue-void"
                  aria-label={`Void ${item.documentNumber}…`}
                >
                  Void…
                </button>
              )}
            </>
          )}
        </td>
      </tr>
      {voiding && voidable && (
        <tr className="void-form">
          <td colSpan={7}>
            <form
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                const refuse = (text: string) => {
                  onFormRefusal();
                  setRefusal(text);
                };
                if (reason.trim().length < 3) return refuse('Type why it is voided, in 3 characters or more: it is kept with the entry.');
                const shape = pinShapeProblem(pin);
                if (shape !== null) return refuse(`The manager’s PIN: ${shape}`);
                setRefusal(null);
                void onVoid(reason.trim(), pin).then((voided) => voided && setVoiding(false));
              }}
              onKeyDown={(event) => {
                // Esc leaves the entry as it was, as in every dialog of the till.
                if (event.key !== 'Escape') return;
                event.preventDefault();
                setVoiding(false);
                setPin('');
                setRefusal(null);
                // Back where the form was opened from, not to nowhere.
                voidButton.current?.focus();
              }}
              data-testid="void-form"
            >
              <label className="field">
                Why void {item.documentNumber}? It is kept, never sent.
                <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} data-testid="void-reason" />
              </label>
              <PinField value={pin} onChange={setPin} testId="void-pin" />
              <button type="submit" className="danger" data-testid="void-confirm">
                Void entry
              </button>
              {refusal && (
                <p className="error" role="alert" data-testid="void-error">
                  {refusal}
                </p>
              )}
            </form>
          </td>
        </tr>
      )}
    </>
  );
}
