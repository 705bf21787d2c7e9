import { Type, type Static } from 'typebox';
import { ManagerApprovalSchema } from '../manager/approval-schema';

export const CashMovementKindSchema = Type.Union([Type.Literal('pay_in'), Type.Literal('pay_out')]);
export type CashMovementKind = Static<typeof CashMovementKindSchema>;

export const MoveCashArgsSchema = Type.Object({
  /** Minted once per movement by the screen: the same key sent again gives back the movement it recorded, never a second one. */
  moveKey: Type.String({ minLength: 1, maxLength: 64 }),
  /** pay_in: cash put into the drawer (change from the safe); pay_out: cash taken out (a pickup to the safe, a delivery paid). */
  kind: CashMovementKindSchema,
  amountMinor: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
  /** Why: 3 characters or more, printed with the movement on the X and Z readings. */
  reason: Type.String({ maxLength: 200 }),
  approval: ManagerApprovalSchema,
});
export type MoveCashArgs = Static<typeof MoveCashArgsSchema>;

export const CashMovementSchema = Type.Object({
  id: Type.String(),
  moveKey: Type.String(),
  kind: CashMovementKindSchema,
  amountMinor: Type.Integer(),
  reason: Type.String(),
  /** The approving manager's code. */
  approvedBy: Type.String(),
  shiftId: Type.String(),
  occurredAt: Type.String(),
});
export type CashMovement = Static<typeof CashMovementSchema>;

/** A movement just recorded, and what the drawer should hold now. */
export const MovedCashSchema = Type.Object({ ...CashMovementSchema.properties, drawerCashMinor: Type.Integer() });
export type MovedCash = Static<typeof MovedCashSchema>;

export const ShiftCashMovementsArgsSchema = Type.Object({
  /** Omitted: the open shift's. */
  shiftId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type ShiftCashMovementsArgs = Static<typeof ShiftCashMovementsArgsSchema>;
