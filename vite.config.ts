import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

/** The cashier screens: built to dist/renderer, served by the web host or loaded by Electron. */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // One bundle of about 600 kB, read from the till's own disk or the web host on the same
    // machine, never over the shop's link: splitting it would save the till nothing, and the
    // 500 kB warning only alarmed installers on every first start.
    chunkSizeWarningLimit: 1_000,
  },
});
