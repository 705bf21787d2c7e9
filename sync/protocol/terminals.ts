import { Type, type Static } from 'typebox';
import { Timestamp } from './timestamp';

export const PairRequestSchema = Type.Object({ pairingCode: Type.String({ minLength: 1, maxLength: 64 }) });
export type PairRequest = Static<typeof PairRequestSchema>;

export const PairResponseSchema = Type.Object({
  terminalId: Type.String(),
  token: Type.String(),
  storeCode: Type.String(),
  businessCode: Type.String(),
  terminalCode: Type.String(),
});
export type PairResponse = Static<typeof PairResponseSchema>;

export const HeartbeatSchema = Type.Object({
  queueDepth: Type.Integer({ minimum: 0 }),
  oldestPendingAt: Type.Union([Timestamp(), Type.Null()]),
  needsAttention: Type.Integer({ minimum: 0 }),
  appVersion: Type.String({ minLength: 1, maxLength: 64 }),
  pendingValueMinor: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type Heartbeat = Static<typeof HeartbeatSchema>;

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  db: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  version: Type.String(),
});
export type Health = Static<typeof HealthSchema>;
