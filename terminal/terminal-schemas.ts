import { SaleDiscountSchema } from './readings/discount-kinds';
import { Type, type Static } from 'typebox';
import { BeneficiarySchema, BuyerSchema, MAX_LINE_QTY, PaymentSchema, SaleLineSchema } from '../protocol/sales';
import { TillProfileSchema } from '../protocol/invoice-profile';
import { QueueCountsSchema, VoidRecordSchema } from './manager/queue-schemas';

/**
 * The terminal's own shapes that cross the seam to the screens: its status, a sale as the
 * till keeps it, the sync queue, the settings. The methods that carry them are listed in
 * terminal-api.ts.
 */

export const OfflineCauseSchema = Type.Union([
  Type.Literal('no_network'),
  Type.Literal('server_unreachable'),
  Type.Literal('not_paired'),
  Type.Literal('token_revoked'),
  /** The back office no longer knows the till's token, without a revocation: its terminal was paired again, on this till or another. */
  Type.Literal('token_refused'),
]);
export type OfflineCause = Static<typeof OfflineCauseSchema>;

export const SyncStallCodeSchema = Type.Union([
  Type.Literal('storage_full'),
  Type.Literal('storage_read_only'),
  Type.Literal('storage_busy'),
  Type.Literal('storage_failed'),
  /** Anything else the sync worker tripped on (logged with its stack). */
  Type.Literal('sync_failed'),
]);

/** The sync worker cannot go on for now (its database will not take a write): why, since when, next try. */
export const SyncStallSchema = Type.Object({
  code: SyncStallCodeSchema,
  reason: Type.String(),
  since: Type.String(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
});
export type SyncStall = Static<typeof SyncStallSchema>;

export const TerminalStatusSchema = Type.Object({
  paired: Type.Boolean(),
  serverUrl: Type.Union([Type.String(), Type.Null()]),
  terminalCode: Type.Union([Type.String(), Type.Null()]),
  storeCode: Type.Union([Type.String(), Type.Null()]),
  businessCode: Type.Union([Type.String(), Type.Null()]),
  online: Type.Boolean(),
  offlineCause: Type.Union([OfflineCauseSchema, Type.Null()]),
  pending: Type.Integer(),
  oldestPendingAt: Type.Union([Type.String(), Type.Null()]),
  needsAttention: Type.Integer(),
  /** While a backlog drains: how far it got. */
  drain: Type.Union([Type.Object({ done: Type.Integer(), total: Type.Integer() }), Type.Null()]),
  lastSyncAt: Type.Union([Type.String(), Type.Null()]),
  /** A queue head that keeps failing transiently for a long time (e.g. always timing out). */
  stuckHead: Type.Union([Type.Object({ entryId: Type.String(), attempts: Type.Integer(), since: Type.String() }), Type.Null()]),
  /** Non-null while the sync worker is failing locally and retrying: nothing is being sent, whatever `online` says. */
  syncStalled: Type.Union([SyncStallSchema, Type.Null()]),
  /**
   * What a sales invoice must show that the back office has not sent this till (its business
   * or machine profile), in words for the cashier to tell a manager: "TIN", "PTU No. and date
   * issued". Empty while unpaired, and once the profile is complete.
   */
  invoiceDetailsMissing: Type.Array(Type.String()),
  /**
   * The business's time zone (its invoice profile's; Asia/Manila until the till has one): the
   * screens show times on the business's wall clock, as the printed documents do, whatever
   * this machine's own time zone.
   */
  timeZone: Type.String(),
  /**
   * The desktop app only, while unpaired: the back office address its admin file presets
   * (`url`, null when it gives none that can be used), whether the file locks it, and why a
   * locked one cannot be used (`problem`: pairing is refused until the file is fixed).
   */
  installerServer: Type.Optional(
    Type.Object({ url: Type.Union([Type.String(), Type.Null()]), locked: Type.Boolean(), problem: Type.Union([Type.String(), Type.Null()]) }),
  ),
});
export type TerminalStatus = Static<typeof TerminalStatusSchema>;

export const PairArgsSchema = Type.Object({
  serverUrl: Type.String({ minLength: 1, maxLength: 500 }),
  pairingCode: Type.String({ minLength: 1, maxLength: 64 }),
});
export type PairArgs = Static<typeof PairArgsSchema>;

export const SearchArgsSchema = Type.Object({
  query: Type.String({ maxLength: 200 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type SearchArgs = Static<typeof SearchArgsSchema>;

export const OpenCartResultSchema = Type.Object({ cartKey: Type.String(), openedAt: Type.String() });
export type OpenCartResult = Static<typeof OpenCartResultSchema>;

export const PayArgsSchema = Type.Object({
  /** The key minted by openCart: paying the same cart twice gives back the same sale. */
  cartKey: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9._:-]+$' }),
  cashier: Type.String({ minLength: 1, maxLength: 64 }),
  lines: Type.Array(SaleLineSchema, { minItems: 1, maxItems: 1000 }),
  payments: Type.Array(PaymentSchema, { minItems: 1, maxItems: 20 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  /** The senior citizen or PWD the cart's benefit lines are for (checked against the law's rule: invoicing/benefits-at-till.ts). */
  beneficiary: Type.Optional(BeneficiarySchema),
  /**
   * The person's week of the 5% the cart was priced with (bnpcWeek: every till's when the back
   * office answered). The core counts no less than its own sales of the week (atLeastThisTill).
   */
  bnpcWeek: Type.Optional(
    Type.Object({ purchasesMinor: Type.Integer({ minimum: 0, maximum: 1e12 }), discountMinor: Type.Integer({ minimum: 0, maximum: 1e12 }) }),
  ),
  /** The buyer's lines of the sales invoice, when the buyer asks. */
  buyer: Type.Optional(BuyerSchema),
  /** What the lines' discounts were given as, by kind (line, cart, ...): they add up to the lines' discounts. Kept on the till for its readings. */
  discounts: Type.Optional(Type.Array(SaleDiscountSchema, { maxItems: 16 })),
});
export type PayArgs = Static<typeof PayArgsSchema>;

/** + or − on a cart line: the line's product and quantity now, and the step. */
export const StepQuantityArgsSchema = Type.Object({
  sku: Type.String({ minLength: 1, maxLength: 64 }),
  qty: Type.Number({ exclusiveMinimum: 0, maximum: MAX_LINE_QTY }),
  by: Type.Union([Type.Literal(1), Type.Literal(-1)]),
});
export type StepQuantityArgs = Static<typeof StepQuantityArgsSchema>;

/** The line's quantity after the step (a counted line never below one). */
export const StepQuantityResultSchema = Type.Object({ qty: Type.Number() });

export const LocalSaleSchema = Type.Object({
  id: Type.String(),
  cartKey: Type.String(),
  /** The terminal receipt number printed on the receipt, e.g. T01-000123. */
  localNumber: Type.String(),
  /**
   * The number the receipt printed first, where the till had to number the sale again (the
   * back office held that number for another sale: a till put back from a copy of its folder).
   */
  printedAs: Type.Optional(Type.String()),
  occurredAt: Type.String(),
  cashier: Type.String(),
  /** The cashier's name, as the invoice prints it (absent when the roster no longer has the code). */
  cashierName: Type.Optional(Type.String()),
  /** The wire contract's total, as the back office counts it: sum of qty * unitPriceMinor - discountMinor. */
  totalMinor: Type.Integer(),
  paidMinor: Type.Integer(),
  /** Paid less the amount due (never below 0). */
  changeMinor: Type.Integer(),
  /** What the customer owed: totalMinor plus the VAT added on VAT-exclusive lines. Absent on sales stored before it was kept. */
  amountDueMinor: Type.Optional(Type.Integer()),
  /** All the VAT of the sale (inside inclusive prices and added on exclusive ones). Absent on older sales. */
  vatMinor: Type.Optional(Type.Integer()),
  /** The sale's own VAT figures, kept as printed (readings sum them). Absent on older sales. */
  vatableMinor: Type.Optional(Type.Integer()),
  exemptMinor: Type.Optional(Type.Integer()),
  zeroRatedMinor: Type.Optional(Type.Integer()),
  beneficiary: Type.Optional(BeneficiarySchema),
  buyer: Type.Optional(BuyerSchema),
  /**
   * The business and machine profile the invoice was issued under (its seller's details as
   * printed then); absent on sales from before the till kept it, which print under today's.
   */
  issuedUnder: Type.Optional(TillProfileSchema),
  lines: Type.Array(SaleLineSchema),
  payments: Type.Array(PaymentSchema),
  /** Known once the back office has the sale. */
  invoiceNumber: Type.Union([Type.String(), Type.Null()]),
  syncState: Type.Union([
    Type.Literal('pending'),
    Type.Literal('sending'),
    Type.Literal('synced'),
    Type.Literal('needs_attention'),
    Type.Literal('voided'),
  ]),
});
export type LocalSale = Static<typeof LocalSaleSchema>;

export const ListSalesArgsSchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  /** Receipt number to page back from. */
  before: Type.Optional(Type.String({ maxLength: 64 })),
});
export type ListSalesArgs = Static<typeof ListSalesArgsSchema>;

export const IdArgsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type IdArgs = Static<typeof IdArgsSchema>;

export const QueueStateSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('sending'),
  Type.Literal('needs_attention'),
  Type.Literal('synced'),
  Type.Literal('voided'),
]);
export type QueueState = Static<typeof QueueStateSchema>;

export const QueueItemSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  kind: Type.String(),
  documentId: Type.String(),
  documentNumber: Type.String(),
  state: QueueStateSchema,
  attempts: Type.Integer(),
  createdAt: Type.String(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastErrorCode: Type.Union([Type.String(), Type.Null()]),
  lastErrorMessage: Type.Union([Type.String(), Type.Null()]),
  syncedAt: Type.Union([Type.String(), Type.Null()]),
  /** Why a pending entry is held back (a refund whose sale is not synced yet). */
  waitingFor: Type.Union([Type.String(), Type.Null()]),
  /** Who voided it, when and why; a voided entry is kept and never sent. */
  voided: Type.Union([VoidRecordSchema, Type.Null()]),
  /** It went out at least once without a final answer: the back office may hold it, so it can never be voided. */
  sentWithoutAnswer: Type.Boolean(),
});
export type QueueItem = Static<typeof QueueItemSchema>;

export const QueueItemsArgsSchema = Type.Object({
  state: Type.Optional(QueueStateSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  newestFirst: Type.Optional(Type.Boolean()),
});
export type QueueItemsArgs = Static<typeof QueueItemsArgsSchema>;

export const SettingsSchema = Type.Object({
  /** After this many hours a pending sale is shown as a warning. */
  offlineWarningHours: Type.Integer({ minimum: 1, maximum: 720 }),
  printerName: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  /** Discounts above this share of the cart (percent) need a manager's PIN. */
  discountApprovalPercent: Type.Integer({ minimum: 0, maximum: 100 }),
  /** Whether voiding a line or a cart before payment needs a manager's PIN. */
  voidNeedsApproval: Type.Boolean(),
});
export type Settings = Static<typeof SettingsSchema>;
export const SettingsPatchSchema = Type.Partial(SettingsSchema);
export type SettingsPatch = Static<typeof SettingsPatchSchema>;

/** The manager's "export the queue" file: status, settings (no secrets), counts, every entry. */
export const QueueExportSchema = Type.Object({
  exportedAt: Type.String(),
  appVersion: Type.String(),
  status: TerminalStatusSchema,
  settings: SettingsSchema,
  counts: QueueCountsSchema,
  entries: Type.Array(QueueItemSchema),
});
export type QueueExport = Static<typeof QueueExportSchema>;
