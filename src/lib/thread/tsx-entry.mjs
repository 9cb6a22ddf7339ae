// Entry of a worker thread started from the TypeScript in src/ (start-thread.ts): a thread does
// not inherit its parent's loader (bin/distretti.mjs registers tsx through its API; vitest
// transforms only its own threads), so it registers tsx, then imports the body named by the
// first extra argv entry, which it removes again. Compiled threads start their body directly.
import { register } from 'tsx/esm/api';

const [body] = process.argv.splice(2, 1);
register();
await import(body);
