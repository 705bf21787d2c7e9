import type { ApprovalAction } from '../../terminal/cashiers/cashier-api';
import type { TerminalApi } from '../../terminal/terminal-api';

/** What comes off a cart before payment: the whole cart, a line, or part of a line's quantity. */
export interface TillVoidRequest {
  cartKey: string;
  kind: 'line' | 'cart';
  /** Its value after discounts. */
  amountMinor: number;
  /** What the manager's PIN dialog says is being voided. */
  what: string;
  /** The line voided, and how much of it (all of it, or the quantity taken off). */
  line?: { sku: string; name: string; qty: number };
}

/**
 * One rule for every void before payment (F8, F9, the × and − buttons, a quantity typed
 * lower): the manager's PIN when `voidNeedsApproval` is on, then the void recorded on the
 * till with that approval as its approver, before the cart changes. Resolves false when
 * nobody approved; a void the till could not record throws, and the cart must stay as it was.
 */
export async function voidOnTill(
  api: Pick<TerminalApi, 'recordVoid'>,
  needsApproval: boolean,
  askManager: (action: ApprovalAction, cartKey: string, amountMinor: number, what: string) => Promise<string | null>,
  request: TillVoidRequest,
): Promise<boolean> {
  let approvalId: string | null = null;
  if (needsApproval) {
    approvalId = await askManager(request.kind === 'cart' ? 'void_cart' : 'void_line', request.cartKey, request.amountMinor, request.what);
    if (approvalId === null) return false;
  }
  await api.recordVoid({
    cartKey: request.cartKey,
    kind: request.kind,
    amountMinor: request.amountMinor,
    ...(request.line ? { sku: request.line.sku, name: request.line.name, qty: request.line.qty } : {}),
    ...(approvalId !== null ? { approvalId } : {}),
  });
  return true;
}
