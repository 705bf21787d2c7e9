import type { SaleRequest } from '../../protocol';
import type { TerminalCaller } from '../auth/callers';
import type { PipelineWrite } from '../idempotency/group-write';
import { priceSale } from './priced-sale';
import { saleTouches } from './record-sale';

export const SALE_ENDPOINT = 'POST /v1/sales';

/**
 * A sale as the write pipeline takes it, from a body that passed the route's schema: the
 * same for POST /v1/sales and for a sale in /v1/sync/batch. Throws the 400 of a sale that
 * cannot be priced, before anything reaches the database.
 */
export function saleWrite(terminal: TerminalCaller, key: string, path: string, sale: SaleRequest): PipelineWrite {
  const priced = priceSale(sale);
  return {
    request: { scope: `terminal:${terminal.terminalId}`, key, method: 'POST', path, body: sale, endpoint: SALE_ENDPOINT },
    caller: terminal,
    touches: saleTouches(terminal, sale),
    check: { kind: 'sale', input: { terminal, key, sale, priced } },
  };
}
