import { dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { DesktopActions } from './desktop-actions';
import type { ShellLogger } from './shell-logger';

/**
 * The application menu: where a manager finds "Test print" and "Export diagnostics"
 * even if the screen offers no button for them. Developer tools only outside a package.
 */
export function counterMenu(actions: DesktopActions, logger: ShellLogger, withDevTools: boolean): Menu {
  const run = (label: string, task: () => Promise<unknown>) => () => {
    task().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ action: label, message }, 'menu action failed');
      dialog.showErrorBox(label, message);
    });
  };
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'Counter',
      submenu: [
        { label: 'Test print', click: run('Test print', () => actions.testPrint()) },
        { label: 'Export diagnostics…', click: run('Export diagnostics', () => actions.exportDiagnostics()) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
        ...(withDevTools ? [{ role: 'toggleDevTools' } as const] : []),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
