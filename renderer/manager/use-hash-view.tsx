import { useEffect, useState } from 'react';

export type View = 'cashier' | 'manager';

const viewOf = (hash: string): View => (hash.startsWith('#/manager') ? 'manager' : 'cashier');

/** Which screen is up, kept in the address (#/manager) so a reload stays where it was. */
export function useHashView(): View {
  const [view, setView] = useState<View>(() => viewOf(window.location.hash));
  useEffect(() => {
    const onChange = () => setView(viewOf(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return view;
}

/** The one link between the cashier's and the manager's screens. */
export function ViewSwitch({ view }: { view: View }) {
  return view === 'manager' ? (
    <a className="view-switch" href="#/" data-testid="to-cashier">
      ← Back to the till
    </a>
  ) : (
    <a className="view-switch" href="#/manager" data-testid="to-manager">
      Manager
    </a>
  );
}
