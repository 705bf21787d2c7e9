// The entry of the group writer thread (group-writer.ts): the server runs its TypeScript
// through tsx, so the thread registers the same loader before it loads group-writer-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./group-writer-worker.ts');
