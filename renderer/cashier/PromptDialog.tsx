import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CounterModal } from './CounterModal';

export interface PromptRequest {
  title: string;
  label: string;
  hint?: string;
  secret?: boolean;
  /** What is typed, for a touch screen's keyboard: letters ('text': a name, an ID, an address) or an amount (the default). */
  input?: 'text' | 'decimal';
  testId: string;
  /** Resolves to an error to show, or null when done. */
  submit(text: string): Promise<string | null>;
}

/** One field, Enter to confirm, Escape to cancel: every cashier dialog, no mouse needed. */
export function PromptDialog({ request, onClose }: { request: PromptRequest; onClose(): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const problem = await request.submit(text).catch(() => 'That did not work: try again.');
    setBusy(false);
    // Done: whoever asked closes the dialog (it may open the next one, e.g. a manager's PIN).
    if (problem !== null) {
      setError(problem);
      setText('');
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  }

  return (
    <CounterModal labelledBy={titleId}>
      <form className="dialog" data-testid={request.testId} onSubmit={(e) => void confirm(e)} onKeyDown={onKeyDown}>
        <h2 id={titleId}>{request.title}</h2>
        <label>
          {request.label}
          <input
            autoFocus
            data-testid={`${request.testId}-input`}
            type={request.secret ? 'password' : 'text'}
            inputMode={request.secret ? 'numeric' : (request.input ?? 'decimal')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
          />
        </label>
        {request.hint && <p className="muted">{request.hint}</p>}
        {error && (
          <p className="error" role="alert" data-testid={`${request.testId}-error`}>
            {error}
          </p>
        )}
        <p className="dialog-keys muted">Enter to confirm · Esc to cancel</p>
      </form>
    </CounterModal>
  );
}
