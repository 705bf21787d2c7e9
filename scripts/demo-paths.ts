import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../build/renderer-build';

/** Where the demo keeps its files: data/ (or COUNTER_DATA_ROOT), shared by npm start and npm run demo:back-office. */
export const DEMO_DATA = process.env.COUNTER_DATA_ROOT ? resolve(process.env.COUNTER_DATA_ROOT) : join(PROJECT_ROOT, 'data');
export const DEMO_STATE_FILE = join(DEMO_DATA, 'demo.json');
