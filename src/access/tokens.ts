import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccessRole, Database } from '../../db/schema.ts';
import { insertToken, liveTokenByPublicId, touchToken } from '../../db/queries/access.ts';
import { NotRetryableError } from '../errors/distretti-error.ts';

export const ROLES: readonly AccessRole[] = ['analyst', 'operator', 'metrics'];
export type { AccessRole };

/** Who is calling: a live token's identity (never its secret). */
export interface Principal {
  readonly tokenId: number;
  readonly name: string;
  readonly role: AccessRole;
}

/**
 * Token format `dst_<public id>_<secret>`: the public id (8 random bytes) finds the row,
 * the secret (32 random bytes) is compared by digest in constant time. The prefix makes
 * leaked tokens greppable by secret scanners.
 */
const TOKEN_RE = /^dst_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

export function generateToken(): { token: string; publicId: string; secretSha256: string } {
  const publicId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `dst_${publicId}_${secret}`, publicId, secretSha256: sha256Hex(secret) };
}

export function parseToken(token: string): { publicId: string; secret: string } | undefined {
  const m = TOKEN_RE.exec(token);
  return m ? { publicId: m[1]!, secret: m[2]! } : undefined;
}

/** Constant-time equality of two hex digests of equal length. */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export class TokenNameTakenError extends NotRetryableError {
  constructor(name: string) {
    super('ACCESS_TOKEN_NAME_TAKEN', `a token named "${name}" already exists (revoked tokens keep their name); pick another --name`, { name });
  }
}

/** Creates a token; returns the clear token, which is shown once and never stored. */
export async function createToken(db: Kysely<Database>, name: string, role: AccessRole): Promise<{ token: string; id: number }> {
  const t = generateToken();
  const row = await insertToken(db, { name, role, publicId: t.publicId, secretSha256: t.secretSha256 });
  if (!row) throw new TokenNameTakenError(name);
  return { token: t.token, id: row.id };
}

/** The principal behind a presented token, or undefined (malformed, unknown, revoked or wrong secret). */
export async function authenticateToken(db: Kysely<Database>, token: string): Promise<Principal | undefined> {
  const parsed = parseToken(token.trim());
  if (!parsed) return undefined;
  const row = await liveTokenByPublicId(db, parsed.publicId);
  if (!row || !digestsEqual(row.secretSha256, sha256Hex(parsed.secret))) return undefined;
  await touchToken(db, row.id);
  return { tokenId: row.id, name: row.name, role: row.role };
}
