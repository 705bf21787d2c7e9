import { Type, type Static } from 'typebox';
import { Timestamp } from './timestamp';

export const PairRequestSchema = Type.Object({
  pairingCode: Type.String({ minLength: 1, maxLength: 64 }),
  /**
   * The store a till locked to one takes (the desktop admin file's locked `storeCode`, any
   * case): a code of another store's terminal is refused 409 `store_locked`, not spent. A
   * back office from before ignores it (the till then checks the answer itself).
   */
  storeCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type PairRequest = Static<typeof PairRequestSchema>;

export const PairResponseSchema = Type.Object({
  terminalId: Type.String(),
  token: Type.String(),
  storeCode: Type.String(),
  businessCode: Type.String(),
  terminalCode: Type.String(),
});
export type PairResponse = Static<typeof PairResponseSchema>;

/**
 * Keys a heartbeat names at most (terminal/sync/acknowledged-check.ts): about 20 spaced back
 * from the last verified acknowledgement, and those acknowledged since, oldest first (a
 * backlog of thousands is verified over a few heartbeats). Some 20 KB; the back office finds
 * each through a unique index.
 */
export const MAX_SYNCED_CHECKPOINTS = 500;

/** A count a till can report (its queue, what needs attention): far above any real one, stored exactly by both databases. */
const TillCount = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });

export const HeartbeatSchema = Type.Object({
  queueDepth: TillCount,
  oldestPendingAt: Type.Union([Timestamp(), Type.Null()]),
  needsAttention: TillCount,
  appVersion: Type.String({ minLength: 1, maxLength: 64 }),
  /** Minor units, bounded as a sale's amounts are. */
  pendingValueMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  /**
   * Idempotency keys of sales and refunds the back office acknowledged to this till (its
   * checkpoints): the back office answers which it still holds. One it no longer holds means
   * it was restored from a backup taken before; the till sends them again (docs/PROTOCOL.md,
   * "A back office restored from a backup").
   */
  synced: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: MAX_SYNCED_CHECKPOINTS })),
  /**
   * The till's clock when it sent this heartbeat: the back office keeps how far it is from its
   * own, and monitoring flags a till more than 5 minutes off (its sales' `occurredAt`, shifts
   * and journal days follow that clock). A back office from before ignores it.
   */
  sentAt: Type.Optional(Timestamp()),
});
export type Heartbeat = Static<typeof HeartbeatSchema>;

/** The answer to a heartbeat that named `synced` keys: those of them the back office holds. */
export const HeartbeatAnswerSchema = Type.Object({ held: Type.Array(Type.String()) });
export type HeartbeatAnswer = Static<typeof HeartbeatAnswerSchema>;

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  db: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  version: Type.String(),
  /** The newest database migration this instance's code knows (0016-tax-as-charged): during a rolling upgrade, old and new instances differ here. */
  schema: Type.Optional(Type.String()),
});
export type Health = Static<typeof HealthSchema>;

/**
 * Revoking a lost or stolen till (admin API): `POST /v1/admin/terminals/{terminalId}/revoke`.
 * From then on its token answers 401 `terminal_revoked`; the sales it sent stay recorded.
 */
export const TerminalRevokeRequestSchema = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) });
export type TerminalRevokeRequest = Static<typeof TerminalRevokeRequestSchema>;

export const TerminalRevokedSchema = Type.Object({
  terminalId: Type.String(),
  terminalCode: Type.String(),
  /** When it was first revoked: revoking again answers the same time. */
  revokedAt: Type.String(),
});
export type TerminalRevoked = Static<typeof TerminalRevokedSchema>;

/**
 * A fresh one-time pairing code for the SAME terminal (admin API):
 * `POST /v1/admin/terminals/{terminalId}/pairing-code`. Pairing with it keeps the
 * terminal's id (so its idempotency keys stay scoped to it), issues a new token, ends the
 * old one and lifts a revocation.
 */
export const PairingCodeIssuedSchema = Type.Object({
  terminalId: Type.String(),
  terminalCode: Type.String(),
  pairingCode: Type.String(),
  expiresAt: Type.String(),
});
export type PairingCodeIssued = Static<typeof PairingCodeIssuedSchema>;

export const TerminalIdParamsSchema = Type.Object({ terminalId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }) });
