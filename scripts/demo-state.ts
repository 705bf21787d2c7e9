import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** What `npm start` remembers between runs (data/demo.json), so a second start reuses everything. */
const DemoStateSchema = Type.Object({
  adminToken: Type.String({ minLength: 16 }),
  catalogSeeded: Type.Boolean(),
  /** The purchase receipt number of the opening stock, once it is in. */
  openingStock: Type.Union([Type.String(), Type.Null()]),
  /** The business profile is set (absent in a demo folder from before the demo set it). */
  invoiceProfileSet: Type.Optional(Type.Boolean()),
});
export type DemoState = Static<typeof DemoStateSchema>;

export function loadDemoState(file: string): DemoState {
  if (existsSync(file)) {
    const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (Value.Check(DemoStateSchema, stored)) return stored;
    throw new Error(`${file} is not what npm start wrote; move it away to set the demo up afresh.`);
  }
  return { adminToken: randomBytes(24).toString('hex'), catalogSeeded: false, openingStock: null, invoiceProfileSet: false };
}

export function saveDemoState(file: string, state: DemoState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
