import { describe, expect, it } from 'vitest';
import { chooseCashierHost } from '../../scripts/cashier-host';

const withElectron = () => true;
const withoutElectron = () => false;

describe('npm start picks where the cashier screen opens', () => {
  it('opens the Electron window where the binary is installed and there is a display', () => {
    expect(chooseCashierHost({ DISPLAY: ':0' }, 'linux', withElectron)).toEqual({ kind: 'electron' });
    expect(chooseCashierHost({}, 'win32', withElectron)).toEqual({ kind: 'electron' });
  });

  it('falls back to the web host and says why: no binary, no display, or asked to', () => {
    expect(chooseCashierHost({ DISPLAY: ':0' }, 'linux', withoutElectron)).toMatchObject({
      kind: 'web',
      reason: expect.stringMatching(/Electron binary is not installed/),
    });
    expect(chooseCashierHost({}, 'linux', withElectron)).toMatchObject({ kind: 'web', reason: expect.stringMatching(/no display/) });
    expect(chooseCashierHost({ COUNTER_HOST: 'web', DISPLAY: ':0' }, 'linux', withElectron)).toMatchObject({
      kind: 'web',
      reason: expect.stringMatching(/COUNTER_HOST=web/),
    });
  });
});
