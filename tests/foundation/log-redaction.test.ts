import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.ts';
import { ForbiddenHostError } from '../../src/extract/http/errors.ts';
import { stripUrlUserinfo } from '../../src/lib/redact-url.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, log: createLogger({ level: 'info', destination: stream }) };
}

describe('structured logs never carry secrets', () => {
  it('redacts connection strings, cookies and authorization headers, keeps ids', () => {
    const { lines, log } = capture();
    log.child({ jobId: '42', releaseId: 7 }).info(
      {
        databaseUrl: 'postgres://alice:s3cret@db/x',
        redisUrl: 'redis://:hunter2@r:6379',
        headers: { cookie: 'abc=accepted', authorization: 'Bearer tok', 'content-type': 'application/pdf' },
        request: { headers: { 'set-cookie': 'gate=1' } },
      },
      'fetched',
    );
    const out = lines.join('');
    for (const secret of ['s3cret', 'hunter2', 'abc=accepted', 'Bearer tok', 'gate=1']) expect(out).not.toContain(secret);
    const rec = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(rec).toMatchObject({ jobId: '42', releaseId: 7, msg: 'fetched', databaseUrl: '[redacted]' });
    expect((rec.headers as Record<string, string>)['content-type']).toBe('application/pdf');
  });

  it('drops the userinfo of URLs wherever they appear: fields, bindings, messages, errors', () => {
    const { lines, log } = capture();
    const link = 'https://lister:pa55word@publisher.example/monitor.pdf';
    const err = new ForbiddenHostError(link, ['publisher.example']);
    log.child({ listing: 'http://u:v@publisher.example/list' }).warn({ url: link, nested: { finalUrl: link }, err }, `fetch of ${link} refused`);
    const out = lines.join('');
    for (const secret of ['pa55word', 'lister', 'u:v@']) expect(out).not.toContain(secret);
    expect(out).toContain('https://publisher.example/monitor.pdf');
    // the typed error itself no longer carries the credentials (job failure reasons, CLI output)
    expect(err.message).not.toContain('pa55word');
    expect(err.context.url).toBe('https://publisher.example/monitor.pdf');
  });

  it('leaves an @ in a path, query or e-mail alone', () => {
    for (const keep of ['https://h.example/a@b?c=d@e', 'mailto:ops@example.org', 'ops@example.org', 'see https://h.example/x'])
      expect(stripUrlUserinfo(keep)).toBe(keep);
    expect(stripUrlUserinfo('a HTTP://x@h.example and ftp://a:b@c/ d')).toBe('a HTTP://h.example and ftp://c/ d');
  });
});
