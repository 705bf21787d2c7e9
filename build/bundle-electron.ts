import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * `npm run electron:bundle`: the main process and the preload, each bundled to one
 * CommonJS file in dist/electron. The preload must be one file because a sandboxed
 * preload cannot require our modules; the main is bundled so the package needs no
 * TypeScript at run time. Only Electron itself and better-sqlite3 (a native module,
 * rebuilt for Electron's ABI before packing) stay outside the bundle.
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ELECTRON_APP_FOLDER = path.join(PROJECT_ROOT, 'dist', 'electron');

/** Electron 41 runs Node 24 in the main process and Chromium 146 in the preload. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome130';

export async function bundleElectronShell(projectRoot = PROJECT_ROOT, outdir = path.join(projectRoot, 'dist', 'electron')): Promise<string> {
  mkdirSync(outdir, { recursive: true });
  const common = { bundle: true, format: 'cjs', sourcemap: true, logLevel: 'warning', legalComments: 'none' } as const;
  await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(projectRoot, 'electron', 'main.ts')],
      outfile: path.join(outdir, 'main.cjs'),
      platform: 'node',
      target: NODE_TARGET,
      external: ['electron', 'better-sqlite3'],
    }),
    build({
      ...common,
      entryPoints: [path.join(projectRoot, 'electron', 'preload.ts')],
      outfile: path.join(outdir, 'preload.cjs'),
      platform: 'node',
      target: CHROME_TARGET,
      external: ['electron'],
    }),
  ]);
  // `electron dist/electron` then runs as "Counter" with the project's version, as the package does.
  const project = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string; description?: string };
  const manifest = {
    name: 'counter',
    productName: 'Counter',
    version: project.version,
    description: project.description,
    main: 'main.cjs',
    private: true,
  };
  writeFileSync(path.join(outdir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return outdir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleElectronShell().then(
    (folder) => process.stdout.write(`Electron shell bundled in ${path.relative(process.cwd(), folder) || '.'}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
