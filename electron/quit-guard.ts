import type { BaseWindow, Dialog } from 'electron';
import type { ShellLogger } from './shell-logger';

/**
 * Quitting with sales still on the counter is allowed (they are safe in the local
 * database and go out at the next start), but never by accident: the cashier or
 * manager is told how many and must choose "Quit anyway". Guards both the window's
 * close button and app.quit() (menu, Alt+F4 on the last window, the updater).
 */

export const QUIT_BUTTONS = ['Cancel', 'Quit anyway'] as const;

export interface QuitGuardOptions {
  quit(): void;
  dialog: Pick<Dialog, 'showMessageBox'>;
  window(): BaseWindow | null;
  unsyncedSales(): Promise<{ pending: number; needsAttention: number }>;
  logger: ShellLogger;
}

interface PreventableEvent {
  preventDefault(): void;
}

export class QuitGuard {
  private allowed = false;
  private asking = false;

  constructor(private readonly options: QuitGuardOptions) {}

  /** Hook for 'before-quit' and the window's 'close': stops the quit until it is confirmed. */
  readonly intercept = (event: PreventableEvent): void => {
    if (this.allowed) return;
    event.preventDefault();
    if (this.asking) return;
    this.asking = true;
    this.confirm()
      .then((quit) => {
        if (!quit) return;
        this.allowed = true;
        this.options.quit();
      })
      .catch((error: unknown) => this.options.logger.error({ message: (error as Error).message }, 'quit confirmation failed'))
      .finally(() => {
        this.asking = false;
      });
  };

  private async confirm(): Promise<boolean> {
    let unsynced: number;
    try {
      const { pending, needsAttention } = await this.options.unsyncedSales();
      unsynced = pending + needsAttention;
    } catch (error) {
      // The core cannot say: assume there may be sales rather than lose the warning.
      this.options.logger.error({ message: (error as Error).message }, 'could not count unsynced sales before quitting');
      unsynced = -1;
    }
    if (unsynced === 0) return true;
    const message =
      unsynced > 0
        ? `${unsynced} ${unsynced === 1 ? 'sale has' : 'sales have'} not reached the back office yet.`
        : 'Counter could not check whether every sale reached the back office.';
    const options = {
      type: 'warning' as const,
      buttons: [...QUIT_BUTTONS],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
      title: 'Unsynced sales',
      message,
      detail: 'They are kept safely on this counter and are sent the next time Counter runs with a connection.',
    };
    const parent = this.options.window();
    const { response } = parent ? await this.options.dialog.showMessageBox(parent, options) : await this.options.dialog.showMessageBox(options);
    this.options.logger.info({ unsynced, quit: response === 1 }, 'quit with unsynced sales asked');
    return response === 1;
  }
}
