import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetSessionCookie, startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { adminPost, receiveStock, startCount } from '../support/stock-documents';

describe.each(databaseKinds)("a count's correction says when the count started on the business's clock, on %s", (kind) => {
  let bo: TestBackOffice;

  beforeAll(async () => {
    bo = await startBackOffice(kind);
  });
  afterAll(async () => bo?.close());

  const stockPage = async () => {
    const cookie = await fleetSessionCookie(bo);
    return (await bo.app.inject({ method: 'GET', url: '/fleet/stock', headers: { cookie } })).body;
  };

  it('Rosa starts a count at 12:07 PM in Manila (04:07 UTC); its correction reads 12:07 PM (Asia/Manila), stored and on the page', async () => {
    await receiveStock(bo, 'MAIN', [{ sku: 'SOAP', qty: 2 }]);
    const countId = await startCount(bo, 'MAIN', 'Rosa Dizon');
    await bo.store.db.updateTable('stock_counts').set({ started_at: '2025-01-15T04:07:22.997Z' }).where('id', '=', countId).execute();
    const counted = await adminPost(bo, `/v1/stock-counts/${countId}/lines`, {
      countedBy: 'Rosa Dizon',
      lines: [{ code: 'SOAP', qty: 5, countedAt: new Date().toISOString() }],
    });
    expect(counted.statusCode).toBe(201);
    const approved = await adminPost(bo, `/v1/stock-counts/${countId}/approve`, { by: 'Mario Reyes' });
    expect(approved.statusCode).toBe(200);

    const correction = await bo.store.db
      .selectFrom('stock_documents')
      .select('reason')
      .where('number', '=', approved.json().correctionNumber)
      .executeTakeFirstOrThrow();
    expect(correction.reason).toBe('Count started Jan 15, 2025, 12:07 PM (Asia/Manila) by Rosa Dizon');
    expect(await stockPage()).toContain('Count started Jan 15, 2025, 12:07 PM (Asia/Manila) by Rosa Dizon');
  });

  it('a correction stored before, with its start in UTC, is shown on the business clock, the exact moment on hover', async () => {
    await bo.store.db
      .updateTable('stock_documents')
      .set({ reason: 'Count started 2026-12-01T04:07:22.997Z by Rosa Dizon' })
      .where('kind', '=', 'correction')
      .execute();
    const html = await stockPage();
    expect(html).toContain('Count started <span title="2026-12-01T04:07:22.997Z">Dec 1, 2026, 12:07 PM</span> by Rosa Dizon');
    expect(html).not.toMatch(/>[^<]*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});
