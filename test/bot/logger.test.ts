import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';

describe('logger', () => {
  it('should redact secrets and tokens wherever they appear', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      { headers: { authorization: 'Bearer abc.def' }, password: 'hunter2', graph: { clientSecret: 's3cret', token: 'tok' }, runId: 'r1' },
      'hello',
    );
    const out = lines.join('');
    expect(out).toContain('"runId":"r1"');
    for (const secret of ['abc.def', 'hunter2', 's3cret', '"tok"']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('should follow the level it is given', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('warn', sink);
    log.info('quiet');
    log.warn('loud');
    expect(lines).toHaveLength(1);
  });
});
