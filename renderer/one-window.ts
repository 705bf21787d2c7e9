import { useCallback, useEffect, useSyncExternalStore } from 'react';

/** One lock per till: the web host serves one till, and the desktop app is its one window. */
const TILL_LOCK = 'counter-till-screens';

/**
 * Where the till's screens are in use: `here`, `elsewhere` (another tab or window of this
 * browser has them), or `checking` for the moment it takes to ask.
 */
export type WindowUse = 'checking' | 'here' | 'elsewhere';

const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
let use: WindowUse = locks === undefined ? 'here' : 'checking';
let asked = false;
/** The latest request: an older one's answer (a double click's first steal, stolen by the second) changes nothing. */
let latest = 0;
const listeners = new Set<() => void>();

function become(next: WindowUse): void {
  use = next;
  for (const listener of listeners) listener();
}

/**
 * Asks for the till's lock, held for as long as this page is open (a closed or crashed tab
 * lets it go). `steal`: taken from the tab that has it, whose own request then fails with
 * AbortError and which gives the screens up.
 */
function ask(steal: boolean): void {
  if (locks === undefined || (steal && use === 'here')) return;
  const mine = ++latest;
  locks
    .request(TILL_LOCK, steal ? { steal: true } : { ifAvailable: true }, (lock) => {
      if (mine !== latest) return;
      if (lock === null) {
        become('elsewhere');
        waitForTheOther();
        return;
      }
      become('here');
      return new Promise<void>(() => undefined);
    })
    .catch((error: unknown) => {
      if (mine !== latest || !(error instanceof DOMException) || error.name !== 'AbortError') return;
      become('elsewhere');
      waitForTheOther();
    });
}

/**
 * Queued behind the tab that has the till: when that tab closes (or crashes), this one has
 * the till at once, rather than saying it is open elsewhere when nothing else is (found by a
 * probe). Taking it over meanwhile makes this wait an older request, which then lets go.
 */
function waitForTheOther(): void {
  if (locks === undefined) return;
  const mine = ++latest;
  locks
    .request(TILL_LOCK, (lock) => {
      if (mine !== latest || lock === null) return;
      become('here');
      return new Promise<void>(() => undefined);
    })
    .catch(() => undefined);
}

/**
 * The till's screens in one tab only. Two tabs of the web host share the cart on the counter
 * (IndexedDB) and the person signed in (the core): each would overwrite what the other rings
 * up, and a manager signed in on one would be signed in on both. The first tab holds a Web
 * Lock; a second one says so and offers to take the screens over, and the first one then
 * says where they went. Asked once per page, not per render (React's strict mode runs an
 * effect twice: a lock let go and asked again would race with itself). A browser without Web
 * Locks (none the till supports) keeps the screens.
 */
export function useOneWindow(): { use: WindowUse; takeOver: () => void } {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => use,
  );
  useEffect(() => {
    if (asked) return;
    asked = true;
    ask(false);
  }, []);
  const takeOver = useCallback(() => ask(true), []);
  return { use: current, takeOver };
}
