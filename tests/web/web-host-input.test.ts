import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyExactMatch, readScanEntry } from '../../renderer/cashier/scan-entry';
import { MAX_JSON_BODY_BYTES, MAX_JSON_DEPTH } from '../../protocol';
import type { TerminalCore } from '../../terminal/terminal-core';
import { buildWebHost, listenWebHost } from '../../web/web-host';
import { aSignedInTill, ringUpSale, type Cleanups } from '../support/terminal';

/** Every table of the terminal's database, counted: "the till stored nothing" is this, unchanged. */
export function terminalFootprint(raw: () => Database.Database): Record<string, number> {
  const db = raw();
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT COUNT(*) FROM "${table}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

const nestedArrays = (depth: number, inner = '0') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

describe('the web host refuses what the terminal cannot keep, and stores nothing', () => {
  const cleanups: Cleanups = [];
  let core: TerminalCore;
  let raw: () => Database.Database;
  let host: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    ({ core, raw } = await aSignedInTill(cleanups));
    const rendererDir = mkdtempSync(join(tmpdir(), 'counter-web-input-'));
    cleanups.push(() => rmSync(rendererDir, { recursive: true, force: true }));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
    host = await buildWebHost({ terminal: core, rendererDir });
    cleanups.push(() => host.close());
    url = await listenWebHost(host, 0);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function expectRefused(method: string, body: string, status: number, code: string) {
    const before = terminalFootprint(raw);
    const response = await fetch(new URL(`/api/${method}`, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await response.text();
    expect(response.status, text).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(text) as { code: string; errors?: { path: string }[] };
    expect(problem).toMatchObject({ status, code });
    expect(terminalFootprint(raw)).toEqual(before);
    return problem;
  }

  const aPay = (lines: unknown) =>
    JSON.stringify({
      cartKey: `cart-${Math.random().toString(36).slice(2)}`,
      cashier: 'ana',
      lines,
      payments: [{ method: 'cash', amountMinor: 1000 }],
    });

  it('finding 7: a body nested 20,000 deep -> 400 json_too_deep, on any method', async () => {
    await expectRefused('getStatus', nestedArrays(20_000), 400, 'json_too_deep');
    await expectRefused('pay', `{"cartKey":"c1","lines":${nestedArrays(20_000)}}`, 400, 'json_too_deep');
    await expectRefused('pair', `{"serverUrl":${nestedArrays(MAX_JSON_DEPTH, '"x"')}}`, 400, 'json_too_deep');
    await expectRefused('pair', `{"serverUrl":${nestedArrays(MAX_JSON_DEPTH - 1, '"x"')}}`, 400, 'validation_failed');
  });

  it('found by the fuzz: a URL the router refuses (a method name too long, bad percent-encoding) -> problem+json', async () => {
    await expectRefused('x'.repeat(300), '{}', 414, 'validation_failed');
    await expectRefused('pay%', '{}', 400, 'validation_failed');
  });

  it('a body over the size limit -> 413 body_too_large, not a 500', async () => {
    await expectRefused('pay', JSON.stringify({ note: 'x'.repeat(MAX_JSON_BODY_BYTES) }), 413, 'body_too_large');
  });

  it('finding 9: a sale line below 0.001 is refused at the counter (quantity_too_small), never queued', async () => {
    for (const qty of [1e-10, 0.0004]) {
      const problem = await expectRefused(
        'pay',
        aPay([
          { sku: 'RICE', qty: 1, unitPriceMinor: 100 },
          { sku: 'SALT', qty, unitPriceMinor: 100 },
        ]),
        400,
        'quantity_too_small',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['/lines/1/qty']);
    }
    expect(await core.queueCounts()).toEqual({ pending: 0, sending: 0, needs_attention: 0, synced: 0, voided: 0 });
  });

  it('a sale or refund with NUL text or half a surrogate pair (which the back office refuses) is refused at the counter too', async () => {
    const problem = await expectRefused(
      'pay',
      JSON.stringify({ ...JSON.parse(aPay([{ sku: 'RICE', qty: 1, unitPriceMinor: 100 }])), note: 'a\u0000b' }),
      400,
      'invalid_argument',
    );
    expect(problem.errors?.map((e) => e.path)).toEqual(['/note']);
    const sale = await ringUpSale(core, 1);
    await expectRefused(
      'refund',
      JSON.stringify({
        refundKey: 'nul-refund',
        saleId: sale.id,
        lines: [{ sku: 'SKU-1', qty: 1 }],
        reason: 'spilt\u0000',
        approval: { managerPin: '9999' },
      }),
      400,
      'invalid_argument',
    );
    // Half of a surrogate pair (a broken keyboard driver): no character the back office could store.
    const half = await expectRefused(
      'pay',
      JSON.stringify({ ...JSON.parse(aPay([{ sku: 'RICE', qty: 1, unitPriceMinor: 100 }])), note: 'thanks \ud83d' }),
      400,
      'invalid_argument',
    );
    expect(half.errors).toEqual([{ path: '/note', message: 'must not contain half of a surrogate pair (U+D800-U+DFFF alone)' }]);
  });

  it("found by a black-box probe: a name on the roster or an approval's note with such text is refused too (every method's text): printed on an invoice, it stopped the journal's upload", async () => {
    const named = await expectRefused(
      'addCashier',
      JSON.stringify({ code: 'nul', name: 'A\u0000B', role: 'cashier', pin: '5791' }),
      400,
      'invalid_argument',
    );
    expect(named.errors?.map((e) => e.path)).toEqual(['/name']);
    await expectRefused('addCashier', JSON.stringify({ code: 'sur', name: 'A\ud800B', role: 'cashier', pin: '5792' }), 400, 'invalid_argument');
    const { cartKey } = await core.openCart();
    await expectRefused(
      'approve',
      JSON.stringify({ pin: '9999', action: 'discount', cartKey, amountMinor: 100, note: 'a\u0000b' }),
      400,
      'invalid_argument',
    );
  });

  it('finding 9: a refund of less than 0.001 is refused before it takes a return number', async () => {
    const sale = await ringUpSale(core, 1);
    const refund = JSON.stringify({
      refundKey: 'tiny-refund',
      saleId: sale.id,
      lines: [{ sku: 'SKU-1', qty: 1e-10 }],
      reason: 'spilt',
      approval: { managerPin: '9999' },
    });
    await expectRefused('refund', refund, 400, 'quantity_too_small');
    const real = await core.refund({
      refundKey: 'real-refund',
      saleId: sale.id,
      lines: [{ sku: 'SKU-1', qty: 1 }],
      reason: 'spilt',
      approval: { managerPin: '9999' },
    });
    expect(real.localNumber).toMatch(/R0*1$/);
  });

  it('finding 9: the cashier cannot even type such a quantity into the cart', () => {
    expect(readScanEntry('0.0000000001*RICE')).toMatchObject({ kind: 'invalid' });
    expect(readScanEntry('0.0004*RICE')).toMatchObject({ kind: 'invalid' });
    expect(readScanEntry('0.001*RICE')).toEqual({ kind: 'product', qty: 0.001, code: 'RICE' });
  });

  it('what stands before a star is a quantity or a refusal that says what is wrong, never a name to search', () => {
    const reason = (text: string) => {
      const entry = readScanEntry(text);
      return entry?.kind === 'invalid' ? entry.reason : entry;
    };
    expect(reason('-1*')).toMatch(/^A quantity must be above zero/);
    expect(reason('-5*4800007001224')).toMatch(/^A quantity must be above zero/);
    expect(reason('0*4800007001224')).toBe('A quantity must be above zero.');
    expect(reason('1,000*4800007001224')).toBe('Type the quantity without commas: 1000*.');
    expect(reason('0,750*FISH')).toBe('Type the quantity with a point for the decimals: 0.750*.');
    expect(reason('1,0,0*RICE')).toBe('A quantity is a number before the star: 3* or 0.750*.');
    expect(reason('1000000000*4800007001224')).toMatch(/^A quantity is at most 1,000,000/);
    expect(reason('1.2345*RICE')).toBe('A quantity has at most three decimals (e.g. 0.750).');
    expect(reason('*RICE')).toBe('Type the quantity before the star: 3* or 0.750*.');
    expect(reason('two*RICE')).toBe('A quantity is a number before the star: 3* or 0.750*.');
    expect(readScanEntry(' 3 * 4800007001224 ')).toEqual({ kind: 'product', qty: 3, code: '4800007001224' });
    expect(readScanEntry('2*')).toEqual({ kind: 'quantity', qty: 2 });
    expect(readScanEntry('Rice 1 kg')).toEqual({ kind: 'product', qty: 1, code: 'Rice 1 kg', bare: true });
    // Digits alone add only the product whose barcode or code they are; words add the best name match.
    expect([onlyExactMatch('20'), onlyExactMatch('4800007001224'), onlyExactMatch('coke 20')]).toEqual([true, true, false]);
    // An amount or a percentage typed where the search has the keys adds nothing but an exact code either.
    expect(['10%', '25.00', '₱1,000', 'P 50', '5 %'].map(onlyExactMatch)).toEqual([true, true, true, true, true]);
    expect(['Pan 10', 'pandesal', '%', 'P'].map(onlyExactMatch)).toEqual([false, false, false, false]);
  });
});
