import { parseArgs } from 'node:util';
import { Value } from 'typebox/value';
import { BusinessProfileInputSchema, MachineProfileInputSchema, type BusinessProfileInput, type MachineProfileInput } from '../../protocol';
import type { BackOfficeDb } from '../db/database';
import { findTerminalId } from '../terminals/revocation';
import { accreditationBackwards, saveBusinessProfile, saveMachineProfile } from './invoice-profile';

/** `counter-server business profile` and `counter-server terminal machine`: what the sales invoice prints, from a shell. */
export const INVOICE_HELP = {
  'business profile': `counter-server business profile --registered-name <name> --address <text> --tin 123-456-789-00000 (--vat | --non-vat)
      [--trade-name <name>] [--footer <text>] [--bnpc-purchase-cap <centavos>] [--bnpc-discount-cap <centavos>] [--business MAIN]
      [--supplier-name <name> --supplier-address <text> --supplier-tin 123-456-789-00000
       --accreditation-no <no.> --accreditation-date YYYY-MM-DD --accreditation-valid-until YYYY-MM-DD]
  Sets what every sales invoice of the business prints (docs/compliance.md), the POS supplier at its foot (all six
  --supplier-*/--accreditation-* options, or none: the profile is replaced whole); the tills pull it within a minute.`,
  'terminal machine': `counter-server terminal machine (--id <terminalId> | --terminal <code> [--business MAIN] [--store <code>])
      --min <MIN> --serial <serial number> --permit <PTU No.> --permit-date YYYY-MM-DD
  Sets a till's machine identification number, serial number and permit to use (PTU No. and its date issued), printed on its invoices.`,
};

type Out = (text: string) => void;

/** 0 when saved, 2 (and why) when an option is missing or not what the invoice may print. */
export async function businessProfileCommand(store: BackOfficeDb, args: string[], out: Out, err: Out): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      business: { type: 'string', default: 'MAIN' },
      'registered-name': { type: 'string' },
      'trade-name': { type: 'string' },
      address: { type: 'string' },
      tin: { type: 'string' },
      vat: { type: 'boolean' },
      'non-vat': { type: 'boolean' },
      footer: { type: 'string' },
      'bnpc-purchase-cap': { type: 'string' },
      'bnpc-discount-cap': { type: 'string' },
      'supplier-name': { type: 'string' },
      'supplier-address': { type: 'string' },
      'supplier-tin': { type: 'string' },
      'accreditation-no': { type: 'string' },
      'accreditation-date': { type: 'string' },
      'accreditation-valid-until': { type: 'string' },
    },
  });
  const supplier = {
    name: values['supplier-name'],
    address: values['supplier-address'],
    tin: values['supplier-tin'],
    accreditationNumber: values['accreditation-no'],
    accreditationDate: values['accreditation-date'],
    accreditationValidUntil: values['accreditation-valid-until'],
  };
  if (values.vat === values['non-vat']) {
    err(`Say --vat or --non-vat (one of them)\n${INVOICE_HELP['business profile']}\n`);
    return 2;
  }
  const input: Record<string, unknown> = {
    registeredName: values['registered-name'],
    address: values.address,
    tin: values.tin,
    vatRegistered: values.vat === true,
    ...(values['trade-name'] === undefined ? {} : { tradeName: values['trade-name'] }),
    ...(values.footer === undefined ? {} : { footer: values.footer }),
    ...(values['bnpc-purchase-cap'] === undefined ? {} : { bnpcWeeklyPurchaseCapMinor: Number(values['bnpc-purchase-cap']) }),
    ...(values['bnpc-discount-cap'] === undefined ? {} : { bnpcWeeklyDiscountCapMinor: Number(values['bnpc-discount-cap']) }),
    // Any of the supplier's options: all six are needed (a missing one is named by the check below).
    ...(Object.values(supplier).every((value) => value === undefined) ? {} : { posSupplier: supplier }),
  };
  if (!Value.Check(BusinessProfileInputSchema, input)) {
    const problems = [...Value.Errors(BusinessProfileInputSchema, input)].map((e) => `${e.instancePath || '/'} ${e.message}`);
    err(`Not a profile an invoice may print: ${problems.join('; ')}\n${INVOICE_HELP['business profile']}\n`);
    return 2;
  }
  const given = input as BusinessProfileInput;
  const backwards = accreditationBackwards(given.posSupplier ?? null);
  if (backwards !== null) {
    err(`Not a profile an invoice may print: ${backwards.detail}\n${INVOICE_HELP['business profile']}\n`);
    return 2;
  }
  const saved = await saveBusinessProfile(store, values.business, given);
  const supplierLine = saved.posSupplier
    ? `POS supplier ${saved.posSupplier.name}, TIN ${saved.posSupplier.tin}, Accreditation No. ${saved.posSupplier.accreditationNumber} (date issued ${saved.posSupplier.accreditationDate}, valid until ${saved.posSupplier.accreditationValidUntil})`
    : 'POS supplier not set';
  out(`${saved.businessCode}: ${saved.registeredName}, ${saved.vatRegistered ? 'VAT' : 'NON-VAT'} REG TIN ${saved.tin}; ${supplierLine}\n`);
  return 0;
}

export async function terminalMachineCommand(store: BackOfficeDb, args: string[], out: Out, err: Out): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      id: { type: 'string' },
      terminal: { type: 'string' },
      business: { type: 'string' },
      store: { type: 'string' },
      min: { type: 'string' },
      serial: { type: 'string' },
      permit: { type: 'string' },
      'permit-date': { type: 'string' },
    },
  });
  if ((values.id === undefined) === (values.terminal === undefined)) {
    err(`Name the terminal with --id or with --terminal (not both)\n${INVOICE_HELP['terminal machine']}\n`);
    return 2;
  }
  const input = { min: values.min, serialNumber: values.serial, permitNumber: values.permit, permitDate: values['permit-date'] };
  if (!Value.Check(MachineProfileInputSchema, input)) {
    const problems = [...Value.Errors(MachineProfileInputSchema, input)].map((e) => `${e.instancePath || '/'} ${e.message}`);
    err(`Not a machine identification an invoice may print: ${problems.join('; ')}\n${INVOICE_HELP['terminal machine']}\n`);
    return 2;
  }
  const terminalId = await findTerminalId(store, {
    id: values.id,
    businessCode: values.business,
    storeCode: values.store,
    terminalCode: values.terminal,
  });
  const saved = await saveMachineProfile(store, terminalId, input as MachineProfileInput);
  out(`Terminal ${saved.terminalCode}: MIN ${saved.min}, SN ${saved.serialNumber}, PTU No. ${saved.permitNumber}, date issued ${saved.permitDate}\n`);
  return 0;
}
