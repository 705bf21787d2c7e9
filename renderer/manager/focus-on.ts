import { useEffect, type RefObject } from 'react';

/**
 * Gives the keyboard (and a screen reader's attention) to what an action brought: a heading
 * of what now shows, or the next control. Each time `when` changes to something, never on
 * the way back to nothing. Found by a probe: after signing in at the desk, opening a shift,
 * a refund, a queue void or a Z, the focus fell to BODY and nothing was heard.
 */
export function useFocusOn(ref: RefObject<HTMLElement | null>, when: unknown): void {
  useEffect(() => {
    if (when === null || when === undefined || when === false) return;
    const el = ref.current;
    if (!el) return;
    // A heading takes the focus from a script only, never from Tab.
    if (!el.matches('button, input, select, textarea, a[href], [tabindex]')) el.tabIndex = -1;
    el.focus();
  }, [ref, when]);
}
