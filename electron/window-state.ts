import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Rectangle } from 'electron';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Where the cashier window was, so it comes back on the same screen at the same size
 * (userData/window-state.json). A saved position on a monitor since unplugged is
 * dropped, or the window would open off screen with nobody able to reach it.
 */
export const WindowStateSchema = Type.Object({
  x: Type.Optional(Type.Integer()),
  y: Type.Optional(Type.Integer()),
  width: Type.Integer({ minimum: 400, maximum: 20_000 }),
  height: Type.Integer({ minimum: 300, maximum: 20_000 }),
  maximized: Type.Boolean(),
  fullScreen: Type.Boolean(),
});
export type WindowState = Static<typeof WindowStateSchema>;

export const defaultWindowState: WindowState = { width: 1280, height: 800, maximized: false, fullScreen: false };

function overlaps(a: Rectangle, b: Rectangle): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Keeps the saved size; keeps the position only if the window's top-left area is on some display. */
export function fitToDisplays(state: WindowState, workAreas: Rectangle[]): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  // The title bar must be reachable: check a strip along the top, not the whole window.
  const titleBar = { x: state.x, y: state.y, width: Math.min(state.width, 200), height: 40 };
  if (workAreas.some((area) => overlaps(titleBar, area))) return state;
  const { x: _x, y: _y, ...sizeOnly } = state;
  return sizeOnly;
}

export function readWindowState(file: string): WindowState {
  try {
    const saved: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (Value.Check(WindowStateSchema, saved)) return saved;
  } catch {
    // First start, or a damaged file: the default size is fine.
  }
  return defaultWindowState;
}

export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state));
}

interface TrackedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  on(event: 'close', listener: () => void): unknown;
}

/** Saves on close: one write per session is enough and never slows a resize. */
export function keepWindowState(window: TrackedWindow, file: string, onError: (error: Error) => void): void {
  window.on('close', () => {
    try {
      const bounds = window.getNormalBounds();
      writeWindowState(file, { ...bounds, maximized: window.isMaximized(), fullScreen: window.isFullScreen() });
    } catch (error) {
      onError(error as Error);
    }
  });
}
