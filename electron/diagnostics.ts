import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TerminalApi } from '../terminal/terminal-api';
import type { EffectiveConfig } from './desktop-config';
import { zipArchive, type ZipEntry } from './zip-archive';

/**
 * "Export diagnostics": one ZIP a manager can e-mail to support with the logs, the
 * effective configuration and a summary of the sales queue. Never the terminal token
 * (it is not in the config, the secrets file is not packed, and anything that looks
 * like a credential in a log line or URL is blanked).
 */

export interface AboutThisCounter {
  appVersion: string;
  electronVersion: string;
  platform: string;
  arch: string;
}

/** A URL with its user:password@ part removed, since a feed URL may carry one. */
export function withoutCredentials(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '[unparseable URL removed]';
  }
}

export function scrubSecrets(text: string): string {
  return text
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[removed]')
    .replace(/("(?:token|authorization|pairingCode)"\s*:\s*)"[^"]*"/gi, '$1"[removed]"');
}

export function diagnosticsConfig(effective: EffectiveConfig): object {
  const { config } = effective;
  return {
    config: { ...config, serverUrl: withoutCredentials(config.serverUrl), updateFeedUrl: withoutCredentials(config.updateFeedUrl) },
    sourceOf: effective.sourceOf,
    locked: [...effective.locked],
    problems: effective.problems,
  };
}

async function queueSummary(core: Pick<TerminalApi, 'getStatus' | 'queueItems'>): Promise<object> {
  try {
    const [status, needsAttention, pending] = await Promise.all([
      core.getStatus(),
      core.queueItems({ state: 'needs_attention', limit: 1000 }),
      core.queueItems({ state: 'pending', limit: 1000 }),
    ]);
    return { status, needsAttention, pendingCount: pending.length, oldestPending: pending[0] ?? null };
  } catch (error) {
    // The archive is most wanted exactly when the core is in trouble: say so, export the rest.
    return { error: (error as Error).message };
  }
}

export async function diagnosticsArchive(options: {
  logFiles: string[];
  config: EffectiveConfig;
  core: Pick<TerminalApi, 'getStatus' | 'queueItems'> | null;
  about: AboutThisCounter;
  now: Date;
}): Promise<Buffer> {
  const entries: ZipEntry[] = [
    { name: 'about.json', data: JSON.stringify({ ...options.about, exportedAt: options.now.toISOString() }, null, 2) },
    { name: 'config.json', data: JSON.stringify(diagnosticsConfig(options.config), null, 2) },
    {
      name: 'queue-summary.json',
      data: JSON.stringify(options.core ? await queueSummary(options.core) : { error: 'terminal core not started' }, null, 2),
    },
  ];
  for (const file of options.logFiles) {
    try {
      entries.push({ name: `logs/${path.basename(file)}`, data: scrubSecrets(readFileSync(file, 'utf8')), modifiedAt: statSync(file).mtime });
    } catch (error) {
      entries.push({ name: `logs/${path.basename(file)}.unreadable.txt`, data: (error as Error).message });
    }
  }
  return zipArchive(entries);
}
