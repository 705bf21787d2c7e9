import { Type, type Static } from 'typebox';
import { StoredInvoiceProfileSchema, type StoredInvoiceProfile } from './invoice-profile-store';

export { StoredInvoiceProfileSchema, type StoredInvoiceProfile };

export const BnpcWeekArgsSchema = Type.Object({ idNumber: Type.String({ minLength: 1, maxLength: 64 }) });
export type BnpcWeekArgs = Static<typeof BnpcWeekArgsSchema>;

export const BnpcWeekSchema = Type.Object({
  purchasesMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  weeklyPurchaseCapMinor: Type.Integer(),
  weeklyDiscountCapMinor: Type.Integer(),
});
export type BnpcWeekResult = Static<typeof BnpcWeekSchema>;
