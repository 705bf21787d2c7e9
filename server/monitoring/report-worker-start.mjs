// The entry of the report worker thread (report-reader.ts): the server runs its TypeScript
// through tsx, so the worker registers the same loader before it loads report-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./report-worker.ts');
