import { Type, type Static } from 'typebox';

/** One counter period of a document series: gapless means values 1..issued, once each. */
export const SeriesContinuitySchema = Type.Object({
  businessCode: Type.String(),
  series: Type.String(),
  period: Type.String(),
  /** The counter's last value: how many numbers were issued. */
  issued: Type.Integer(),
  documents: Type.Integer(),
  gaps: Type.Integer(),
  duplicates: Type.Integer(),
});

export const DuplicateNumberSchema = Type.Object({
  businessCode: Type.String(),
  series: Type.String(),
  number: Type.String(),
  count: Type.Integer(),
});

const voidedNumberFields = {
  /** The trailing number (4 for T01-000004). */
  number: Type.Integer(),
  localNumber: Type.String(),
  /** The terminal that reported it. */
  terminalCode: Type.String(),
  voidedAt: Type.String(),
  voidedBy: Type.String(),
  reason: Type.String(),
  valueMinor: Type.Integer(),
};

/** A receipt or return number a till voided before it was ever sent, as it reported it. */
export const VoidedNumberSchema = Type.Object(voidedNumberFields);
export type VoidedNumber = Static<typeof VoidedNumberSchema>;

/** A return slip a till voided before it was ever sent, with its business. */
export const VoidedReturnSlipSchema = Type.Object({ businessCode: Type.String(), ...voidedNumberFields });
export type VoidedReturnSlip = Static<typeof VoidedReturnSlipSchema>;

/**
 * A terminal's own receipt numbers as they reached the server (BIR continuity): the
 * trailing digits of each local number, grouped by the text before them (the receipt
 * series, T01- for T01-000123) per business, counted from 1, whichever of the business's
 * terminals received them: a till moved to another terminal (INSTALL.md §3) sends what it
 * had queued under the new one with the old series' numbers.
 */
export const TerminalReceiptContinuitySchema = Type.Object({
  businessCode: Type.String(),
  /** The terminal the series is named after (prefix `T01-`: T01), else the first that received it. */
  terminalCode: Type.String(),
  /** Every terminal of the business that received receipts of this series, in code order. */
  receivedBy: Type.Array(Type.String()),
  prefix: Type.String(),
  received: Type.Integer(),
  last: Type.Integer(),
  /** Numbers neither received nor voided at the till: lost until they arrive. */
  gaps: Type.Integer(),
  duplicates: Type.Integer(),
  /** The first missing numbers (at most 50), for a manager to chase; voided ones are not among them. */
  missing: Type.Array(Type.Integer()),
  /**
   * Numbers the till reported voided before they were ever sent (POST
   * /v1/terminals/voided-documents): accounted for, not gaps. A back office from before
   * leaves it out; a till from before never reports its voids, so they stay gaps.
   */
  voided: Type.Integer(),
  /** The first voided numbers (at most 50), with who voided each, when and why. */
  voids: Type.Array(VoidedNumberSchema),
});
export type TerminalReceiptContinuity = Static<typeof TerminalReceiptContinuitySchema>;

export const EndpointReplaysSchema = Type.Object({
  endpoint: Type.String(),
  /** First-time requests whose response is still stored, over the window. */
  requests: Type.Integer(),
  replays: Type.Integer(),
});

export const TerminalStatusSchema = Type.Object({
  businessCode: Type.String(),
  storeCode: Type.String(),
  terminalCode: Type.String(),
  name: Type.String(),
  paired: Type.Boolean(),
  lastContactAt: Type.Union([Type.String(), Type.Null()]),
  queueDepth: Type.Union([Type.Integer(), Type.Null()]),
  oldestPendingAt: Type.Union([Type.String(), Type.Null()]),
  oldestPendingAgeSeconds: Type.Union([Type.Integer(), Type.Null()]),
  pendingValueMinor: Type.Union([Type.Integer(), Type.Null()]),
  needsAttention: Type.Union([Type.Integer(), Type.Null()]),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  /** An admin revoked it (lost or stolen till): its token is refused until it pairs again. */
  revoked: Type.Boolean(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  /** No contact for longer than the stale limit (POS_STALE_TERMINAL_MINUTES); never for a revoked terminal. */
  stale: Type.Boolean(),
  /** Its oldest unsent sale is older than POS_OLD_PENDING_HOURS. */
  oldPending: Type.Boolean(),
  /**
   * How far the till's clock was from the back office's at its last heartbeat, in seconds
   * (positive: the till runs ahead); null until a till that sends its time reports.
   */
  clockOffsetSeconds: Type.Union([Type.Integer(), Type.Null()]),
  /** Its clock is more than CLOCK_OFF_LIMIT_SECONDS (5 minutes) from the back office's. */
  clockOff: Type.Boolean(),
});

/** A till clock further than this from the back office's is flagged (`clockOff`). */
export const CLOCK_OFF_LIMIT_SECONDS = 300;
export type TerminalStatus = Static<typeof TerminalStatusSchema>;

export const MonitoringReportSchema = Type.Object({
  generatedAt: Type.String(),
  windowHours: Type.Integer(),
  totals: Type.Object({
    duplicateNumbers: Type.Integer(),
    seriesGaps: Type.Integer(),
    terminalReceiptGaps: Type.Integer(),
    terminalReceiptDuplicates: Type.Integer(),
    /** Receipt numbers the tills voided before sending them: accounted for, not counted as gaps. */
    terminalReceiptsVoided: Type.Integer(),
    replays: Type.Integer(),
    staleTerminals: Type.Integer(),
    /** Terminals whose clock is off (`clockOff`). */
    clockOffTerminals: Type.Integer(),
  }),
  duplicateNumbers: Type.Array(DuplicateNumberSchema),
  series: Type.Array(SeriesContinuitySchema),
  terminalReceipts: Type.Array(TerminalReceiptContinuitySchema),
  /**
   * Return slips the tills voided before sending them (a refund of a voided sale is voided
   * with it), newest first, at most 50: the back office counts no return-slip series, so they
   * are listed here.
   */
  voidedReturnSlips: Type.Array(VoidedReturnSlipSchema),
  replays: Type.Array(EndpointReplaysSchema),
  terminals: Type.Array(TerminalStatusSchema),
});
export type MonitoringReport = Static<typeof MonitoringReportSchema>;
