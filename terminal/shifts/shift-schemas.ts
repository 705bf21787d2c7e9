import { Type, type Static } from 'typebox';
import { TillProfileSchema } from '../../protocol/invoice-profile';
import { ManagerApprovalSchema } from '../manager/approval-schema';

const Minor = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });

export const OpenShiftArgsSchema = Type.Object({
  /** The cash put in the drawer to give change with. */
  floatMinor: Minor,
  approval: ManagerApprovalSchema,
});
export type OpenShiftArgs = Static<typeof OpenShiftArgsSchema>;

export const CloseShiftArgsSchema = Type.Object({
  /** What the manager counted in the drawer, if counted. */
  countedCashMinor: Type.Optional(Minor),
  approval: ManagerApprovalSchema,
  /** Needed while sales of the shift have not reached the back office: why close anyway. */
  override: Type.Optional(Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) })),
  /**
   * Whether closing this shift also ends the business day with its Z reading (true, the
   * default), or another shift follows today (false): the shift is closed with its own X
   * reading, and the day's Z reading, taken later, covers it too.
   */
  endDay: Type.Optional(Type.Boolean()),
});
export type CloseShiftArgs = Static<typeof CloseShiftArgsSchema>;

export const EndDayArgsSchema = Type.Object({
  approval: ManagerApprovalSchema,
  /** Needed while sales of the day's shifts have not reached the back office: why end the day anyway. */
  override: Type.Optional(Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) })),
});
export type EndDayArgs = Static<typeof EndDayArgsSchema>;

export const ClosedShiftsArgsSchema = Type.Object({
  /** How many, the latest first (20). */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type ClosedShiftsArgs = Static<typeof ClosedShiftsArgsSchema>;

export const ShiftReportArgsSchema = Type.Object({
  /** Omitted: the open shift (an X report). A closed shift answers with its Z report, or its own X reading when it ended no day. */
  shiftId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** A closed shift that ended the day has both: 'X' asks for the shift's own reading (as it closed), 'Z' (the default) for the day's. */
  reading: Type.Optional(Type.Union([Type.Literal('X'), Type.Literal('Z')])),
});
export type ShiftReportArgs = Static<typeof ShiftReportArgsSchema>;

export const ShiftSchema = Type.Object({
  id: Type.String(),
  terminalCode: Type.String(),
  openedAt: Type.String(),
  openedBy: Type.String(),
  floatMinor: Type.Integer(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  closedBy: Type.Union([Type.String(), Type.Null()]),
  /**
   * A closed shift: whether it keeps a Z reading, the one of the day it ended (false: another
   * shift followed that day, or the day is still to be ended). Absent on an open shift and in a reading.
   */
  endedDay: Type.Optional(Type.Boolean()),
  /** A closed shift: whether it keeps its own X reading as it closed (false on shifts closed before shifts kept one). */
  ownReading: Type.Optional(Type.Boolean()),
  /** A shift that ended a day: its Z reading's counter (Z No. 12), to tell one day's Z from another's in a list. */
  zCounter: Type.Optional(Type.Integer()),
});
export type Shift = Static<typeof ShiftSchema>;

/** One shift of a day's Z reading: who opened and closed it, and its drawer. */
export const DayShiftSchema = Type.Object({
  id: Type.String(),
  openedAt: Type.String(),
  openedBy: Type.String(),
  closedAt: Type.String(),
  closedBy: Type.String(),
  floatMinor: Type.Integer(),
  salesCount: Type.Integer(),
  expectedCashMinor: Type.Integer(),
  countedCashMinor: Type.Union([Type.Integer(), Type.Null()]),
});
export type DayShift = Static<typeof DayShiftSchema>;

export const TenderTotalSchema = Type.Object({
  method: Type.String(),
  /** Taken for sales; cash is net of the change given. */
  amountMinor: Type.Integer(),
});

/** sync/money/vat-split's VatSplit: the receipt's VAT lines, over the whole shift. */
export const VatSplitSchema = Type.Object({
  vatableMinor: Type.Integer(),
  vatMinor: Type.Integer(),
  exemptMinor: Type.Integer(),
  zeroRatedMinor: Type.Integer(),
  amountDueMinor: Type.Integer(),
  rates: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), rateBasisPoints: Type.Integer(), netMinor: Type.Integer(), vatMinor: Type.Integer() }),
  ),
});

/** One kind of discount or void over the reading: how many documents or events, how much. */
export const KindTotalSchema = Type.Object({ kind: Type.String(), count: Type.Integer(), amountMinor: Type.Integer() });
export type KindTotal = Static<typeof KindTotalSchema>;

/** The sales one cashier rang up: how many, and their totals (what the customers owed, after discounts). */
export const CashierTotalSchema = Type.Object({ cashier: Type.String(), salesCount: Type.Integer(), salesMinor: Type.Integer() });
export type CashierTotal = Static<typeof CashierTotalSchema>;

export const ShiftReportSchema = Type.Object({
  kind: Type.Union([Type.Literal('X'), Type.Literal('Z')]),
  shift: ShiftSchema,
  generatedAt: Type.String(),
  salesCount: Type.Integer(),
  /** Of those, the sales rung up while no shift was open, taken into this shift when it opened. Absent on older reports. */
  salesBeforeOpenCount: Type.Optional(Type.Integer()),
  firstReceiptNumber: Type.Union([Type.String(), Type.Null()]),
  lastReceiptNumber: Type.Union([Type.String(), Type.Null()]),
  /** Before discounts: the sum of each sale's quantity x price (on Z reports stored before discounts were kept: after them). */
  grossSalesMinor: Type.Integer(),
  refundsCount: Type.Integer(),
  refundsMinor: Type.Integer(),
  /** Gross sales less discounts less refunds. */
  netSalesMinor: Type.Integer(),
  tenders: Type.Array(TenderTotalSchema),
  /** Float + cash taken - cash refunded + cash paid in - cash paid out. */
  expectedCashMinor: Type.Integer(),
  countedCashMinor: Type.Union([Type.Integer(), Type.Null()]),
  /** The VAT figures of the shift's sales less those of its refunds, each document as printed, by class and rate. */
  vat: VatSplitSchema,
  /** Sales and refunds of the shift the back office does not have yet. */
  unsyncedCount: Type.Integer(),
  override: Type.Union([Type.Object({ by: Type.String(), reason: Type.String(), unsyncedCount: Type.Integer() }), Type.Null()]),
  // What a reading carries since readings reconcile (absent on Z reports stored before):
  /** The first and last return numbers of the shift (T01-R000001). */
  firstReturnNumber: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  lastReturnNumber: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** All discounts given on the shift's sales; grossSalesMinor is before them. */
  discountsMinor: Type.Optional(Type.Integer()),
  /** The same, by kind (line, cart, senior_citizen, pwd, bnpc, ...): count of sales and amount. */
  discounts: Type.Optional(Type.Array(KindTotalSchema)),
  /** Sales and refunds of the shift a manager voided from the sync queue: counted above, never sent to the back office. */
  queueVoided: Type.Optional(
    Type.Object({ salesCount: Type.Integer(), salesMinor: Type.Integer(), refundsCount: Type.Integer(), refundsMinor: Type.Integer() }),
  ),
  /**
   * The sales by who rang them up (the cashier signed in at payment), in the order each first
   * sold in the reading: a shift handed from one cashier to another, or a day of several, says
   * whose drawer took what. Absent on readings stored before it was kept.
   */
  cashiers: Type.Optional(Type.Array(CashierTotalSchema)),
  /** Lines and carts voided before payment: count and value, by kind (line, cart). Not in gross sales. */
  voids: Type.Optional(Type.Array(KindTotalSchema)),
  /** Cash a manager paid into (pay_in) or out of (pay_out) the drawer: count and amount, by kind. Absent on older reports. */
  cashMoves: Type.Optional(Type.Array(KindTotalSchema)),
  /** Each of them, in order: when, which way, how much, why and the approving manager's code. Absent on older reports. */
  cashMovements: Type.Optional(
    Type.Array(
      Type.Object({
        kind: Type.String(),
        amountMinor: Type.Integer(),
        reason: Type.String(),
        approvedBy: Type.String(),
        occurredAt: Type.String(),
      }),
    ),
  ),
  /**
   * Of the refunds, the lines that did not go back to stock (damaged, expired, opened:
   * `restock: false`): how many lines, and what was paid back for them. Absent on older readings.
   */
  notRestocked: Type.Optional(Type.Object({ lines: Type.Integer(), amountMinor: Type.Integer() })),
  /** Money given back for refunds, by how it went back. */
  refundTenders: Type.Optional(Type.Array(TenderTotalSchema)),
  /** Counted less expected cash: negative is short. Null until counted. */
  overShortMinor: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  /**
   * The till's accumulated grand total, its gross sales since its first sale, never lowered:
   * when the shift began and at this reading (ending = beginning + grossSalesMinor). Z
   * readings stored before it was gross carry the net figure they printed.
   */
  grandTotal: Type.Optional(Type.Object({ beginningMinor: Type.Integer(), endingMinor: Type.Integer() })),
  /** The Z counter this Z reading took (one per Z, never reused); null on an X reading. */
  zCounter: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  /**
   * A Z reading: the business and machine profile it was closed under, so that printed again
   * after the back office changed them (a new PTU, a new address) it carries the head it first
   * printed. Absent on an X reading and on Z readings stored before it was kept.
   */
  issuedUnder: Type.Optional(TillProfileSchema),
  /**
   * A Z reading: the electronic journal's seal when it closed (the first 16 characters of the
   * chain of its last entry before this Z, terminal/journal/journal-chain.ts), to compare with
   * the journal checked later. Absent before the journal was chained.
   */
  journalSeal: Type.Optional(Type.Object({ throughSeq: Type.Integer(), seal: Type.String() })),
  /** How many times the till's memory was reset (0: never), printed on a Z reading; null on an X reading. */
  resetCounter: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  /**
   * A Z reading of the business day: the shifts it covers, in order (its `shift` is then the
   * day: opened when the first opened, closed when the day ended, the floats summed). Absent
   * on an X reading and on Z readings of one shift each, stored before days were kept.
   */
  shifts: Type.Optional(Type.Array(DayShiftSchema)),
  /**
   * A Z reading of the business day: which day it ends (`YYYY-MM-DD` on the business's calendar,
   * the day its last shift closed), however late it was taken (after midnight, the day before).
   * Its journal entry is filed under it. Absent on an X reading and on older Z readings.
   */
  businessDay: Type.Optional(Type.String()),
});
export type ShiftReport = Static<typeof ShiftReportSchema>;
