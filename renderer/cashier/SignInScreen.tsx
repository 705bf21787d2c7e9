import { useEffect, useState, type FormEvent } from 'react';
import { pinShapeProblem, type Cashier, type SignInHelp } from '../../terminal/cashiers/cashier-api';
import type { TerminalApi } from '../../terminal/terminal-api';
import { cashierErrorText } from '../error-text';
import { typedPin } from './pin-typing';
import { personCodeOf } from './person-code';

/** PIN, Enter. On a fresh terminal: create the first manager. In demo mode the demo people are listed. */
export function SignInScreen({ api, onSignedIn }: { api: TerminalApi; onSignedIn(cashier: Cashier): void }) {
  const [help, setHelp] = useState<SignInHelp | null>(null);
  const [pin, setPin] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.signInHelp().then(setHelp, () => setHelp({ firstRun: false, demoPeople: [] }));
  }, [api]);

  async function signIn(event: FormEvent) {
    event.preventDefault();
    // Said, in place of the last refusal (found by a probe: "12" Enter did nothing, the wrong-PIN message stayed).
    const shape = pinShapeProblem(pin);
    if (shape !== null) return setError(shape);
    setError(null);
    try {
      if (help?.firstRun) {
        await api.addCashier({ code: personCodeOf(name), name: name.trim() || 'Manager', role: 'manager', pin });
      }
      onSignedIn(await api.signIn({ pin }));
    } catch (caught) {
      setError(cashierErrorText(caught, 'Signing in did not work.'));
      setPin('');
    }
  }

  return (
    <main className="pairing">
      <form className="pairing-card sign-in" onSubmit={(e) => void signIn(e)} data-testid="sign-in">
        <h1>{help?.firstRun ? 'Create the first manager' : 'Sign in'}</h1>
        {help?.firstRun && (
          <label>
            Your name
            <input data-testid="first-manager-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" maxLength={80} />
          </label>
        )}
        <label>
          PIN
          <input
            data-testid="sign-in-pin"
            type="password"
            inputMode="numeric"
            autoFocus
            value={pin}
            onChange={(e) => {
              // As on the People form: digits only, and a letter typed is said, not dropped silently.
              const typed = typedPin(e.target.value);
              setPin(typed.pin);
              if (typed.problem !== null) setError(typed.problem);
            }}
            autoComplete="off"
            maxLength={8}
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" data-testid="sign-in-submit">
          {help?.firstRun ? 'Create and sign in' : 'Sign in'}
        </button>
        <p className="muted">Type your PIN and press Enter.</p>
        {help && help.demoPeople.length > 0 && (
          <div className="demo-people" data-testid="demo-people">
            <strong>Demo shop</strong>
            <ul>
              {help.demoPeople.map((p) => (
                <li key={p.pin}>
                  {p.name} ({p.role}): PIN <code>{p.pin}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
      </form>
    </main>
  );
}
