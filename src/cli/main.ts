import { main } from './program.ts';

const code = await main(process.argv);
process.exitCode = code;
// A command that failed (e.g. PostgreSQL or Redis unreachable) may leave a client retrying in
// the background; it must not keep the process alive past its one-line error. Successful
// commands close what they opened and end on their own (`web`, `worker` return only after SIGTERM).
if (code !== 0) setTimeout(() => process.exit(code), 1000).unref();
