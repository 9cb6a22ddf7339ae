// Worker-thread entry of the off-thread brief renderer (render-thread.ts). A worker does not
// inherit the parent's tsx loader (bin/distretti.mjs registers it through the API, and vitest
// transforms only its own threads), so it registers tsx itself before loading the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./render-thread-worker.ts');
