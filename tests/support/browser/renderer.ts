import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRenderer } from '../../../build/renderer-build';

/** A fresh `vite build` of the cashier screens in a folder of this test file's own. */
export async function buildRendererForTest(): Promise<string> {
  return buildRenderer(join(mkdtempSync(join(tmpdir(), 'counter-renderer-')), 'renderer'));
}
