// Worker threads start without the parent's TypeScript loader (under vitest, or when the parent
// was started without tsx): register tsx here, as bin/distretti.mjs does, then load the body.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
