import { useCallback, useRef, useState } from 'react';
import { pinShapeProblem, type ApprovalAction } from '../../terminal/cashiers/cashier-api';
import type { TerminalApi } from '../../terminal/terminal-api';
import { cashierErrorText } from '../error-text';
import type { PromptRequest } from './PromptDialog';

/**
 * The counter's dialogs: one at a time, each a promise the caller awaits. A manager's
 * approval is checked by the core (approve()), which also records it.
 */
export function useCounterDialog(api: TerminalApi) {
  const [dialog, setDialog] = useState<PromptRequest | null>(null);
  const settle = useRef<((done: boolean) => void) | null>(null);

  const ask = useCallback((request: PromptRequest) => {
    settle.current?.(false);
    return new Promise<boolean>((resolve) => {
      settle.current = resolve;
      setDialog({
        ...request,
        submit: async (text) => {
          const problem = await request.submit(text);
          if (problem === null) {
            settle.current = null;
            setDialog(null);
            resolve(true);
          }
          return problem;
        },
      });
    });
  }, []);

  const close = useCallback(() => {
    setDialog(null);
    settle.current?.(false);
    settle.current = null;
  }, []);

  /** The approval's id once a manager said yes (a void records it as its approver), null if nobody did. */
  const askManager = useCallback(
    async (action: ApprovalAction, cartKey: string, amountMinor: number, what: string): Promise<string | null> => {
      let approvalId: string | null = null;
      const approved = await ask({
        title: 'Manager approval',
        label: `${what}: manager PIN`,
        secret: true,
        testId: 'approval',
        submit: async (pin) => {
          const shape = pinShapeProblem(pin);
          if (shape !== null) return shape;
          try {
            approvalId = (await api.approve({ pin, action, cartKey, amountMinor })).id;
            return null;
          } catch (caught) {
            return cashierErrorText(caught, 'Not approved.');
          }
        },
      });
      return approved ? approvalId : null;
    },
    [api, ask],
  );

  return { dialog, ask, askManager, close };
}
