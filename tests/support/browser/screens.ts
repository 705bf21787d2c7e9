import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../../build/renderer-build';

/** Screenshots of the main screens land in test-output/screens/ (gitignored), for people, never asserted on. */
export async function saveScreen(page: Page, name: string): Promise<void> {
  const dir = join(PROJECT_ROOT, 'test-output', 'screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
