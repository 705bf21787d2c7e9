import { randomUUID } from 'node:crypto';
import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import {
  BusinessProfileSchema,
  MachineProfileSchema,
  PurchaseReceiptSchema,
  TerminalCreatedSchema,
  formatIdempotencyKey,
  type BusinessProfileInput,
  type MachineProfileInput,
} from '../protocol';
import { demoCatalog, openingStockOf } from './demo-catalog';

/** The admin API of a running back office, as `npm start` uses it to set up the demo shop. */
export class AdminApi {
  constructor(
    readonly serverUrl: string,
    private readonly adminToken: string,
  ) {}

  async send<S extends TSchema>(method: 'PUT' | 'POST', path: string, body: unknown, answer: S, key?: string): Promise<Type.Static<S>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' };
    if (key !== undefined) headers['idempotency-key'] = formatIdempotencyKey(key);
    const response = await fetch(`${this.serverUrl}${path}`, { method, headers, body: JSON.stringify(body) });
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = Value.Check(Type.Object({ code: Type.String(), detail: Type.String() }), parsed)
        ? `${parsed.code}: ${parsed.detail}`
        : `HTTP ${response.status}`;
      throw new Error(`${method} ${path} failed: ${detail}`);
    }
    if (!Value.Check(answer, parsed)) throw new Error(`${method} ${path}: unexpected answer`);
    return parsed;
  }
}

/** Puts the demo shelf in the catalog of business MAIN (an upsert: running it twice is harmless). */
export async function seedDemoCatalog(admin: AdminApi): Promise<number> {
  for (const product of demoCatalog) {
    await admin.send(
      'PUT',
      `/v1/admin/products/${encodeURIComponent(product.sku)}`,
      {
        businessCode: 'MAIN',
        name: product.name,
        priceMinor: product.priceMinor,
        barcode: product.barcode,
        taxCode: product.taxCode,
        ...(product.scPwdEligible ? { scPwdEligible: true } : {}),
        ...(product.bnpcEligible ? { bnpcEligible: true } : {}),
        ...(product.soldBy ? { soldBy: product.soldBy } : {}),
      },
      Type.Object({ sku: Type.String() }),
    );
  }
  return demoCatalog.length;
}

/**
 * Opening stock for store MAIN as one approved purchase receipt. Fixed idempotency keys:
 * a second run replays the first instead of doubling the stock.
 */
export async function stockDemoShop(admin: AdminApi): Promise<string | null> {
  const lines = demoCatalog.map((p) => ({ sku: p.sku, qty: openingStockOf(p), unitCostMinor: Math.floor((p.priceMinor * 4) / 5) }));
  const draft = await admin.send(
    'POST',
    '/v1/purchase-receipts',
    { storeCode: 'MAIN', supplier: 'Demo wholesaler', lines },
    PurchaseReceiptSchema,
    'demo-opening-stock-draft',
  );
  const approved = await admin.send('POST', `/v1/purchase-receipts/${draft.id}/approve`, {}, PurchaseReceiptSchema, 'demo-opening-stock-approve');
  return approved.receiptNumber;
}

/** Registers a terminal for store MAIN: its id and one-time pairing code. */
export async function registerDemoTerminal(admin: AdminApi, name: string): Promise<{ terminalId: string; pairingCode: string }> {
  const created = await admin.send('POST', '/v1/admin/terminals', { storeCode: 'MAIN', name }, TerminalCreatedSchema, randomUUID());
  return { terminalId: created.terminalId, pairingCode: created.pairingCode };
}

/** What the demo shop's sales invoices print: everything the BIR asks for (the POS supplier too), so the till warns of nothing missing. */
export const DEMO_BUSINESS_PROFILE: BusinessProfileInput = {
  registeredName: 'Dela Cruz Trading Corp.',
  tradeName: "Aling Nena's Sari-Sari Store",
  address: '12 Mabini St., Brgy. San Roque, Marikina City 1801',
  tin: '123-456-789-00000',
  vatRegistered: true,
  footer: 'Salamat po! (A demo shop: not a valid invoice.)',
  posSupplier: {
    name: 'Counter POS (demo supplier)',
    address: '8F Tektite Tower, Ortigas Center, Pasig City',
    tin: '987-654-321-00000',
    accreditationNumber: 'DEMO-ACCR-0001',
    accreditationDate: '2026-01-05',
    accreditationValidUntil: '2031-01-04',
  },
};

export const DEMO_MACHINE: MachineProfileInput = {
  min: 'DEMO-MIN-0001',
  serialNumber: 'DEMO-SN-0001',
  permitNumber: 'DEMO-PTU-0001',
  permitDate: '2026-01-05',
};

/** Business MAIN's invoice profile (a PUT: setting it twice is harmless). */
export async function setDemoInvoiceProfile(admin: AdminApi): Promise<void> {
  await admin.send('PUT', '/v1/admin/businesses/MAIN/profile', DEMO_BUSINESS_PROFILE, BusinessProfileSchema);
}

/** The demo till's MIN, serial number and permit to use. */
export async function setDemoMachine(admin: AdminApi, terminalId: string): Promise<void> {
  await admin.send('PUT', `/v1/admin/terminals/${encodeURIComponent(terminalId)}/machine`, DEMO_MACHINE, MachineProfileSchema);
}
