import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';

/**
 * The backdrop of every cashier dialog: a modal <dialog> (showModal), so the page behind it
 * is inert while it is open: Tab stays in the dialog, and neither a click, a key nor a
 * scanner's digits reach the scan field or the status bar behind it. Escape is the
 * dialog's own to handle (its keydown handler); the browser's cancel is never let close it
 * behind React's back. When it closes, the field or button that had the focus before it
 * opened has it again (a focus() asked for while the dialog was open found the page inert).
 * A screen reader meets one modal dialog, named by its heading (`labelledBy`: the heading's id).
 */
export function CounterModal({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement | null>(null);
  // Read while rendering, before the dialog's own field takes the focus as it mounts.
  const [opener] = useState(() => document.activeElement);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      // The dialog's own field or list took the focus as it mounted: it keeps it.
      const focused = document.activeElement;
      dialog.showModal();
      if (focused instanceof HTMLElement && dialog.contains(focused)) focused.focus();
    }
    return () => {
      dialog?.close();
      const now = document.activeElement;
      if ((now === null || now === document.body) && opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, [opener]);
  return (
    <dialog
      ref={ref}
      className="dialog-backdrop"
      aria-labelledby={labelledBy}
      aria-modal="true"
      onCancel={(event) => event.preventDefault()}
      onMouseDown={keepFocusInside}
      onKeyDown={(event) => {
        // The dialog itself had the focus (a click on its backdrop, before keepFocusInside; a browser's own move):
        // the key goes to the dialog's first field, whose handler knows what Escape or Enter means there.
        if (event.target !== event.currentTarget) return;
        const field = event.currentTarget.querySelector<HTMLElement>(FOCUSABLE);
        if (!field) return;
        event.preventDefault();
        field.focus();
        field.dispatchEvent(new KeyboardEvent('keydown', { key: event.key, code: event.code, bubbles: true, cancelable: true }));
      }}
    >
      {children}
    </dialog>
  );
}

const FOCUSABLE = 'input:not([disabled]),select:not([disabled]),textarea:not([disabled]),button:not([disabled]),a[href],[tabindex]';

/**
 * Found by a black-box probe: a click on the dark area around a dialog (or a double-click on −
 * whose second click landed there) gave the focus to the dialog element, where Escape and the
 * PIN typed went nowhere. A press on anything but a control keeps the focus where it was.
 */
function keepFocusInside(event: MouseEvent<HTMLDialogElement>): void {
  const target = event.target as Element;
  if (!target.closest(`${FOCUSABLE},label`)) event.preventDefault();
}
