import { describe, expect, it, vi } from 'vitest';
import { QuitGuard } from '../../electron/quit-guard';
import { MAX_QUICK_RELOADS, reloadAfterCrash } from '../../electron/renderer-recovery';
import { recordingLogger } from '../support/electron/fakes';

function guardWith(unsynced: { pending: number; needsAttention: number } | Error, answer: number) {
  const quit = vi.fn();
  const showMessageBox = vi.fn(async () => ({ response: answer, checkboxChecked: false }));
  const window = { id: 1 };
  const guard = new QuitGuard({
    quit,
    dialog: { showMessageBox } as never,
    window: () => window as never,
    unsyncedSales: async () => {
      if (unsynced instanceof Error) throw unsynced;
      return unsynced;
    },
    logger: recordingLogger().logger,
  });
  const attempt = () => {
    const event = { preventDefault: vi.fn() };
    guard.intercept(event);
    return event;
  };
  return { guard, quit, showMessageBox, attempt };
}

describe('quitting with sales not yet at the back office', () => {
  it('3 unsynced sales: the cashier is warned, Cancel keeps Counter open', async () => {
    const { attempt, quit, showMessageBox } = guardWith({ pending: 2, needsAttention: 1 }, 0);
    expect(attempt().preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(showMessageBox).toHaveBeenCalledOnce());
    const [, options] = showMessageBox.mock.calls[0] as unknown as [
      unknown,
      { buttons: string[]; cancelId: number; defaultId: number; message: string },
    ];
    expect(options.buttons).toEqual(['Cancel', 'Quit anyway']);
    expect(options).toMatchObject({ cancelId: 0, defaultId: 0 });
    expect(options.message).toMatch(/^3 sales have not reached the back office/);
    await Promise.resolve();
    expect(quit).not.toHaveBeenCalled();
  });

  it('"Quit anyway" quits, and the quit that follows is no longer stopped', async () => {
    const { attempt, quit } = guardWith({ pending: 1, needsAttention: 0 }, 1);
    attempt();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledOnce());
    expect(attempt().preventDefault).not.toHaveBeenCalled();
  });

  it('nothing unsynced: quits without asking', async () => {
    const { attempt, quit, showMessageBox } = guardWith({ pending: 0, needsAttention: 0 }, 0);
    attempt();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledOnce());
    expect(showMessageBox).not.toHaveBeenCalled();
  });

  it('a core that cannot answer still gets the warning, and a second click does not open a second dialog', async () => {
    const { attempt, showMessageBox } = guardWith(new Error('database is locked'), 0);
    attempt();
    attempt();
    await vi.waitFor(() => expect(showMessageBox).toHaveBeenCalledOnce());
    const [, options] = showMessageBox.mock.calls[0] as unknown as [unknown, { message: string }];
    expect(options.message).toMatch(/could not check/);
  });
});

describe('a crashed cashier screen', () => {
  function crashingContents() {
    let listener: ((event: unknown, details: { reason: string; exitCode: number }) => void) | undefined;
    const contents = { on: (_name: string, handler: typeof listener) => (listener = handler), loadURL: vi.fn(async () => undefined) };
    let clock = 0;
    reloadAfterCrash(contents as never, recordingLogger().logger, () => clock);
    return { contents, crash: (reason: string, after = 1000) => ((clock += after), listener!({}, { reason, exitCode: 9 })) };
  }

  it('is reloaded from app://counter (the cart is in IndexedDB)', () => {
    const { contents, crash } = crashingContents();
    crash('crashed');
    expect(contents.loadURL).toHaveBeenCalledWith('app://counter/index.html');
  });

  it('is not reloaded after a clean exit, nor in a tight crash loop', () => {
    const { contents, crash } = crashingContents();
    crash('clean-exit');
    expect(contents.loadURL).not.toHaveBeenCalled();
    for (let index = 0; index < MAX_QUICK_RELOADS + 2; index += 1) crash('oom');
    expect(contents.loadURL).toHaveBeenCalledTimes(MAX_QUICK_RELOADS);
    crash('killed', 120_000);
    expect(contents.loadURL).toHaveBeenCalledTimes(MAX_QUICK_RELOADS + 1);
  });
});
