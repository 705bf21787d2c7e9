import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';

/**
 * The renderer is served from app://counter/, never file://: a standard, secure scheme
 * gives it a real origin (IndexedDB for the cart, a CSP, a sender check by origin) and
 * lets us refuse any path outside the built renderer folder.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'counter';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const RENDERER_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The renderer has no network of its own: everything comes from app:// and the preload. */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // React and Vite put style attributes inline; scripts stay strictly 'self'.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * Whether a URL is one of our own pages. Compared by scheme and host, not URL.origin:
 * Node's URL parser gives custom schemes an opaque "null" origin.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Must run before app 'ready': privileges cannot be granted to a scheme later. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * The file an app:// URL names inside the renderer folder, or null when the URL points
 * anywhere else (another host, encoded `..`, a NUL byte, an absolute path).
 */
export function resolveRendererFile(rendererRoot: string, url: string): string | null {
  let parsed: URL;
  let pathname: string;
  try {
    parsed = new URL(url);
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  // Encoded separators are never in a Vite asset name; they only serve to smuggle paths.
  if (pathname.includes('\0') || /%2f|%5c/i.test(parsed.pathname)) return null;
  const root = path.resolve(rendererRoot);
  const wanted = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^[/\\]+/, '');
  const full = path.resolve(root, wanted);
  const inside = path.relative(root, full);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return full;
}

function headers(contentType: string): Record<string, string> {
  return { 'Content-Type': contentType, 'Content-Security-Policy': RENDERER_CSP, 'X-Content-Type-Options': 'nosniff' };
}

/** Answers one app:// request; exported apart from protocol.handle so tests can call it. */
export async function respondWithRendererFile(rendererRoot: string, url: string): Promise<Response> {
  const file = resolveRendererFile(rendererRoot, url);
  if (file === null) return new Response('Forbidden', { status: 403, headers: headers('text/plain; charset=utf-8') });
  const extension = path.extname(file).toLowerCase();
  try {
    return new Response(await readFile(file), { status: 200, headers: headers(CONTENT_TYPES[extension] ?? 'application/octet-stream') });
  } catch {
    // Client-side routes (no extension) get the app shell; a missing asset is a plain 404.
    if (extension === '') return respondWithRendererFile(rendererRoot, RENDERER_ENTRY_URL);
    return new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
  }
}

export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => respondWithRendererFile(rendererRoot, request.url));
}
