import { DisplayName } from './display-name';
import { Type, type Static } from 'typebox';
import { Timestamp } from './timestamp';

const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });
/** A business's, store's or till's name (protocol/display-name.ts). */
const Name = DisplayName(200);

export const BusinessCreateSchema = Type.Object({
  code: Code,
  name: Name,
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type BusinessCreate = Static<typeof BusinessCreateSchema>;

export const BusinessSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  timezone: Type.String(),
});

export const StoreCreateSchema = Type.Object({
  businessCode: Type.Optional(Code),
  code: Code,
  name: Name,
});
export type StoreCreate = Static<typeof StoreCreateSchema>;

export const StoreSchema = Type.Object({ id: Type.String(), businessCode: Type.String(), code: Type.String(), name: Type.String() });

export const TerminalCreateSchema = Type.Object({
  businessCode: Type.Optional(Code),
  storeCode: Code,
  name: Name,
});
export type TerminalCreate = Static<typeof TerminalCreateSchema>;

export const TerminalCreatedSchema = Type.Object({
  terminalId: Type.String(),
  terminalCode: Type.String(),
  pairingCode: Type.String(),
  pairingExpiresAt: Type.String(),
});
export type TerminalCreated = Static<typeof TerminalCreatedSchema>;

export const SeriesSettingsSchema = Type.Object({
  businessCode: Code,
  format: Type.String({ minLength: 1, maxLength: 64 }),
  reset: Type.Union([Type.Literal('monthly'), Type.Literal('yearly'), Type.Literal('never')]),
});
export type SeriesSettings = Static<typeof SeriesSettingsSchema>;

/** The query of an admin list read a page at a time, oldest first: sales, refunds. */
const AdminPageQuery = (what: string) =>
  Type.Object({
    businessCode: Type.Optional(Code),
    storeCode: Type.Optional(Code),
    /** Received by the back office at or after this moment (its own clock, `receivedAt`). */
    since: Type.Optional(Timestamp()),
    /** 1 to 500 (100 when absent). */
    limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$' })),
    /** The `nextCursor` of the page before: a UUIDv7 id. */
    cursor: Type.Optional(
      Type.String({
        pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
        description: `The nextCursor of the page before: ${what}'s id.`,
      }),
    ),
  });

export const AdminSalesQuerySchema = AdminPageQuery('a sale');

/** A document's own VAT figures (null on one recorded before they were kept). */
const DocumentVat = Type.Union([
  Type.Object({ vatableMinor: Type.Integer(), vatMinor: Type.Integer(), exemptMinor: Type.Integer(), zeroRatedMinor: Type.Integer() }),
  Type.Null(),
]);

export const AdminSaleSchema = Type.Object({
  id: Type.String(),
  invoiceNumber: Type.String(),
  businessCode: Type.String(),
  storeCode: Type.String(),
  terminalCode: Type.String(),
  localNumber: Type.String(),
  /** The number its receipt printed, where the till numbered the sale again (flag receipt_renumbered); else null. */
  printedAs: Type.Union([Type.String(), Type.Null()]),
  occurredAt: Type.String(),
  receivedAt: Type.String(),
  cashier: Type.String(),
  totalMinor: Type.Integer(),
  status: Type.String(),
  flags: Type.Array(Type.String()),
  /** The sale's own VAT figures (null on sales recorded before they were kept). */
  vat: DocumentVat,
  /** The senior citizen or PWD the sale's law-given discounts were for. */
  beneficiary: Type.Union([Type.Object({ kind: Type.String(), idNumber: Type.String(), name: Type.String() }), Type.Null()]),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      qty: Type.Number(),
      unitPriceMinor: Type.Integer(),
      discountMinor: Type.Integer(),
      taxCode: Type.Union([Type.String(), Type.Null()]),
      totalMinor: Type.Integer(),
      /** senior_citizen, pwd, senior_citizen_bnpc or pwd_bnpc; with the part of discountMinor the law gives. */
      benefitKind: Type.Union([Type.String(), Type.Null()]),
      benefitMinor: Type.Integer(),
    }),
  ),
  payments: Type.Array(Type.Object({ method: Type.String(), amountMinor: Type.Integer(), reference: Type.Union([Type.String(), Type.Null()]) })),
});
export type AdminSale = Static<typeof AdminSaleSchema>;

export const AdminSalesPageSchema = Type.Object({
  items: Type.Array(AdminSaleSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AdminSalesPage = Static<typeof AdminSalesPageSchema>;

export const AdminRefundsQuerySchema = AdminPageQuery('a refund');

/** A refund (return slip) as the bookkeeper reconciles it: the invoice it gives back against, its VAT, its lines. */
export const AdminRefundSchema = Type.Object({
  id: Type.String(),
  returnNumber: Type.String(),
  saleId: Type.String(),
  /** The invoice number of the sale refunded. */
  invoiceNumber: Type.String(),
  businessCode: Type.String(),
  storeCode: Type.String(),
  terminalCode: Type.String(),
  /** The till's own number for the refund. */
  localNumber: Type.String(),
  /** The number its return slip printed, where the till numbered the refund again; else null. */
  printedAs: Type.Union([Type.String(), Type.Null()]),
  occurredAt: Type.String(),
  receivedAt: Type.String(),
  reason: Type.String(),
  /** A positive amount: what was given back. */
  totalMinor: Type.Integer(),
  /** The refund's own VAT figures (null on refunds recorded before they were kept, migration 0007). */
  vat: DocumentVat,
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      qty: Type.Number(),
      amountMinor: Type.Integer(),
      /** false: the item came back damaged, expired or opened and did not go back to stock (no ledger movement); else true. */
      restock: Type.Boolean(),
    }),
  ),
});
export type AdminRefund = Static<typeof AdminRefundSchema>;

export const AdminRefundsPageSchema = Type.Object({
  items: Type.Array(AdminRefundSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AdminRefundsPage = Static<typeof AdminRefundsPageSchema>;
