import { openEmbeddedDatabaseEarly } from './early-database.ts';

// Before the program and its dependencies load (a dynamic import, so they are not even parsed
// yet): a command that opens the embedded database starts opening it now, on its own thread.
const early = openEmbeddedDatabaseEarly(process.argv, process.env);
const { main } = await import('./program.ts');
const code = await main(process.argv, { early });
await early?.release();
process.exitCode = code;
// A command that failed (e.g. PostgreSQL or Redis unreachable) may leave a client retrying in
// the background; it must not keep the process alive past its one-line error. Successful
// commands close what they opened and end on their own (`web`, `worker` return only after SIGTERM).
if (code !== 0) setTimeout(() => process.exit(code), 1000).unref();
