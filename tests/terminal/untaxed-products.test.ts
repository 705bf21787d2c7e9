import { afterEach, describe, expect, it } from 'vitest';
import { putBusinessProfile, putMachine } from '../support/invoice-profile';
import { aPairedTill, fastTuning, waitFor, type Cleanups } from '../support/terminal';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Found by a walk: a product saved without a tax code at a VAT-registered business was sold,
 * and its sales counted, as VAT-exempt, and nothing said so. The till's status names it until
 * the back office gives it a tax code.
 */
describe('a product without a tax code at a VAT-registered business', () => {
  it('is named on the till until the catalog gives it one; then nothing is missing', async () => {
    const { core, link } = await aPairedTill(cleanups, { tuning: { ...fastTuning, profileIntervalMs: 100, catalogIntervalMs: 100 } });
    const bo = link.backOffice;
    await putBusinessProfile(bo);
    await putMachine(bo, (await core.getStatus()).terminalCode!);
    const put = async (taxCode?: string) =>
      expect(
        (
          await bo.app.inject({
            method: 'PUT',
            url: '/v1/admin/products/YELO',
            headers: bo.adminHeaders(),
            payload: { businessCode: 'MAIN', name: 'Ice tube (yelo) 1 pack', priceMinor: 1_000, ...(taxCode ? { taxCode } : {}) },
          })
        ).statusCode,
      ).toBe(200);
    await put();
    core.start();
    await waitFor(
      async () =>
        (await core.getStatus()).invoiceDetailsMissing.includes(
          'the tax code of 1 product (Ice tube (yelo) 1 pack: printed as VAT-exempt until set)',
        ),
      'the untaxed product to be named',
    );
    await put('VAT12');
    await waitFor(async () => (await core.getStatus()).invoiceDetailsMissing.length === 0, 'nothing missing once it has a tax code');
  });
});
