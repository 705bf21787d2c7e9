import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');
export const RENDERER_DIST = join(PROJECT_ROOT, 'dist', 'renderer');

export function rendererBuilt(dir = RENDERER_DIST): boolean {
  return existsSync(join(dir, 'index.html'));
}

/** `vite build` of the cashier screens (vite.config.ts), into dist/renderer or another folder. */
export async function buildRenderer(outDir = RENDERER_DIST): Promise<string> {
  // Vite and the React plugin read NODE_ENV; under vitest it is "test", which would mix
  // React's development JSX runtime into a production bundle. Build as production always.
  const callerEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(PROJECT_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    if (callerEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callerEnv;
  }
  return outDir;
}
