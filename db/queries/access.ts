import { sql, type Kysely } from 'kysely';
import type { AccessRole, Database } from '../schema.ts';

export interface TokenRow {
  readonly id: number;
  readonly name: string;
  readonly role: AccessRole;
  readonly publicId: string;
  readonly secretSha256: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

const TOKEN_COLUMNS = ['id', 'name', 'role', 'public_id', 'secret_sha256', 'created_at', 'last_used_at', 'revoked_at'] as const;

type RawToken = { id: number; name: string; role: AccessRole; public_id: string; secret_sha256: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null };
const toToken = (r: RawToken): TokenRow => ({
  id: r.id,
  name: r.name,
  role: r.role,
  publicId: r.public_id,
  secretSha256: r.secret_sha256,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** Inserts a token; undefined when the name is taken (names are unique, revoked ones included). */
export async function insertToken(
  db: Kysely<Database>,
  t: { name: string; role: AccessRole; publicId: string; secretSha256: string },
): Promise<TokenRow | undefined> {
  const row = await db
    .insertInto('access_tokens')
    .values({ name: t.name, role: t.role, public_id: t.publicId, secret_sha256: t.secretSha256 })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning(TOKEN_COLUMNS)
    .executeTakeFirst();
  return row ? toToken(row) : undefined;
}

export async function listTokens(db: Kysely<Database>): Promise<TokenRow[]> {
  return (await db.selectFrom('access_tokens').select(TOKEN_COLUMNS).orderBy('created_at').orderBy('id').execute()).map(toToken);
}

/** The live (not revoked) token with this public id. */
export async function liveTokenByPublicId(db: Kysely<Database>, publicId: string): Promise<TokenRow | undefined> {
  const row = await db.selectFrom('access_tokens').select(TOKEN_COLUMNS).where('public_id', '=', publicId).where('revoked_at', 'is', null).executeTakeFirst();
  return row ? toToken(row) : undefined;
}

/** Revokes a token and ends its sessions at once; false when no live token has this name. */
export async function revokeToken(db: Kysely<Database>, name: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('access_tokens')
      .set({ revoked_at: sql`now()` })
      .where('name', '=', name)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await trx.deleteFrom('web_sessions').where('token_id', '=', row.id).execute();
    return true;
  });
}

export async function touchToken(db: Kysely<Database>, id: number): Promise<void> {
  await db.updateTable('access_tokens').set({ last_used_at: sql`now()` }).where('id', '=', id).execute();
}

export async function insertSession(db: Kysely<Database>, s: { idSha256: string; tokenId: number; expiresAt: Date }): Promise<void> {
  await db.insertInto('web_sessions').values({ id_sha256: s.idSha256, token_id: s.tokenId, expires_at: s.expiresAt }).execute();
}

/** The token behind a live session: unexpired, and its token not revoked (so revoking ends it at once). */
export async function sessionToken(db: Kysely<Database>, idSha256: string, now: Date): Promise<TokenRow | undefined> {
  const row = await db
    .selectFrom('web_sessions as s')
    .innerJoin('access_tokens as t', 't.id', 's.token_id')
    .select(['t.id', 't.name', 't.role', 't.public_id', 't.secret_sha256', 't.created_at', 't.last_used_at', 't.revoked_at'])
    .where('s.id_sha256', '=', idSha256)
    .where('s.expires_at', '>', now)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? toToken(row) : undefined;
}

export async function deleteSession(db: Kysely<Database>, idSha256: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('id_sha256', '=', idSha256).execute();
}

/** Removes expired sessions; returns how many. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const r = await db.deleteFrom('web_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
