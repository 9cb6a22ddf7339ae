import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/**
 * The pool clients of this process by server session, so a load running inside a Kysely
 * transaction can reach that transaction's own `pg` client and stream `COPY … FROM STDIN` on it
 * (Kysely keeps the client private; the copy protocol needs it). Each client gets a random token
 * in a session setting when it connects; a lookup must present the backend pid *and* that token,
 * read through the same Kysely connection, so it can only ever return the very session the
 * transaction runs on. PGlite registers nothing, so loads there keep the INSERT path.
 */
const sessions = new Map<number, { token: string; client: pg.PoolClient }>();

/** The session setting holding a client's token. */
export const COPY_TOKEN_SETTING = 'distretti.copy_token';

/** Tracks every client of `pool` while it is connected. */
export function trackCopyClients(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const pid = (client as unknown as { processID?: number }).processID;
    if (typeof pid !== 'number') return;
    const token = randomUUID();
    // Queued before any query of the pool's user; a failure only means no COPY on this client.
    client.query(`select set_config('${COPY_TOKEN_SETTING}', '${token}', false)`).then(
      () => sessions.set(pid, { token, client }),
      () => undefined,
    );
  });
  pool.on('remove', (client) => {
    const pid = (client as unknown as { processID?: number }).processID;
    if (typeof pid === 'number' && sessions.get(pid)?.client === client) sessions.delete(pid);
  });
}

/** Our client on backend `pid` whose session carries `token`, if any. */
export function copyClientFor(pid: number, token: string | null | undefined): pg.PoolClient | undefined {
  const s = sessions.get(pid);
  return s && token && s.token === token ? s.client : undefined;
}
