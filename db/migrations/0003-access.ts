import { sql, type Kysely } from 'kysely';

/**
 * Access control for the web (issue 11): personal tokens with a role, and browser sessions
 * opened with a token. Secrets are never stored: only SHA-256 digests (tokens and session
 * ids are 256-bit random values, so a plain digest is enough; no slow hash needed).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('access_tokens')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('analyst','operator','metrics')`))
    // The token's public part, used to find the row before the constant-time comparison.
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('secret_sha256', 'text', (c) => c.notNull().check(sql`secret_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('web_sessions')
    .addColumn('id_sha256', 'text', (c) => c.primaryKey().check(sql`id_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('token_id', 'integer', (c) => c.notNull().references('access_tokens.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('web_sessions_token_idx').on('web_sessions').column('token_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('web_sessions').execute();
  await db.schema.dropTable('access_tokens').execute();
}
