import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { registerAppScheme, RENDERER_CSP, resolveRendererFile, respondWithRendererFile } from '../../electron/app-protocol';

const root = mkdtempSync(path.join(tmpdir(), 'counter-renderer-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Counter</title>');
writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("till")');
// A secret beside the renderer folder that no app:// URL may reach.
writeFileSync(path.join(path.dirname(root), 'counter-secret.txt'), 'token');

describe('app:// serves the built renderer and nothing else', () => {
  it('registers app as a standard, secure scheme (IndexedDB and a real origin for the cart)', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
  });

  it('serves a file with its type and the CSP header', async () => {
    const response = await respondWithRendererFile(root, 'app://counter/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/javascript');
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(await response.text()).toContain('till');
  });

  it('serves the app shell for the root and for client-side routes', async () => {
    expect(await (await respondWithRendererFile(root, 'app://counter/')).text()).toContain('<title>Counter');
    expect(await (await respondWithRendererFile(root, 'app://counter/manager/queue')).text()).toContain('<title>Counter');
    expect((await respondWithRendererFile(root, 'app://counter/assets/missing.js')).status).toBe(404);
  });

  it.each([
    'app://counter/..%2fcounter-secret.txt',
    'app://counter/assets/..%2f..%2f..%2fcounter-secret.txt',
    'app://counter/..%5ccounter-secret.txt',
    'app://counter/%2fetc%2fpasswd',
    'app://counter/index.html%00.js',
    'app://evil/index.html',
    'app://counter/%E0%A4%A',
  ])('refuses %s with 403', async (url) => {
    const response = await respondWithRendererFile(root, url);
    expect(response.status).toBe(403);
  });

  it('lets the URL parser fold dot segments back inside the folder: the file beside it is never served', async () => {
    for (const url of [
      'app://counter/%2e%2e/counter-secret.txt',
      'app://counter/../../counter-secret.txt',
      'app://counter/assets/../../counter-secret.txt',
    ]) {
      const response = await respondWithRendererFile(root, url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('token');
    }
  });

  it('never resolves outside the renderer folder', () => {
    expect(resolveRendererFile(root, 'app://counter/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveRendererFile(root, 'app://counter/..%2f..%2fetc/passwd')).toBeNull();
  });
});
