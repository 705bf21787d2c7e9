import type { ReceiptApproval } from '../../protocol';
import { milliToQty, QTY_SCALE } from '../../protocol/sale-total';

interface ApprovedLine {
  sku: string;
  qtyMilli: number;
  qtyReceivedMilli: number | null;
}

const NAMED_AT_MOST = 20;

const qty = (milli: number) => String(milliToQty(milli));

/**
 * How a second approval's "what arrived" differs from what the receipt was approved with, per
 * SKU, in words: a till that counted 47 where the back office had approved the draft's 48 is
 * refused (already_approved), and the manager reads here what to correct with an adjustment.
 * A SKU the second approval does not list arrived in full by its account, as at any approval.
 */
export function differencesFromApproved(lines: readonly ApprovedLine[], reported: ReceiptApproval['lines']): string {
  const approved = new Map<string, number>();
  const ordered = new Map<string, number>();
  for (const line of lines) {
    approved.set(line.sku, (approved.get(line.sku) ?? 0) + (line.qtyReceivedMilli ?? line.qtyMilli));
    ordered.set(line.sku, (ordered.get(line.sku) ?? 0) + line.qtyMilli);
  }
  const said = new Map<string, number>(ordered);
  for (const line of reported ?? []) said.set(line.sku, Math.round(line.qtyReceived * QTY_SCALE));
  const differences = [...said].flatMap(([sku, milli]) => {
    const was = approved.get(sku);
    if (was === undefined) return [`${sku}: ${qty(milli)} here, not on the receipt`];
    return was === milli ? [] : [`${sku}: ${qty(milli)} here, ${qty(was)} approved`];
  });
  if (differences.length === 0) return 'What this says arrived is what was approved.';
  // A receipt has up to 1,000 lines: the first ones named, the rest counted.
  const named = differences.slice(0, NAMED_AT_MOST).join('; ');
  const more = differences.length > NAMED_AT_MOST ? `; and ${differences.length - NAMED_AT_MOST} more products` : '';
  return `What this says arrived differs from what was approved (${named}${more}): if this count is right, correct the stock with an adjustment.`;
}
