import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { isAppUrl } from './app-protocol';
import type { IpcReply } from './ipc-channels';
import { errorDetails, type ShellLogger } from './shell-logger';

/**
 * Every ipcMain.handle in the shell is registered through this one helper, as the
 * Electron security checklist asks: it answers only the cashier window's top frame
 * showing our own app:// pages, and only with arguments that match the same schema the
 * web host uses. Anything else is refused before the core is touched, with the same codes
 * the web host answers (`forbidden`, `validation_failed`): the screens cannot tell the hosts apart.
 */

/** `checked_by_handler`: the handler checks its one argument itself (the terminal's methods, against the method table). */
export type ArgsCheck = TSchema | null | 'checked_by_handler';
export type HandlerArgs<S extends ArgsCheck> = S extends TSchema ? Static<S> : S extends null ? undefined : unknown;

export interface GuardedIpc {
  handle<S extends ArgsCheck>(channel: string, schema: S, handler: (args: HandlerArgs<S>) => unknown): void;
}

/** Who may call: decided per call, because the window can be recreated after a crash. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** The sender is the given window's top frame and it shows an app:// page (not a navigated-away or injected frame). */
export function isCashierWindowFrame(event: IpcMainInvokeEvent, cashierContents: Electron.WebContents | null): boolean {
  const frame = event.senderFrame;
  if (cashierContents === null || frame === null) return false;
  if (event.sender !== cashierContents) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

const MAX_REPORTED_ERRORS = 5;

export function createGuardedIpc(options: { ipcMain: Pick<IpcMain, 'handle'>; isTrustedSender: SenderCheck; logger: ShellLogger }): GuardedIpc {
  const { ipcMain, isTrustedSender, logger } = options;
  return {
    handle(channel, schema, handler) {
      const byHandler = schema === 'checked_by_handler';
      const validator = schema === null || schema === 'checked_by_handler' ? null : Compile(schema);
      ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<IpcReply> => {
        if (!isTrustedSender(event)) {
          logger.warn({ channel, url: event.senderFrame?.url ?? null }, 'IPC call refused: not the cashier window');
          return { ok: false, code: 'forbidden', message: `${channel} may only be called by the cashier screen` };
        }
        if (byHandler ? args.length > 1 : validator === null ? args.length > 0 && args.some((arg) => arg !== undefined) : args.length !== 1) {
          return {
            ok: false,
            code: 'validation_failed',
            message: `${channel} takes ${byHandler ? 'at most one argument' : validator === null ? 'no argument' : 'one argument'}`,
          };
        }
        if (validator !== null && !validator.Check(args[0])) {
          const problems = validator
            .Errors(args[0])
            .slice(0, MAX_REPORTED_ERRORS)
            .map((problem) => `${problem.instancePath || '/'} ${problem.message}`);
          return { ok: false, code: 'validation_failed', message: `${channel}: ${problems.join('; ')}` };
        }
        try {
          return { ok: true, value: await handler(args[0] as never) };
        } catch (error) {
          const { code, message } = errorDetails(error);
          if (code === 'validation_failed') logger.warn({ channel, code, message }, 'IPC call refused: its argument does not match the method table');
          else logger.error({ channel, code, message }, 'IPC call failed');
          return { ok: false, code: code && /^[a-z][a-z0-9_]*$/.test(code) ? code : 'terminal_error', message };
        }
      });
    },
  };
}
