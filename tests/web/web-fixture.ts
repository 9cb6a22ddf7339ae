import type { FastifyInstance } from 'fastify';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { insertFixture, type Fixture } from '../report/fixture.ts';
import { buildWebServer, type WebDeps } from '../../src/web/server.ts';
import { createBriefRequester } from '../../src/web/brief-requests.ts';
import { createOperatorActions } from '../../src/web/operator-actions.ts';
import { createToken } from '../../src/access/tokens.ts';
import { revokeToken } from '../../db/queries/access.ts';
import { getOrRenderBrief } from '../../src/report/index.ts';
import { silentLogger } from '../../src/log.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';

export interface WebFixture {
  readonly t: TestDb;
  readonly fx: Fixture;
  readonly app: FastifyInstance;
  readonly tokens: { analyst: string; operator: string; revoked: string; metrics: string };
  readonly briefs: { it: number; en: number };
  readonly quarantinedId: number;
  close(): Promise<void>;
}

/** A drift report as the extractor records it on a quarantined release (shape of a DistrettiError's toJSON()). */
export const DRIFT_REPORT = {
  name: 'LayoutDriftError',
  code: 'EXTRACT_LAYOUT_DRIFT',
  disposition: 'not-retryable',
  message: 'table "Poli tecnologici" not found on any page: headings changed',
  context: { page: 4, table: 'poli-tecnologici', nearMatches: ['Poli tecnologici ER'] },
};

/**
 * The web over a real database schema with the report fixture (two loaded notes, one
 * quarantined), two rendered briefs of Mirandola 2025Q1 and one token per role.
 */
export async function startWebFixture(
  configure: (db: TestDb['db']) => Promise<Partial<WebDeps>> = async () => ({}),
): Promise<WebFixture> {
  const t = await createTestDb();
  const fx = await insertFixture(t.db, { source: 'sample' });
  const quarantined = await t.db.selectFrom('releases').select('id').where('status', '=', 'quarantined').executeTakeFirstOrThrow();
  await t.db.updateTable('releases').set({ status_detail: JSON.stringify(DRIFT_REPORT) }).where('id', '=', quarantined.id).execute();
  const log = silentLogger();
  const it = await getOrRenderBrief(t.db, { entitySlug: 'biomedicale-mirandola', year: 2025, quarter: 1, lang: 'it', runId: 'fixture', codeVersion: 'test' });
  const en = await getOrRenderBrief(t.db, { entitySlug: 'biomedicale-mirandola', year: 2025, quarter: 1, lang: 'en', runId: 'fixture', codeVersion: 'test' });
  const tokens = {
    analyst: (await createToken(t.db, 'ada', 'analyst')).token,
    operator: (await createToken(t.db, 'otto', 'operator')).token,
    revoked: (await createToken(t.db, 'rex', 'analyst')).token,
    metrics: (await createToken(t.db, 'prometheus', 'metrics')).token,
  };
  await revokeToken(t.db, 'rex');
  const pipeline = await testPipelineDeps(t.db, 'http://127.0.0.1:9/');
  const app = await buildWebServer({
    db: t.db,
    log,
    briefs: createBriefRequester({ db: t.db, log, codeVersion: 'test' }),
    operator: createOperatorActions({ pipeline }),
    now: () => new Date('2026-01-01T00:00:00Z'),
    ...(await configure(t.db)),
  });
  await app.ready();
  return {
    t,
    fx,
    app,
    tokens,
    briefs: { it: it.briefId, en: en.briefId },
    quarantinedId: quarantined.id,
    async close() {
      await app.close();
      pipeline.cleanup();
      await t.close();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
