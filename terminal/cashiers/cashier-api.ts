import { Type, type Static } from 'typebox';

/**
 * The people at the counter, as the TerminalApi carries them (schemas for the method table, terminal-api.ts).
 * A PIN never leaves the core except a demo person's, shown on the sign-in screen in demo mode.
 */

export const RoleSchema = Type.Union([Type.Literal('cashier'), Type.Literal('manager')]);
export type Role = Static<typeof RoleSchema>;

const PIN_PATTERN = '^[0-9]{4,8}$';
const Pin = Type.String({ pattern: PIN_PATTERN });

/** What a screen says before the core is asked, for a PIN that cannot be one (a barcode scanned into the PIN field). */
export function pinShapeProblem(pin: string): string | null {
  return new RegExp(PIN_PATTERN).test(pin) ? null : 'A PIN is 4 to 8 digits.';
}
/**
 * A person's code on the roster: letters, digits, `.`, `_` and `-`. Capitals are taken and
 * folded to lower case (`ANA` and `Ana` are `ana`), as the back office takes store and
 * business codes whatever their case: the roster keeps, and sales carry, the lower case.
 */
const CashierCode = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' });

/** A cashier code as the roster keeps it: only A-Z fold (the pattern allows no other letters). */
export const foldCashierCode = (code: string) => code.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

export const CashierSchema = Type.Object({ code: Type.String(), name: Type.String(), role: RoleSchema });
export type Cashier = Static<typeof CashierSchema>;

export const SignInArgsSchema = Type.Object({ pin: Pin });
export type SignInArgs = Static<typeof SignInArgsSchema>;

export const AddCashierArgsSchema = Type.Object({
  code: CashierCode,
  name: Type.String({ minLength: 1, maxLength: 80 }),
  role: RoleSchema,
  pin: Pin,
});
export type AddCashierArgs = Static<typeof AddCashierArgsSchema>;

export const ResetPinArgsSchema = Type.Object({ code: CashierCode, pin: Pin });
export type ResetPinArgs = Static<typeof ResetPinArgsSchema>;

/** What a manager's PIN may allow at the counter. */
export const ApprovalActionSchema = Type.Union([Type.Literal('discount'), Type.Literal('void_line'), Type.Literal('void_cart')]);
export type ApprovalAction = Static<typeof ApprovalActionSchema>;

export const ApproveArgsSchema = Type.Object({
  pin: Pin,
  action: ApprovalActionSchema,
  /** The cart the approval is for: pay() looks a discount's approval up by it. */
  cartKey: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9._:-]+$' }),
  /** The discount given, or the value voided. */
  amountMinor: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
  note: Type.Optional(Type.String({ maxLength: 200 })),
});
export type ApproveArgs = Static<typeof ApproveArgsSchema>;

export const ApprovalSchema = Type.Object({
  id: Type.String(),
  action: ApprovalActionSchema,
  cartKey: Type.String(),
  amountMinor: Type.Integer(),
  managerCode: Type.String(),
  managerName: Type.String(),
  approvedAt: Type.String(),
});
export type Approval = Static<typeof ApprovalSchema>;

/** What the sign-in screen may show before anyone signs in. */
export const SignInHelpSchema = Type.Object({
  /** No one can sign in yet: the screen offers to create the first manager. */
  firstRun: Type.Boolean(),
  /** Demo mode only (npm start): the demo people and their PINs. */
  demoPeople: Type.Array(Type.Object({ name: Type.String(), role: RoleSchema, pin: Type.String() })),
});
export type SignInHelp = Static<typeof SignInHelpSchema>;
