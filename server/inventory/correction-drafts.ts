import type { Correction, CorrectionDraft, CountDecision } from '../../protocol';
import { samePerson } from '../../protocol/manager-name';
import { milliToQty } from '../../protocol/sale-total';
import type { DatabaseKind, Tx } from '../db/database';
import type { EffectContext } from '../idempotency/idempotent-writes';
import { Problem } from '../problem';
import { findStore } from './places';
import { appendMovements } from './stock-ledger';
import { eachSkuOnce, inCatalogSpelling } from './arrivals';
import { linesAt, refuseFractionsOfPieces } from './whole-pieces';
import {
  advanceStockDocument,
  discardDraft,
  documentLines,
  insertStockDocument,
  lockStockDocument,
  storeCodeOf,
  type LockedDocument,
} from './stock-documents';

async function correctionOf(trx: Tx, doc: LockedDocument, changes: Partial<LockedDocument> = {}): Promise<Correction> {
  const now = { ...doc, ...changes };
  const lines = await documentLines(trx, doc.id);
  return {
    id: now.id,
    number: now.number,
    status: now.status as Correction['status'],
    storeCode: await storeCodeOf(trx, now.store_id),
    reason: now.reason ?? '',
    draftedBy: now.drafted_by,
    approvedBy: now.approved_by,
    discardedBy: now.discarded_by,
    lines: lines.map((l) => ({ sku: l.sku, qtyDelta: milliToQty(l.qtyMilli) })),
  };
}

/** A correction that moves nothing and takes no number until a second manager approves it. */
export async function draftCorrection(trx: Tx, kind: DatabaseKind, draft: CorrectionDraft, deltaMilli: readonly number[], context: EffectContext) {
  eachSkuOnce(draft.lines, 'Invalid correction');
  const place = await findStore(trx, draft.businessCode, draft.storeCode);
  const spelled = await inCatalogSpelling(trx, place.businessId, draft.lines);
  eachSkuOnce(spelled, 'Invalid correction');
  const lines = spelled.map((line, index) => ({
    sku: line.sku,
    qtyMilli: deltaMilli[index] ?? 0,
  }));
  await refuseFractionsOfPieces(trx, place.businessId, linesAt(lines, 'qtyDelta'), 'Invalid correction');
  const { id } = await insertStockDocument(
    trx,
    { kind: 'correction', place, status: 'draft', numbered: false, reason: draft.reason, draftedBy: draft.draftedBy.trim(), lines },
    context.now,
  );
  return { status: 201, body: await correctionOf(trx, await lockStockDocument(trx, kind, 'correction', id, 'Correction')) };
}

function refuseUnlessDraft(doc: LockedDocument): void {
  if (doc.status === 'posted')
    throw new Problem(
      409,
      'already_approved',
      'Already approved',
      `Correction ${doc.number ?? doc.id} was already approved by ${doc.approved_by ?? 'a manager'}; its stock moved then.`,
    );
  if (doc.status === 'discarded')
    throw new Problem(
      409,
      'correction_discarded',
      'Correction discarded',
      `This correction was discarded by ${doc.discarded_by ?? 'a manager'}; draft a new one.`,
    );
}

/**
 * The second manager's approval: the correction is numbered ADJ-… and moves stock, once.
 * The manager who drafted it cannot approve it (403 second_manager_required); both names
 * stay on the document.
 */
export async function approveCorrection(trx: Tx, kind: DatabaseKind, id: string, decision: CountDecision, context: EffectContext) {
  const doc = await lockStockDocument(trx, kind, 'correction', id, 'Correction');
  refuseUnlessDraft(doc);
  if (samePerson(doc.drafted_by, decision.by))
    throw new Problem(
      403,
      'second_manager_required',
      'A second manager must approve',
      `${doc.drafted_by} drafted this correction; another manager has to approve it (two-person rule). Nothing changed.`,
    );
  const lines = await documentLines(trx, id);
  await appendMovements(trx, { businessId: doc.business_id, storeId: doc.store_id }, 'correction', id, lines, context.now);
  const approvedBy = decision.by.trim();
  const number = await advanceStockDocument(trx, doc, 'posted', context.now, { approved_by: approvedBy });
  return { status: 200, body: await correctionOf(trx, doc, { status: 'posted', number, approved_by: approvedBy }) };
}

/** A draft thrown away: nothing moves, no number is taken; who discarded it is kept. */
export async function discardCorrection(trx: Tx, kind: DatabaseKind, id: string, decision: CountDecision, context: EffectContext) {
  const doc = await lockStockDocument(trx, kind, 'correction', id, 'Correction');
  refuseUnlessDraft(doc);
  const discardedBy = await discardDraft(trx, id, decision.by, context.now);
  return { status: 200, body: await correctionOf(trx, doc, { status: 'discarded', discarded_by: discardedBy }) };
}
