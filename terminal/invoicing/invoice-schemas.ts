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
  /** Whose sales the figures count: every till's (the back office answered) or this till's alone (it did not). */
  counted: Type.Optional(Type.Union([Type.Literal('this_till'), Type.Literal('every_till')])),
});
export type BnpcWeekResult = Static<typeof BnpcWeekSchema>;
