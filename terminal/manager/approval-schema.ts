import { Type, type Static } from 'typebox';

/**
 * A manager's say-so for one action (a refund, a void, a shift). The PIN is checked by
 * the core on every call and never stored; what is stored is who approved.
 */
export const ManagerApprovalSchema = Type.Object({
  managerPin: Type.String({ pattern: '^[0-9]{4,8}$' }),
});
export type ManagerApproval = Static<typeof ManagerApprovalSchema>;
