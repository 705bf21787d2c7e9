import type { BusinessProfileInput, MachineProfileInput } from '../../protocol';
import type { TestBackOffice } from './back-office';

/** A business profile with everything a sales invoice must show. */
export const COMPLETE_BUSINESS_PROFILE: BusinessProfileInput = {
  registeredName: 'Dela Cruz Trading Corp.',
  tradeName: "Aling Nena's Sari-Sari Store",
  address: '12 Mabini St., Marikina City',
  tin: '123-456-789-00000',
  vatRegistered: true,
  posSupplier: {
    name: 'Counter Software Solutions Inc.',
    address: '8F Tektite Tower, Ortigas Center, Pasig City',
    tin: '008-123-456-00000',
    accreditationNumber: '0412023000000123456',
    accreditationDate: '2023-05-10',
    accreditationValidUntil: '2028-05-09',
  },
};

export const COMPLETE_MACHINE: MachineProfileInput = {
  min: '24031512345678',
  serialNumber: 'SN-0001',
  permitNumber: 'FP032024-116-0123456-00000',
  permitDate: '2024-03-15',
};

async function put(backOffice: TestBackOffice, url: string, payload: object): Promise<void> {
  const answer = await backOffice.app.inject({ method: 'PUT', url, headers: backOffice.adminHeaders(), payload });
  if (answer.statusCode !== 200) throw new Error(`PUT ${url}: ${answer.statusCode} ${answer.body}`);
}

/** Sets business MAIN's profile in the back office, as an admin does (PUT: replaced whole). */
export async function putBusinessProfile(backOffice: TestBackOffice, profile: Partial<BusinessProfileInput> = {}): Promise<void> {
  await put(backOffice, '/v1/admin/businesses/MAIN/profile', { ...COMPLETE_BUSINESS_PROFILE, ...profile });
}

/** Sets a till's MIN, serial number and permit to use. */
export async function putMachineOf(backOffice: TestBackOffice, terminalId: string, machine: Partial<MachineProfileInput> = {}): Promise<void> {
  await put(backOffice, `/v1/admin/terminals/${terminalId}/machine`, { ...COMPLETE_MACHINE, ...machine });
}

/** putMachineOf, the till found by its terminal code. */
export async function putMachine(backOffice: TestBackOffice, terminalCode: string, machine: Partial<MachineProfileInput> = {}): Promise<void> {
  const terminal = await backOffice.store.db.selectFrom('terminals').select('id').where('code', '=', terminalCode).executeTakeFirstOrThrow();
  await putMachineOf(backOffice, terminal.id, machine);
}

/** Everything a sales invoice must show, set for business MAIN and the till: the till warns of nothing missing. */
export async function putCompleteInvoiceProfile(backOffice: TestBackOffice, terminalId: string): Promise<void> {
  await putBusinessProfile(backOffice);
  await putMachineOf(backOffice, terminalId);
}
