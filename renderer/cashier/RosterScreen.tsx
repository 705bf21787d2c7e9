import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { pinShapeProblem, type Cashier, type Role } from '../../terminal/cashiers/cashier-api';
import type { TerminalApi } from '../../terminal/terminal-api';
import { errorText } from '../error-text';
import { typedPin } from './pin-typing';
import { PromptDialog, type PromptRequest } from './PromptDialog';

/** What is wrong with the form, in words, or null. */
function formProblem(form: { code: string; name: string; pin: string }): string | null {
  if (!/^[a-z0-9._-]{1,32}$/.test(form.code)) return 'A code is one word of up to 32 letters, digits, dots, dashes or underscores, e.g. ben.';
  if (form.name.trim() === '') return "Type the person's name.";
  return pinShapeProblem(form.pin);
}

/** A manager's minimal people screen: who may sign in here; add someone; reset a PIN. */
export function RosterScreen({ api, onClose }: { api: TerminalApi; onClose(): void }) {
  const [people, setPeople] = useState<Cashier[]>([]);
  const [form, setForm] = useState({ code: '', name: '', role: 'cashier' as Role, pin: '' });
  const [message, setMessage] = useState<string | null>(null);
  // The button that opened the dialog gets the focus back, so Tab, Enter and Esc keep working.
  const [dialog, setDialog] = useState<(PromptRequest & { opener: HTMLElement }) | null>(null);

  const load = useCallback(() => api.listCashiers().then(setPeople, (e: unknown) => setMessage(errorText(e, 'The roster cannot be read.'))), [api]);
  useEffect(() => void load(), [load]);

  async function add(event: FormEvent) {
    event.preventDefault();
    // Said in words before the core is asked: its schema would answer in field names.
    const problem = formProblem(form);
    if (problem !== null) return setMessage(problem);
    try {
      const added = await api.addCashier(form);
      setMessage(`${added.name} can now sign in.`);
      setForm({ code: '', name: '', role: 'cashier', pin: '' });
      await load();
    } catch (caught) {
      setMessage(errorText(caught, 'Not added.'));
    }
  }

  function closeDialog(opener: HTMLElement) {
    setDialog(null);
    opener.focus();
  }

  /** The same keyboard dialog as the counter's: type the PIN, Enter; a refusal keeps it open; Esc cancels. */
  function resetPin(person: Cashier, opener: HTMLElement) {
    setDialog({
      opener,
      title: `Reset ${person.name}'s PIN`,
      label: 'New PIN (4 to 8 digits)',
      secret: true,
      testId: 'reset-pin',
      submit: async (pin) => {
        const shape = pinShapeProblem(pin);
        if (shape !== null) return shape;
        try {
          await api.resetPin({ code: person.code, pin });
        } catch (caught) {
          return errorText(caught, 'PIN not reset.');
        }
        closeDialog(opener);
        setMessage(`${person.name}'s PIN was reset.`);
        return null;
      },
    });
  }

  return (
    <main className="roster" data-testid="roster" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <section className="panel">
        <h2>People on this terminal</h2>
        <table>
          <tbody>
            {people.map((p) => (
              <tr key={p.code} data-testid="roster-person" data-code={p.code}>
                <td>{p.name}</td>
                <td>{p.code}</td>
                <td>{p.role}</td>
                <td>
                  <button
                    type="button"
                    onClick={(e) => resetPin(p, e.currentTarget)}
                    aria-label={`Reset ${p.name}'s PIN`}
                    data-testid="roster-reset-pin"
                  >
                    Reset PIN
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Add someone</h3>
        <form className="roster-add" onSubmit={(e) => void add(e)} data-testid="roster-add-form">
          <label className="roster-field">
            Code (one word, e.g. ben)
            <input
              value={form.code}
              onChange={(e) => setForm({ ...form, code: e.target.value.toLowerCase() })}
              data-testid="roster-code"
              autoComplete="off"
              autoFocus
            />
          </label>
          <label className="roster-field">
            Name
            <input maxLength={80} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="roster-name" />
          </label>
          <label className="roster-field">
            Role
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} data-testid="roster-role">
              <option value="cashier">cashier</option>
              <option value="manager">manager</option>
            </select>
          </label>
          <label className="roster-field">
            PIN (4 to 8 digits)
            <input
              type="password"
              inputMode="numeric"
              autoComplete="off"
              value={form.pin}
              onChange={(e) => {
                const typed = typedPin(e.target.value);
                setForm({ ...form, pin: typed.pin });
                if (typed.problem !== null) setMessage(typed.problem);
              }}
              data-testid="roster-pin"
            />
          </label>
          <button type="submit" data-testid="roster-add">
            Add
          </button>
        </form>
        {message && (
          <p className="roster-message" role="status" data-testid="roster-message">
            {message}
          </p>
        )}
        <button type="button" className="primary" onClick={onClose}>
          Back to the counter (Esc)
        </button>
      </section>
      {dialog && <PromptDialog key={dialog.title} request={dialog} onClose={() => closeDialog(dialog.opener)} />}
    </main>
  );
}
