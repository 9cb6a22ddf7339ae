import { Option, type Command } from 'commander';
import type { CliContext } from '../context.ts';
import { createToken, ROLES } from '../../access/tokens.ts';
import { listTokens, revokeToken } from '../../../db/queries/access.ts';
import { NotRetryableError } from '../../errors/distretti-error.ts';
import type { AccessRole } from '../../../db/schema.ts';

export class TokenNotFoundError extends NotRetryableError {
  constructor(name: string) {
    super('ACCESS_TOKEN_NOT_FOUND', `no live token named "${name}"; see \`distretti tokens list\``, { name });
  }
}

/** `distretti tokens create|list|revoke`: personal tokens for the web and the API (issue 11). */
export function registerTokens(program: Command, ctx: CliContext): void {
  const tokens = program.command('tokens').description('Create, list and revoke access tokens for the web and the API.');
  tokens
    .command('create')
    .description('Create a token; prints it once, alone on the last line (only its SHA-256 is stored).')
    .requiredOption('--name <name>', 'who or what the token is for (unique)')
    .addOption(new Option('--role <role>', 'analyst (catalogue, downloads, API, briefs) or operator (also operators\' pages); metrics: /metrics only').choices(ROLES).makeOptionMandatory())
    .action(async (opts: { name: string; role: AccessRole }) => {
      const { token } = await ctx.withPipeline((deps) => createToken(deps.db, opts.name, opts.role));
      ctx.out(`created ${opts.role} token "${opts.name}"; it is shown only now, store it safely:`);
      ctx.out(token);
    });
  tokens
    .command('list')
    .description('List tokens (never their secrets): name, role, created, last used, revoked.')
    .action(async () => {
      const rows = await ctx.withPipeline((deps) => listTokens(deps.db));
      const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 19) + 'Z' : '-');
      ctx.out(['name\trole\tcreated\tlast_used\trevoked', ...rows.map((r) => `${r.name}\t${r.role}\t${iso(r.createdAt)}\t${iso(r.lastUsedAt)}\t${iso(r.revokedAt)}`)].join('\n'));
    });
  tokens
    .command('revoke')
    .description('Revoke a token by name: it and its browser sessions stop working at once.')
    .argument('<name>')
    .action(async (name: string) => {
      const ok = await ctx.withPipeline((deps) => revokeToken(deps.db, name));
      if (!ok) throw new TokenNotFoundError(name);
      ctx.out(`revoked token "${name}"`);
    });
}
