import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { Correction } from '../../protocol';
import { startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, adminPost, footprint, ledgerMilli, postCsv, startCount } from '../support/stock-documents';

/**
 * Found by a black-box review: the two-person rule on a drafted correction was passed by the
 * manager who drafted it, approving as "Mario" with a zero-width character after it (or
 * "\u202EoiraM", which a browser draws "Mario"). A person's name on a stock document now
 * refuses characters a screen does not show (400 validation_failed, naming the field), and
 * two names are one manager whatever their Unicode form, case and spaces.
 */
describe.each(databaseKinds)('names that read alike, on %s', (kind) => {
  let bo: TestBackOffice;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
  });
  afterAll(async () => bo.close());

  const unseen = [
    'Mario\u200B',
    'Mario\u200D',
    'Mario\u2060',
    '\u202EoiraM',
    'Ma\u00ADrio',
    '\uFEFFMario',
    'Mario\u200E',
    'Mar\tio',
    'Mario\u{E0100}',
    'Mario\u2800',
  ];

  const draft = async (storeCode: string, draftedBy: string) => {
    const response = await adminPost(bo, '/v1/correction-drafts', { storeCode, reason: 'shrink', draftedBy, lines: [{ sku: 'RICE', qtyDelta: -1 }] });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Correction;
  };
  const stored = (id: string) =>
    bo.store.db
      .selectFrom('stock_documents')
      .select(['status', 'number', 'drafted_by', 'approved_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  const expectNameRefused = (response: { statusCode: number; json: () => unknown }, path: string) => {
    expect(response.statusCode).toBe(400);
    const body = response.json() as { code: string; errors: { path: string; message: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.errors).toContainEqual({ path, message: expect.stringContaining('without invisible characters') });
  };

  it('the drafter approving under a name with an invisible or text-reversing character: 400, nothing moves, the draft waits', async () => {
    await addStore(bo, 'ZW');
    const drafted = await draft('ZW', 'Mario');
    const before = await footprint(bo.store);
    for (const by of unseen) expectNameRefused(await adminPost(bo, `/v1/correction-drafts/${drafted.id}/approve`, { by }), '/by');
    for (const by of unseen) expectNameRefused(await adminPost(bo, `/v1/correction-drafts/${drafted.id}/discard`, { by }), '/by');
    expect(await footprint(bo.store)).toEqual(before);
    expect(await stored(drafted.id)).toEqual({ status: 'draft', number: null, drafted_by: 'Mario', approved_by: null });
    expect(await ledgerMilli(bo.store, 'ZW', 'RICE')).toBe(0);
  });

  it('found by a second black-box review: the drafter approving as "Mario" with a variation selector of the supplement (U+E0100-U+E01EF) or a Braille blank: 400, nothing posted', async () => {
    await addStore(bo, 'VS');
    const drafted = await draft('VS', 'Mario');
    const before = await footprint(bo.store);
    const invisible = [
      // Got past the check before (the correction was posted under a "second" Mario):
      0xe0100, 0xe0101, 0xe01ef, 0x2800,
      // Every other default-ignorable kind, some refused before, some only as the same manager (403):
      0xfe0f, 0x034f, 0x180b, 0x180e, 0x061c, 0x200e, 0x00ad, 0x3164, 0x115f, 0x1160, 0xffa0, 0x17b4, 0xe0001, 0xe0041, 0xe007f, 0xe0fff, 0x1d173,
      0x1d17a, 0x1bca0, 0x1bca3,
    ];
    for (const codePoint of invisible) {
      for (const by of [`Mario${String.fromCodePoint(codePoint)}`, `Ma${String.fromCodePoint(codePoint)}rio`]) {
        const refused = await adminPost(bo, `/v1/correction-drafts/${drafted.id}/approve`, { by });
        expect(refused.statusCode, `U+${codePoint.toString(16).toUpperCase()}`).toBe(400);
        expectNameRefused(refused, '/by');
      }
    }
    expect(await footprint(bo.store)).toEqual(before);
    expect(await stored(drafted.id)).toEqual({ status: 'draft', number: null, drafted_by: 'Mario', approved_by: null });
    expect(await ledgerMilli(bo.store, 'VS', 'RICE')).toBe(0);

    // A name with letters a screen draws, accents and all, still approves: the stock moves once.
    const approved = await adminPost(bo, `/v1/correction-drafts/${drafted.id}/approve`, { by: 'Nguyễn Thị Liên' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await stored(drafted.id)).toMatchObject({ status: 'posted', drafted_by: 'Mario', approved_by: 'Nguyễn Thị Liên' });
    expect(await ledgerMilli(bo.store, 'VS', 'RICE')).toBe(-1_000);
  });

  it('the drafter approving under another form of the same name (full-width, decomposed, case, spaces): 403 second_manager_required, nothing moves', async () => {
    await addStore(bo, 'NF');
    const mario = await draft('NF', 'Mario');
    const maria = await draft('NF', 'María José');
    const before = await footprint(bo.store);
    for (const [id, by] of [
      [mario.id, '\uFF2Dario'],
      [mario.id, 'ＭＡＲＩＯ'],
      [mario.id, '  MARIO  '],
      [maria.id, 'Mari\u0301a Jose\u0301'],
      [maria.id, 'maría  josé'],
      [maria.id, 'María\u00A0José'],
    ] as const) {
      const refused = await adminPost(bo, `/v1/correction-drafts/${id}/approve`, { by });
      expect(refused.statusCode, by).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'second_manager_required' });
    }
    expect(await footprint(bo.store)).toEqual(before);
    expect(await stored(mario.id)).toEqual({ status: 'draft', number: null, drafted_by: 'Mario', approved_by: null });
    expect(await stored(maria.id)).toEqual({ status: 'draft', number: null, drafted_by: 'María José', approved_by: null });

    // A second manager, named with letters of their own, still approves: the stock moves once.
    const approved = await adminPost(bo, `/v1/correction-drafts/${mario.id}/approve`, { by: 'Marío' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await stored(mario.id)).toMatchObject({ status: 'posted', drafted_by: 'Mario', approved_by: 'Marío' });
    expect(await ledgerMilli(bo.store, 'NF', 'RICE')).toBe(-1_000);
  });

  it('a draft stored before the check under a name with a zero-width space: its drafter is still not a second manager', async () => {
    await addStore(bo, 'OLD');
    const drafted = await draft('OLD', 'Mario');
    await bo.store.db.updateTable('stock_documents').set({ drafted_by: 'Mario\u200B' }).where('id', '=', drafted.id).execute();
    const refused = await adminPost(bo, `/v1/correction-drafts/${drafted.id}/approve`, { by: 'mario' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'second_manager_required' });
    expect(await stored(drafted.id)).toEqual({ status: 'draft', number: null, drafted_by: 'Mario\u200B', approved_by: null });
  });

  it('every other name a stock document records refuses the same characters, nothing stored', async () => {
    await addStore(bo, 'WHO');
    const before = await footprint(bo.store);
    for (const name of unseen) {
      expectNameRefused(
        await adminPost(bo, '/v1/correction-drafts', { storeCode: 'WHO', reason: 'shrink', draftedBy: name, lines: [{ sku: 'RICE', qtyDelta: -1 }] }),
        '/draftedBy',
      );
      expectNameRefused(await adminPost(bo, '/v1/stock-counts', { storeCode: 'WHO', startedBy: name }), '/startedBy');
    }
    expect(await footprint(bo.store)).toEqual(before);

    const countId = await startCount(bo, 'WHO', 'Liza');
    const receipt = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'WHO',
      supplier: 'Mega Foods',
      lines: [{ sku: 'RICE', qty: 3, unitCostMinor: 100 }],
    });
    expect(receipt.statusCode, receipt.body).toBe(201);
    const receiptId = (receipt.json() as { id: string }).id;
    const opened = await footprint(bo.store);
    for (const name of unseen) {
      const line = { code: 'RICE', qty: 2, countedAt: new Date().toISOString() };
      expectNameRefused(await adminPost(bo, `/v1/stock-counts/${countId}/lines`, { countedBy: name, lines: [line] }), '/countedBy');
      expectNameRefused(
        await postCsv(bo, `/v1/stock-counts/${countId}/import?importedBy=${encodeURIComponent(name)}`, 'code,qty\nRICE,2\n', uuidv7()),
        '/importedBy',
      );
      expectNameRefused(await adminPost(bo, `/v1/stock-counts/${countId}/approve`, { by: name }), '/by');
      expectNameRefused(await adminPost(bo, `/v1/stock-counts/${countId}/discard`, { by: name }), '/by');
      expectNameRefused(await adminPost(bo, `/v1/purchase-receipts/${receiptId}/approve`, { by: name }), '/by');
    }
    expect(await footprint(bo.store)).toEqual(opened);
    expect(await bo.store.db.selectFrom('stock_counts').select(['status', 'started_by']).where('id', '=', countId).executeTakeFirstOrThrow()).toEqual(
      {
        status: 'open',
        started_by: 'Liza',
      },
    );
    expect((await bo.store.db.selectFrom('stock_documents').select('status').where('id', '=', receiptId).executeTakeFirstOrThrow()).status).toBe(
      'draft',
    );
  });

  it('found by a walk: a supplier turning its name around ("\\u202Eevil" drawn "live") or split by a line feed is refused, nothing drafted', async () => {
    const before = await footprint(bo.store);
    for (const supplier of ['\u202Eevil', 'Mega\nFoods', '\u2800']) {
      const drafted = await adminPost(bo, '/v1/purchase-receipts', {
        storeCode: 'MAIN',
        supplier,
        lines: [{ sku: 'RICE', qty: 1, unitCostMinor: 100 }],
      });
      expect(drafted.statusCode, JSON.stringify(supplier)).toBe(400);
      expect(drafted.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/supplier' }] });
      const returned = await adminPost(bo, '/v1/supplier-returns', {
        storeCode: 'MAIN',
        supplier,
        reason: 'expired',
        lines: [{ sku: 'RICE', qty: 1 }],
      });
      expect(returned.statusCode, JSON.stringify(supplier)).toBe(400);
    }
    expect(await footprint(bo.store)).toEqual(before);
  });
});
