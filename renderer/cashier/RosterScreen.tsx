import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { pinShapeProblem, type Cashier, type Role } from '../../terminal/cashiers/cashier-api';
import type { TerminalApi } from '../../terminal/terminal-api';
import { errorText } from '../error-text';
import { PromptDialog, type PromptRequest } from './PromptDialog';

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
        <form className="roster-add" onSubmit={(e) => void add(e)}>
          <input
            placeholder="code (e.g. ben)"
            value={form.code}
            onChange={(e) => setForm({ ...form, code: e.target.value.toLowerCase() })}
            data-testid="roster-code"
            autoFocus
          />
          <input
            placeholder="name"
            maxLength={80}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            data-testid="roster-name"
          />
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} data-testid="roster-role">
            <option value="cashier">cashier</option>
            <option value="manager">manager</option>
          </select>
          <input
            placeholder="PIN"
            type="password"
            inputMode="numeric"
            value={form.pin}
            onChange={(e) => setForm({ ...form, pin: e.target.value })}
            data-testid="roster-pin"
          />
          <button type="submit" data-testid="roster-add">
            Add
          </button>
        </form>
        {message && <p data-testid="roster-message">{message}</p>}
        <button type="button" className="primary" onClick={onClose}>
          Back to the counter (Esc)
        </button>
      </section>
      {dialog && <PromptDialog key={dialog.title} request={dialog} onClose={() => closeDialog(dialog.opener)} />}
    </main>
  );
}
