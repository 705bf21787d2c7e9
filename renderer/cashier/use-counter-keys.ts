import { useEffect, useRef } from 'react';

/** The function keys of the counter (docs/cashier.md). */
export interface CounterKeys {
  F1(): void;
  /** The buyer's lines of the invoice. */
  'Shift+F1'?(): void;
  F2(): void;
  F3(): void;
  F4(): void;
  F5(): void;
  F6(): void;
  /** Hold with a name. */
  'Shift+F6'?(): void;
  F7(): void;
  F8(): void;
  F9(): void;
  F10(): void;
  PageUp(): void;
  PageDown(): void;
  /** Closes a receipt on the counter (a dialog's own Esc is the dialog's). */
  Escape?(): void;
}

/** One window listener; while a dialog is open the dialog has the keyboard. */
export function useCounterKeys(keys: CounterKeys, dialogOpen: boolean): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (dialogOpen) return;
      const table = latest.current as unknown as Record<string, (() => void) | undefined>;
      const handler = (event.shiftKey ? table[`Shift+${event.key}`] : undefined) ?? table[event.key];
      if (!handler) return;
      event.preventDefault();
      handler();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialogOpen]);
}
