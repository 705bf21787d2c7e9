import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { AddCashierArgsSchema } from '../../terminal/cashiers/cashier-api';
import { personCodeOf } from '../../renderer/cashier/person-code';

describe('the code the first manager is kept under, made from the name typed', () => {
  const takes = Compile(AddCashierArgsSchema);
  const asAdded = (name: string) => ({ code: personCodeOf(name), name, role: 'manager' as const, pin: '4321' });

  it('a long Filipino name makes a code the till takes (a walk saw "Signing in did not work.")', () => {
    const name = 'Maria Concepcion Dela Cruz-Villanueva y Bautista Reyes Gonzales';
    expect(personCodeOf(name)).toBe('maria-concepcion-dela-cruz-villa');
    expect(takes.Check(asAdded(name))).toBe(true);
  });

  it('accents are dropped, runs of other characters are one dash, none at either end; nothing left is "manager"', () => {
    expect(personCodeOf('  Ma. Concepción Niño  ')).toBe('ma.-concepcion-nino');
    expect(personCodeOf('José   Rizal!!!')).toBe('jose-rizal');
    expect(personCodeOf('李小龍')).toBe('manager');
    expect(personCodeOf('')).toBe('manager');
    expect(personCodeOf('a'.repeat(31) + ' b')).toBe('a'.repeat(31));
    for (const name of ['Ñoño', '   ', 'x'.repeat(80), 'Ana-Marie O’Brien']) expect(takes.Check(asAdded(name)), name).toBe(true);
  });
});
