import type { RefundRequest } from '../../protocol';
import type { TerminalCaller } from '../auth/callers';
import type { PipelineWrite } from '../idempotency/group-write';
import { requireValidDate, toMilli } from '../inventory/quantities';
import { refundTouches } from './record-refund';

export const REFUND_ENDPOINT = 'POST /v1/sales/:id/refund';

/**
 * A refund as the write pipeline takes it, the same for POST /v1/sales/:id/refund and for
 * a refund in /v1/sync/batch. Throws the 400 of a malformed date or quantity up front.
 */
export function refundWrite(terminal: TerminalCaller, saleId: string, key: string, path: string, refund: RefundRequest): PipelineWrite {
  requireValidDate(refund.occurredAt, '/occurredAt');
  const qtyMilli = toMilli(refund.lines, (line) => line.qty, 'qty');
  return {
    request: { scope: `terminal:${terminal.terminalId}`, key, method: 'POST', path, body: refund, endpoint: REFUND_ENDPOINT },
    caller: terminal,
    touches: refundTouches(terminal, saleId, refund),
    check: { kind: 'refund', input: { terminal, saleId, key, refund, qtyMilli } },
  };
}
