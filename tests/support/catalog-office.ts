import { expect } from 'vitest';
import type { DatabaseKind } from '../../server/db/database';
import { startBackOffice, type PairedTerminal, type TestBackOffice } from './back-office';
import { adminPost } from './stock-documents';

/**
 * A back office for catalog scenarios: business MAIN with a paired till, and a second
 * business NORTH; `putProduct` is the admin route as an admin's script sends it (the SKU
 * encoded in the path), `cursor` the till's catalog cursor (a refused change takes no number).
 */
export async function catalogOffice(kind: DatabaseKind, nameOf: (sku: string) => string = (sku) => sku) {
  const office: TestBackOffice = await startBackOffice(kind);
  const till: PairedTerminal = await office.pairTerminal();
  expect((await adminPost(office, '/v1/admin/businesses', { code: 'NORTH', name: 'North Trading', timezone: 'Asia/Manila' })).statusCode).toBe(201);
  const putProduct = (sku: string, body: object = {}, businessCode = 'MAIN') =>
    office.app.inject({
      method: 'PUT',
      url: `/v1/admin/products/${encodeURIComponent(sku)}`,
      headers: office.adminHeaders(),
      payload: { businessCode, name: nameOf(sku), priceMinor: 1000, ...body },
    });
  const cursor = async () =>
    (await office.app.inject({ method: 'GET', url: '/v1/catalog', headers: till.headers() })).json<{ cursor: string }>().cursor;
  return { office, till, putProduct, cursor };
}
