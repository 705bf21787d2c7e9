import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * What the README and docs/ name (files, folders, code symbols) checked against the tree,
 * so that a rename or a move cannot leave them pointing at nothing.
 */

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
/** Where a doc may name a file relative to (a doc about the terminal names `sync/outbox.ts`). */
const SOURCE_FOLDERS = ['protocol', 'terminal', 'server', 'renderer', 'web', 'electron', 'scripts', 'build', 'tests', 'bench', 'docs'];
/** Made by a build or a run, not kept in the tree. */
const GENERATED = /^(dist|data|test-output|node_modules|out)(\/|$)/;

export interface Reference {
  doc: string;
  line: number;
  text: string;
}

/** Every backticked span and every relative link target of a markdown text, with its line. */
export function referencesOf(doc: string, markdown: string): { code: Reference[]; links: Reference[] } {
  const code: Reference[] = [];
  const links: Reference[] = [];
  let fenced = false;
  markdown.split('\n').forEach((line, index) => {
    if (line.trimStart().startsWith('```')) {
      fenced = !fenced;
      return;
    }
    if (fenced) return;
    for (const match of line.matchAll(/`([^`]+)`/g)) code.push({ doc, line: index + 1, text: match[1]! });
    for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1]!;
      if (!/^(https?:|mailto:|#)/.test(target)) links.push({ doc, line: index + 1, text: target.replace(/#.*$/, '') });
    }
  });
  return { code, links };
}

/** Files that live on a user's machine or an update server, not in the tree (docs/INSTALL.md). */
const ON_USERS_MACHINES = new Set(['latest.yml', 'latest-linux.yml', 'config.json', 'resources/counter-admin.json']);
const MEDIA_TYPES = /^(application|text|image|multipart)\//;

/** A backticked span that names a file or folder of the repository (not a URL route, a media type, a glob or a command). */
export function looksLikePath(text: string): boolean {
  if (/[\s*<>{}$|=,]/.test(text) || text.startsWith('/') || text.startsWith('-') || text.includes('://') || text.includes('..')) return false;
  if (MEDIA_TYPES.test(text) || ON_USERS_MACHINES.has(text)) return false;
  if (/^[\w.-]+\.(ts|tsx|md|json|yml|yaml|nsh|css|html|js)$/.test(text)) return true;
  return /^[\w.-]+(\/[\w.@-]+)*\/?$/.test(text) && text.includes('/');
}

let treeFiles: string[] | null = null;
/** Every file and folder of the tree, relative to the root (generated ones left out). */
function tree(): string[] {
  if (treeFiles !== null) return treeFiles;
  const found: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === '.git') continue;
      const path = rel === '' ? name : `${rel}/${name}`;
      if (GENERATED.test(path)) continue;
      found.push(path);
      if (statSync(join(dir, name)).isDirectory()) walk(join(dir, name), path);
    }
  };
  walk(REPO_ROOT, '');
  treeFiles = found;
  return found;
}

/**
 * Whether a named path is in the tree: from the root, from the doc's folder, or (as prose
 * names a file in the folder it is talking about) as the end of some path of the tree.
 */
export function pathExists(doc: string, text: string): boolean {
  const path = text.replace(/\/$/, '');
  if (GENERATED.test(path)) return true;
  if (existsSync(join(REPO_ROOT, path)) || existsSync(join(REPO_ROOT, posix.dirname(doc), path))) return true;
  return tree().some((file) => file.endsWith(`/${path}`));
}

/** `camelCase`, `PascalCase` or `camelCase(...)` spans: names of code, not words. */
export function symbolOf(text: string): string | null {
  const match = /^([a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)(\(.*\))?$/.exec(text);
  return match ? match[1]! : null;
}

function sourceFiles(dir: string, into: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, into);
    else if (/\.(ts|tsx)$/.test(name)) into.push(full);
  }
  return into;
}

/** All the TypeScript of the repository, as one text per file. */
export function sourceTexts(): Map<string, string> {
  const texts = new Map<string, string>();
  for (const folder of SOURCE_FOLDERS) {
    const dir = join(REPO_ROOT, folder);
    if (existsSync(dir)) for (const file of sourceFiles(dir)) texts.set(file.slice(REPO_ROOT.length + 1), readFileSync(file, 'utf8'));
  }
  return texts;
}

/** Whether `symbol` is declared (not merely mentioned) in `text`. */
export function declares(text: string, symbol: string): boolean {
  const name = symbol.replace(/[$]/g, '\\$&');
  return new RegExp(
    `(function\\*?\\s+${name}\\b|class\\s+${name}\\b|interface\\s+${name}\\b|type\\s+${name}\\b|(const|let|var)\\s+${name}\\b|^\\s*(async\\s+)?${name}\\s*[(:]|^\\s*(private\\s+|readonly\\s+|static\\s+|public\\s+)+${name}\\b|\\b${name}:\\s*(method\\(|async|\\())`,
    'm',
  ).test(text);
}

/**
 * The tour's rule, one list item at a time: a symbol named beside a file must be declared in
 * that file (or in one of the files named with it).
 */
export function staleTourClaims(items: readonly string[], fileText: (path: string) => string | null): string[] {
  const stale: string[] = [];
  for (const item of items) {
    const spans = [...item.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const files = spans.filter((s) => /\.(ts|tsx)$/.test(s));
    const symbols = spans.map(symbolOf).filter((s): s is string => s !== null);
    if (files.length === 0) continue;
    for (const symbol of symbols) {
      const found = files.some((file) => {
        const text = fileText(file);
        return text !== null && declares(text, symbol);
      });
      if (!found) stale.push(`\`${symbol}\` is declared in none of ${files.map((f) => `\`${f}\``).join(', ')}`);
    }
  }
  return stale;
}

/** The numbered items of the README's one-minute tour (each with its continuation lines). */
export function tourItems(readme: string): string[] {
  const start = readme.indexOf('## How a sale becomes an invoice');
  if (start < 0) throw new Error('The README has no tour ("## How a sale becomes an invoice").');
  const section = readme.slice(start).split(/\n## /)[0]!;
  return section.split(/\n(?=\d+\. )/).slice(1);
}

/** The markdown the project keeps true: the README, docs/, and each folder's README. */
export function keptDocs(): string[] {
  const docs = [
    'README.md',
    ...readdirSync(join(REPO_ROOT, 'docs'))
      .filter((n) => n.endsWith('.md'))
      .map((n) => `docs/${n}`),
  ];
  for (const folder of SOURCE_FOLDERS) if (existsSync(join(REPO_ROOT, folder, 'README.md'))) docs.push(`${folder}/README.md`);
  for (const nested of ['bench/terminal/README.md']) if (existsSync(join(REPO_ROOT, nested))) docs.push(nested);
  return docs;
}
