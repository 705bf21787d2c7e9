import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problems';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The same policy the Electron window sets: our own scripts and our own API, nothing else. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Inside the renderer folder, or null: `..` and absolute paths never leave it. */
function fileInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(join(root, decoded));
  return file === root || file.startsWith(root + sep) ? file : null;
}

/** Serves the built renderer (dist/renderer); unknown paths without an extension get index.html. */
export function registerRendererFiles(app: FastifyInstance, rendererDir: string): void {
  const root = resolve(rendererDir);
  app.get('/*', async (request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    if (urlPath.startsWith('/api/')) return sendProblem(reply, problem(404, 'not_found', 'Not found', `There is no GET ${urlPath}.`));
    if (!existsSync(join(root, 'index.html'))) {
      return sendProblem(reply, problem(404, 'not_found', 'Renderer not built', 'Build the cashier screens first: npm run build:renderer.'));
    }
    let file = fileInside(root, urlPath === '/' ? '/index.html' : urlPath);
    if (file === null) return sendProblem(reply, problem(404, 'not_found', 'Not found', `There is no ${urlPath}.`));
    if (!existsSync(file) || !statSync(file).isFile()) {
      if (extname(file) !== '') return sendProblem(reply, problem(404, 'not_found', 'Not found', `There is no ${urlPath}.`));
      file = join(root, 'index.html');
    }
    const isPage = extname(file) === '.html';
    return reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', isPage ? 'no-cache' : 'public, max-age=31536000, immutable')
      .type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
      .send(await readFile(file));
  });
}
