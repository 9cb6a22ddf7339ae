import { main } from './program.ts';

const code = await main(process.argv);
process.exitCode = code;
// Everything the command opened has been closed or abandoned by now; a client still retrying
// in the background (a dead Redis or PostgreSQL) must not keep the process alive.
setTimeout(() => process.exit(code), 1000).unref();
