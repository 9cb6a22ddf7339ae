import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.ts';

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
});
