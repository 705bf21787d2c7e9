import type { AddCashierArgs } from '../terminal/cashiers/cashier-api';

/** The demo shop's people; their PINs are shown on the sign-in screen (demo mode only). */
export const demoPeople: AddCashierArgs[] = [
  { code: 'ana', name: 'Ana Santos', role: 'cashier', pin: '1111' },
  { code: 'mario', name: 'Mario Reyes', role: 'manager', pin: '9999' },
];
