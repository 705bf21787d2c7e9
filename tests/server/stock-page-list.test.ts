import { describe, expect, it } from 'vitest';
import type { StockDocumentSummary } from '../../protocol';
import { DOCUMENTS_SHOWN, stockPage, type StockView } from '../../server/stock-page/stock-html';

const draft = (n: number): StockDocumentSummary => ({
  id: `doc-${n}`,
  kind: 'correction',
  number: null,
  status: 'draft',
  storeCode: 'MAIN',
  toStoreCode: null,
  supplier: null,
  reason: 'shelf count',
  draftedBy: 'Mario',
  approvedBy: null,
  discardedBy: null,
  receivedBy: null,
  createdAt: '2026-11-30T00:00:00.000Z',
  updatedAt: '2026-11-30T00:00:00.000Z',
  lines: [{ sku: 'RICE-5KG', qty: 1, qtyReceived: null }],
});

const view = (documents: number): StockView => ({
  now: new Date('2026-11-30T00:00:00Z'),
  stores: ['MAIN'],
  documents: Array.from({ length: documents }, (_, i) => draft(i)),
  counts: [],
  stock: { businessCode: 'MAIN', items: [] },
  filter: {},
  timeZone: 'Asia/Manila',
});

/** Found by a black-box probe: past 200 documents the list stopped without a word, and an older draft waiting for approval was out of sight. */
describe("the stock page's list of documents", () => {
  it('says when it shows only the newest ones, and how to see the older', () => {
    expect(stockPage(view(DOCUMENTS_SHOWN))).toContain(`The newest ${DOCUMENTS_SHOWN} documents are shown`);
    expect(stockPage(view(DOCUMENTS_SHOWN - 1))).not.toContain('id="documents-more"');
  });
});

/** Found by a black-box probe: the stock pages read times in UTC ("2026-11-30T23:04:36Z") where /fleet reads the business's clock. */
describe("the stock page's times", () => {
  it("are the business's clock (Manila: a count started 16:30 UTC began at 12:30 AM the next day), the exact moment on hover", () => {
    const started = {
      ...view(0),
      counts: [
        {
          id: 'c1',
          storeCode: 'MAIN',
          status: 'open' as const,
          startedAt: '2026-11-30T16:30:00.000Z',
          startedBy: 'Mario',
          closedAt: null,
          closedBy: null,
          correctionNumber: null,
          lineCount: 0,
        },
      ],
    };
    const html = stockPage(started);
    expect(html).toContain('<span title="2026-11-30T16:30:00.000Z">Dec 1, 2026, 12:30');
  });
});
