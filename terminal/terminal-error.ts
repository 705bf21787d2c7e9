/**
 * Codes a cashier or manager reads on screen and a test asserts on; each is explained in
 * docs/web-host.md (the web host links a refusal's `type` there).
 */
export const terminalErrorCodes = [
  /** An argument that does not match its method's schema (terminal-api.ts, checkMethodArgs). */
  'validation_failed',
  'invalid_argument',
  'quantity_too_small',
  /** A fraction of a product sold by the piece (protocol/sold-by.ts): only weighed products take decimals. */
  'whole_quantity_required',
  /** + or − on a weighed line (0.750 kg of fish): its weight changes by weighing it again (sales/till-quantities.ts, stepLineQuantity). */
  'weighed_line_step',
  'not_paired',
  'pairing_code_invalid',
  /** A code that paired already (a lost answer retried, a slip used twice): the back office's sentence names its terminal and when. */
  'pairing_code_used',
  'pairing_failed',
  'no_network',
  'server_unreachable',
  'not_found',
  'closed',
  'entry_not_voidable',
  /** pay() of a cart already paid, with other lines or tenders than the sale it was paid as. */
  'cart_already_paid',
  /** pay() with tenders that do not cover the amount due, or a card or other tender above it (change is cash only). */
  'payment_short',
  'non_cash_over_due',
  'refund_exceeds_sale',
  /** A refund whose reason, spaces set aside, is under 3 characters (terminal/refunds/refund-reason.ts). */
  'refund_reason_too_short',
  /** A refund whose cash part is more than the drawer holds now (terminal/refunds/refund-drawer.ts): nothing written. */
  'refund_beyond_drawer',
  /** A pay-out of more cash than the drawer holds now (terminal/drawer/cash-movements.ts): nothing written. */
  'pay_out_beyond_drawer',
  /** A pay-in or pay-out whose reason, spaces set aside, is under 3 characters. */
  'cash_move_reason_too_short',
  /** moveCash again under a key already recorded, with another kind, amount or reason: nothing written. */
  'cash_move_key_reused',
  'shift_not_open',
  'shift_already_open',
  /** Opening a shift on a later business day while the shifts of an earlier one have no Z reading: end that day first. */
  'day_not_ended',
  /** Ending the day while a shift is open: close it (ending the day there). */
  'shift_open',
  /** Ending the day when every closed shift is in a Z reading already. */
  'day_already_ended',
  'unsynced_sales',
  'not_signed_in',
  'not_allowed',
  'pin_wrong',
  'pin_locked',
  /** A PIN asked for on a till with nobody on its roster: add the first manager; not counted as a wrong PIN. */
  'no_people_yet',
  'pin_in_use',
  'cashier_exists',
  'approval_required',
  'queue_unsettled',
  /** Settings, pairing a till again, unpairing and queue voids: a manager must be signed in. */
  'manager_required',
  /** A back office address in plain http that is not on this machine. */
  'insecure_server_url',
  /** A pairing code of another store than the one the administrator locked the till to (desktop admin file). */
  'store_locked',
  /** The terminal's own database could not take the write (sync/store/storage-fault.ts): nothing was saved. */
  'storage_full',
  'storage_read_only',
  'storage_busy',
  'storage_failed',
] as const;
export type TerminalErrorCode = (typeof terminalErrorCodes)[number];

/** An error as a value: a stable code, a readable sentence, and field errors for bad input. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
  constructor(
    readonly code: TerminalErrorCode,
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}
