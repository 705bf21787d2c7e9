import {
  DEFAULT_BNPC_WEEKLY_DISCOUNT_CAP_MINOR,
  DEFAULT_BNPC_WEEKLY_PURCHASE_CAP_MINOR,
  type BusinessProfile,
  type BusinessProfileInput,
  type MachineProfile,
  type MachineProfileInput,
  type PosSupplier,
  type TillProfile,
} from '../../protocol';
import { createHash } from 'node:crypto';
import type { BackOfficeDb, Tx } from '../db/database';
import { notFound, Problem } from '../problem';
import { businessByCode, codeMatches } from '../place-codes';

/** The version of a business that has no profile yet (a page opened then carries it). */
export const NO_PROFILE_VERSION = 'none';

/**
 * Which stored profile a form or a client saw: a hash of what the invoice prints (every
 * field a PUT sets, not the time it was saved), so a save of the same values again makes
 * no open page stale, and any change does. Opaque: compared, never read.
 */
export function profileVersion(profile: BusinessProfile | null): string {
  if (profile === null) return NO_PROFILE_VERSION;
  const s = profile.posSupplier ?? null;
  const fields = [
    profile.registeredName,
    profile.tradeName,
    profile.address,
    profile.tin,
    profile.vatRegistered,
    profile.footer,
    profile.bnpcWeeklyPurchaseCapMinor,
    profile.bnpcWeeklyDiscountCapMinor,
    s && [s.name, s.address, s.tin, s.accreditationNumber, s.accreditationDate, s.accreditationValidUntil],
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url').slice(0, 22);
}

/**
 * A save made from what the caller saw: `matches` is given the stored profile (null: none)
 * and its version, read in the save's own transaction with the business locked, and says
 * whether the save may go on. Refused: 412 `profile_changed`, nothing saved.
 */
export type ProfilePrecondition = (current: BusinessProfile | null, version: string) => boolean;

export const profileChanged = (current: BusinessProfile | null) =>
  new Problem(
    412,
    'profile_changed',
    'The profile changed',
    current === null
      ? 'This business has no profile now: nothing was saved.'
      : 'The profile was saved by someone else since the version this save was made from: nothing was saved. Its current version is in the ETag header.',
    undefined,
    current === null ? {} : { etag: `"${profileVersion(current)}"` },
  );

/**
 * The business's registration and each till's machine identification, as every sales
 * invoice prints them (docs/compliance.md). Set by an admin with PUT (idempotent by
 * nature: the same body twice is the same profile); pulled by the till. With a
 * precondition (the fleet form's version, the API's If-Match), the stored profile is read
 * and checked in the same transaction as the write, the business's row locked on
 * PostgreSQL (SQLite's transactions are BEGIN IMMEDIATE), so of two saves made from the
 * same version one is refused, not both passed.
 */
export async function saveBusinessProfile(
  store: BackOfficeDb,
  businessCode: string,
  input: BusinessProfileInput,
  now = new Date(),
  precondition?: ProfilePrecondition,
): Promise<BusinessProfile> {
  return store.db.transaction().execute(async (trx) => {
    const business = await businessByCode(trx, businessCode);
    if (!business) throw notFound(`Business ${businessCode}`);
    await refuseOtherBusiness(trx, input, business);
    const supplier = input.posSupplier ?? null;
    const backwards = accreditationBackwards(supplier);
    if (backwards !== null) throw backwards;
    // The business's row always exists (the profile's may not yet): the one lock every save waits on, so an
    // unconditional save cannot land between a conditional one's check and its write either.
    if (store.kind === 'postgres') await trx.selectFrom('businesses').select('id').where('id', '=', business.id).forUpdate().execute();
    if (precondition) {
      const current = await businessProfileOf(trx, business.id);
      if (!precondition(current, profileVersion(current))) throw profileChanged(current);
    }
    const values = {
      registered_name: input.registeredName,
      trade_name: input.tradeName ?? null,
      address: input.address,
      tin: input.tin,
      vat_registered: input.vatRegistered ? 1 : 0,
      footer: input.footer ?? null,
      bnpc_weekly_purchase_cap_minor: input.bnpcWeeklyPurchaseCapMinor ?? DEFAULT_BNPC_WEEKLY_PURCHASE_CAP_MINOR,
      bnpc_weekly_discount_cap_minor: input.bnpcWeeklyDiscountCapMinor ?? DEFAULT_BNPC_WEEKLY_DISCOUNT_CAP_MINOR,
      pos_supplier_name: supplier?.name ?? null,
      pos_supplier_address: supplier?.address ?? null,
      pos_supplier_tin: supplier?.tin ?? null,
      pos_accreditation_number: supplier?.accreditationNumber ?? null,
      pos_accreditation_date: supplier?.accreditationDate ?? null,
      pos_accreditation_valid_until: supplier?.accreditationValidUntil ?? null,
      updated_at: now.toISOString(),
    };
    await trx
      .insertInto('business_profiles')
      .values({ business_id: business.id, ...values })
      .onConflict((oc) => oc.column('business_id').doUpdateSet(values))
      .execute();
    return (await businessProfileOf(trx, business.id))!;
  });
}

export async function businessProfileOf(db: Tx | BackOfficeDb['db'], businessId: string): Promise<BusinessProfile | null> {
  const row = await db
    .selectFrom('business_profiles')
    .innerJoin('businesses', 'businesses.id', 'business_profiles.business_id')
    .selectAll('business_profiles')
    .select(['businesses.code as business_code', 'businesses.timezone'])
    .where('business_profiles.business_id', '=', businessId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    businessCode: row.business_code,
    registeredName: row.registered_name,
    tradeName: row.trade_name,
    address: row.address,
    tin: row.tin,
    vatRegistered: Number(row.vat_registered) === 1,
    footer: row.footer,
    bnpcWeeklyPurchaseCapMinor: Number(row.bnpc_weekly_purchase_cap_minor),
    bnpcWeeklyDiscountCapMinor: Number(row.bnpc_weekly_discount_cap_minor),
    timezone: row.timezone,
    posSupplier:
      row.pos_supplier_name === null ||
      row.pos_supplier_address === null ||
      row.pos_supplier_tin === null ||
      row.pos_accreditation_number === null ||
      row.pos_accreditation_date === null ||
      row.pos_accreditation_valid_until === null
        ? null
        : {
            name: row.pos_supplier_name,
            address: row.pos_supplier_address,
            tin: row.pos_supplier_tin,
            accreditationNumber: row.pos_accreditation_number,
            accreditationDate: row.pos_accreditation_date,
            accreditationValidUntil: row.pos_accreditation_valid_until,
          },
  };
}

/**
 * Whether a code names this business: its code in any case (codes are one whatever their
 * case, server/place-codes.ts: `main` is MAIN), as businessByCode reads it. In a database
 * from before that rule holding both MAIN and main, each spelling names its own business and
 * any other spelling names neither.
 */
async function namesBusiness(trx: Tx, code: string, business: { id: string; code: string }): Promise<boolean> {
  if (code === business.code) return true;
  const rows = await trx.selectFrom('businesses').select(['id', 'code']).where(codeMatches('code', code)).execute();
  const meant = rows.length === 1 ? rows[0] : rows.find((row) => row.code === code);
  return meant?.id === business.id;
}

/**
 * A profile read with GET and put back carries the business's code and time zone: taken as
 * they are (the code in any case), refused when they are another's (a body copied from
 * another business's profile, or a time zone that this PUT would not change: it is set with
 * the business).
 */
async function refuseOtherBusiness(trx: Tx, input: BusinessProfileInput, business: { id: string; code: string; timezone: string }): Promise<void> {
  const errors = [
    ...(input.businessCode !== undefined && !(await namesBusiness(trx, input.businessCode, business))
      ? [{ path: '/businessCode', message: `must be ${business.code} (in any case), the business the path names` }]
      : []),
    ...(input.timezone !== undefined && input.timezone !== business.timezone
      ? [{ path: '/timezone', message: `must be ${business.timezone}, the business's: a time zone is set with the business, not with its profile` }]
      : []),
  ];
  if (errors.length > 0)
    throw new Problem(
      400,
      'validation_failed',
      'Invalid profile',
      `The profile names ${errors.map((e) => e.path.slice(1)).join(' and ')} otherwise than business ${business.code}: nothing saved.`,
      errors,
    );
}

/** An accreditation valid until a day before it was issued is a typing mistake, refused before anything is saved (null: none). */
export function accreditationBackwards(supplier: PosSupplier | null): Problem | null {
  if (supplier === null || supplier.accreditationValidUntil >= supplier.accreditationDate) return null;
  return new Problem(
    400,
    'validation_failed',
    'Invalid profile',
    `The POS supplier's accreditation is valid until ${supplier.accreditationValidUntil}, before its date issued ${supplier.accreditationDate}.`,
    [{ path: '/posSupplier/accreditationValidUntil', message: 'must not be before accreditationDate' }],
  );
}

export async function saveMachineProfile(store: BackOfficeDb, terminalId: string, input: MachineProfileInput): Promise<MachineProfile> {
  const updated = await store.db
    .updateTable('terminals')
    .set({
      machine_min: input.min,
      machine_serial_number: input.serialNumber,
      machine_permit_number: input.permitNumber,
      machine_permit_date: input.permitDate,
    })
    .where('id', '=', terminalId)
    .returning(['id', 'code'])
    .executeTakeFirst();
  if (!updated) throw notFound(`Terminal ${terminalId}`);
  return { terminalId: updated.id, terminalCode: updated.code, ...input };
}

/** What the till prints on every invoice: its business's profile and its own machine identification. */
export async function tillProfileOf(store: BackOfficeDb, terminal: { terminalId: string; businessId: string }): Promise<TillProfile> {
  // The till's machine and its store, in one read.
  const machine = await store.db
    .selectFrom('terminals as t')
    .innerJoin('stores as s', 's.id', 't.store_id')
    .select([
      't.id',
      't.code',
      't.machine_min',
      't.machine_serial_number',
      't.machine_permit_number',
      't.machine_permit_date',
      's.code as store_code',
      's.name as store_name',
      's.address as store_address',
      's.tin_branch_code',
    ])
    .where('t.id', '=', terminal.terminalId)
    .executeTakeFirst();
  const set =
    machine &&
    machine.machine_min !== null &&
    machine.machine_serial_number !== null &&
    machine.machine_permit_number !== null &&
    machine.machine_permit_date !== null;
  return {
    business: await businessProfileOf(store.db, terminal.businessId),
    // Only a branch set up with its own address says its store: the profile of every other till is as it always was.
    ...(machine && machine.store_address !== null
      ? { store: { storeCode: machine.store_code, name: machine.store_name, address: machine.store_address, branchCode: machine.tin_branch_code } }
      : {}),
    machine: set
      ? {
          terminalId: machine.id,
          terminalCode: machine.code,
          min: machine.machine_min!,
          serialNumber: machine.machine_serial_number!,
          permitNumber: machine.machine_permit_number!,
          permitDate: machine.machine_permit_date!,
        }
      : null,
  };
}
