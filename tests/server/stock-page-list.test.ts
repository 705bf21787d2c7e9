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
});

/** Found by a black-box probe: past 200 documents the list stopped without a word, and an older draft waiting for approval was out of sight. */
describe("the stock page's list of documents", () => {
  it('says when it shows only the newest ones, and how to see the older', () => {
    expect(stockPage(view(DOCUMENTS_SHOWN))).toContain(`The newest ${DOCUMENTS_SHOWN} documents are shown`);
    expect(stockPage(view(DOCUMENTS_SHOWN - 1))).not.toContain('id="documents-more"');
  });
});
