import { DisplayName } from './display-name';
import { Type, type Static } from 'typebox';
import { CALENDAR_DATE_FORMAT, CalendarDate } from './timestamp';

/**
 * What a sales invoice must print about who issues it (RR 7-2024; RR 16-2018 for the
 * machine): the business's registration, set in the back office, and each till's
 * machine identification, pulled by the till so it prints them offline too.
 */

/** A TIN with its branch code: 123-456-789-00000 (three to five digits of branch code). */
export const TIN_PATTERN = '^[0-9]{3}-[0-9]{3}-[0-9]{3}-[0-9]{3,5}$';
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const Peso = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });

/** The 5% discount on basic necessities and prime commodities: per person per week (DTI-DA JAO 24-02). */
export const DEFAULT_BNPC_WEEKLY_PURCHASE_CAP_MINOR = 250_000;
export const DEFAULT_BNPC_WEEKLY_DISCOUNT_CAP_MINOR = 12_500;

/**
 * The POS supplier, as the invoice's foot prints it (RR 16-2018; RR 7-2024): who supplied the
 * point-of-sale software, its TIN and its BIR accreditation with the date issued and valid until.
 */
export const PosSupplierSchema = Type.Object({
  /** As typed, a DisplayName (PosSupplierInputSchema); as pulled, any name the back office kept. */
  name: Type.String({ minLength: 1, maxLength: 200 }),
  address: Text(300),
  tin: Type.String({ pattern: TIN_PATTERN, maxLength: 20 }),
  accreditationNumber: Text(64),
  /** The accreditation's date issued and the date it is valid until (not before it). */
  accreditationDate: CalendarDate(),
  accreditationValidUntil: CalendarDate(),
});
export type PosSupplier = Static<typeof PosSupplierSchema>;

/**
 * A date a permit or an accreditation carries, as typed into the back office: on the calendar
 * and from 1900 on (0000-01-01 is no date a permit was issued). Only what is typed: a profile
 * as stored and pulled by a till is read with PosSupplierSchema's plain dates.
 */
export const DATE_TYPED_PATTERN = '^(19|[2-9][0-9])[0-9]{2}-';
const DateTyped = () => Type.String({ format: CALENDAR_DATE_FORMAT, maxLength: 10, pattern: DATE_TYPED_PATTERN });

/** The POS supplier as typed: its fields only (a misspelt one is refused, never dropped) and its dates from 1900 on. */
export const PosSupplierInputSchema = Type.Object(
  {
    ...PosSupplierSchema.properties,
    name: DisplayName(200),
    accreditationDate: DateTyped(),
    accreditationValidUntil: DateTyped(),
  },
  { additionalProperties: false },
);

/**
 * What PUT replaces the profile with. A field it does not know is refused (400 naming it), not
 * ignored: the profile is replaced whole, so a misspelt "tradename" or "posSuplier" would have
 * saved the profile without them, and invoices printed without the trade name or the supplier.
 * What GET answers may be put back as it came (read, changed, put with If-Match): its null for
 * a field not set is "not set", and its `businessCode` and `timezone` are taken when they are
 * the business's (either is set with the business, not with its profile: another is refused).
 */
export const BusinessProfileInputSchema = Type.Object(
  {
    // Printed at the head of every invoice: no text-reversing controls, as every name (protocol/display-name.ts).
    registeredName: DisplayName(200),
    tradeName: Type.Optional(Type.Union([DisplayName(200), Type.Null()])),
    address: Text(300),
    tin: Type.String({ pattern: TIN_PATTERN, maxLength: 20 }),
    vatRegistered: Type.Boolean(),
    footer: Type.Optional(Type.Union([Text(500), Type.Null()])),
    bnpcWeeklyPurchaseCapMinor: Type.Optional(Peso),
    bnpcWeeklyDiscountCapMinor: Type.Optional(Peso),
    /** Absent or null: not set (PUT replaces the profile whole: a body without it clears it). */
    posSupplier: Type.Optional(Type.Union([PosSupplierInputSchema, Type.Null()])),
    /** As GET answers them: read back, never changed here. */
    businessCode: Type.Optional(Type.String({ maxLength: 32 })),
    timezone: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type BusinessProfileInput = Static<typeof BusinessProfileInputSchema>;

export const BusinessProfileSchema = Type.Object({
  businessCode: Type.String(),
  registeredName: Type.String(),
  tradeName: Type.Union([Type.String(), Type.Null()]),
  address: Type.String(),
  tin: Type.String(),
  vatRegistered: Type.Boolean(),
  footer: Type.Union([Type.String(), Type.Null()]),
  bnpcWeeklyPurchaseCapMinor: Type.Integer(),
  bnpcWeeklyDiscountCapMinor: Type.Integer(),
  /** The business's time zone: the week of the BNPC caps starts on its Monday. */
  timezone: Type.String(),
  /**
   * Printed at the invoice's foot; null until the back office sets it. Optional on the wire: a
   * back office from before migration 0021 sends none, which a till reads as not set.
   */
  posSupplier: Type.Optional(Type.Union([PosSupplierSchema, Type.Null()])),
});
export type BusinessProfile = Static<typeof BusinessProfileSchema>;

export const MachineProfileInputSchema = Type.Object(
  {
    /** Machine identification number, issued by the BIR with the permit to use. */
    min: Text(32),
    serialNumber: Text(64),
    permitNumber: Text(64),
    permitDate: DateTyped(),
  },
  { additionalProperties: false },
);
export type MachineProfileInput = Static<typeof MachineProfileInputSchema>;

export const MachineProfileSchema = Type.Object({
  terminalId: Type.String(),
  terminalCode: Type.String(),
  min: Type.String(),
  serialNumber: Type.String(),
  permitNumber: Type.String(),
  permitDate: Type.String(),
});
export type MachineProfile = Static<typeof MachineProfileSchema>;

/** The last group of a TIN, a branch's: 00000 is the head office, 00001 its first branch. */
export const BRANCH_CODE_PATTERN = '^[0-9]{3,5}$';

/**
 * The till's store as its documents print it: a branch's own address and the branch code of
 * the business's TIN (RR 16-2018: a branch's invoices carry its address and its TIN branch
 * code, not the head office's). Null parts: the business's address and TIN as set.
 */
export const StoreProfileSchema = Type.Object({
  storeCode: Type.String(),
  name: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  branchCode: Type.Union([Type.String(), Type.Null()]),
});
export type StoreProfile = Static<typeof StoreProfileSchema>;

/**
 * PUT /v1/admin/businesses/{businessCode}/stores/{storeCode}/branch: a branch's own address and
 * TIN branch code, both or neither (null and null: the business's address and TIN again).
 */
export const StoreBranchInputSchema = Type.Object(
  {
    // One printed line, held to a name's rule: no control, no invisible start or end, no text-reversing character.
    address: Type.Union([DisplayName(300), Type.Null()]),
    branchCode: Type.Union([Type.String({ pattern: BRANCH_CODE_PATTERN, maxLength: 5 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type StoreBranchInput = Static<typeof StoreBranchInputSchema>;

/** A store as its tills' documents print it: GET and PUT …/stores/{storeCode}/branch. */
export const StoreBranchSchema = Type.Object({ businessCode: Type.String(), ...StoreProfileSchema.properties });
export type StoreBranch = Static<typeof StoreBranchSchema>;

/** GET /v1/terminals/profile: what the till prints on every invoice; null where the back office has not set it yet. */
export const TillProfileSchema = Type.Object({
  business: Type.Union([BusinessProfileSchema, Type.Null()]),
  machine: Type.Union([MachineProfileSchema, Type.Null()]),
  /** Sent for a branch with its own address and TIN branch code (`counter-server store branch`); absent: the business's address and TIN. */
  store: Type.Optional(StoreProfileSchema),
});
export type TillProfile = Static<typeof TillProfileSchema>;

/**
 * GET /v1/terminals/bnpc-week?idNumber=…: what a senior citizen or PWD had of the 5% on
 * basic necessities this week at the business's OTHER tills (their purchases and discount,
 * less what came back), as the back office has received them. The asking till adds its own
 * sales (it knows them all, sent or not), so the caps count every till while it is online.
 */
export const BnpcWeekElsewhereSchema = Type.Object({
  purchasesMinor: Type.Integer({ minimum: 0 }),
  discountMinor: Type.Integer({ minimum: 0 }),
  /** The week counted: Monday 00:00 to the next Monday in the business's time zone, as UTC instants. */
  weekStartsAt: Type.String(),
  weekEndsAt: Type.String(),
});
export type BnpcWeekElsewhere = Static<typeof BnpcWeekElsewhereSchema>;
