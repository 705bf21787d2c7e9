import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemCodes } from '../../protocol/problem';
import { terminalErrorCodes } from '../../terminal/terminal-error';
import type { WebHostProblemCode } from '../../web/problems';
import {
  keptDocs,
  looksLikePath,
  pathExists,
  referencesOf,
  REPO_ROOT,
  sourceTexts,
  staleTourClaims,
  symbolOf,
  tourItems,
} from '../support/doc-references';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const fileText = (path: string) => (existsSync(join(REPO_ROOT, path)) ? read(path) : null);

describe('the README tour and docs/ name only what exists', () => {
  const docs = keptDocs();
  const sources = sourceTexts();
  const everything = [...sources.values()].join('\n');

  it('covers the README, every document in docs/ (the protocol among them) and each folder README', () => {
    expect(docs).toEqual(
      expect.arrayContaining(['README.md', 'docs/PROTOCOL.md', 'docs/terminal-core.md', 'terminal/README.md', 'renderer/README.md']),
    );
  });

  it('every file and folder they name is in the tree', () => {
    const missing: string[] = [];
    for (const doc of docs) {
      const { code, links } = referencesOf(doc, read(doc));
      for (const ref of code) if (looksLikePath(ref.text) && !pathExists(doc, ref.text)) missing.push(`${doc}:${ref.line} \`${ref.text}\``);
      for (const ref of links) if (!existsSync(join(REPO_ROOT, posix.dirname(doc), ref.text))) missing.push(`${doc}:${ref.line} link ${ref.text}`);
    }
    expect(missing).toEqual([]);
  });

  it('every code name they quote (`camelCase`, `PascalCase`) is in the source', () => {
    const missing: string[] = [];
    for (const doc of docs) {
      for (const ref of referencesOf(doc, read(doc)).code) {
        const symbol = symbolOf(ref.text);
        if (symbol !== null && !new RegExp(`\\b${symbol}\\b`).test(everything)) missing.push(`${doc}:${ref.line} \`${symbol}\``);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the one-minute tour: each symbol is declared in the file it is named with, from README to the line that numbers a sale', () => {
    const items = tourItems(read('README.md'));
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.join('\n')).toContain('issueGroupNumbers');
    expect(staleTourClaims(items, fileText)).toEqual([]);
  });

  it('the tour check is not vacuous: a renamed symbol is caught', () => {
    const items = tourItems(read('README.md'));
    const renamed = (path: string) => fileText(path)?.replaceAll('issueGroupNumbers', 'takeNextNumber') ?? null;
    expect(staleTourClaims(items, renamed)).toEqual([expect.stringContaining('`issueGroupNumbers`')]);
  });
  it('every problem code links to a row that explains it: the back office to docs/problems.md, the till to docs/web-host.md', () => {
    const anchors = (doc: string) => new Set([...read(doc).matchAll(/<a id="([a-z_]+)"><\/a>/g)].map((m) => m[1]));
    const problems = anchors('docs/problems.md');
    expect(problemCodes.filter((code) => !problems.has(code))).toEqual([]);
    const webHost = anchors('docs/web-host.md');
    const webHostCodes: WebHostProblemCode[] = [
      'validation_failed',
      'malformed_json',
      'json_too_deep',
      'body_too_large',
      'unsupported_media_type',
      'not_found',
      'forbidden',
      'internal_error',
    ];
    expect([...terminalErrorCodes, ...webHostCodes].filter((code) => !webHost.has(code))).toEqual([]);
  });
});
